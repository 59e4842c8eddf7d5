"""`worker export` and `retention` from the command line (PIPL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station_app.app import open_station
from station_app.cli import main
from station_app.clock import FrozenClock
from station_app.config.settings import RETENTION_YEARS, Settings
from station_app.domain.station import StationProfile
from station_app.i18n import _
from station_app.services.people.worker_data import WorkerInput
from tests.clock_support import frozen_clock


@pytest.fixture
def here(tmp_path: Path, clock: FrozenClock) -> Path:
    """A set-up station with 老王 and 李姐."""
    folder = tmp_path / "luyang"
    station = open_station(folder, clock=clock)
    try:
        station.station.save_profile(StationProfile("HF-LY-0012", "庐阳区驿站"))
        for name, phone in (("老王", "13800001234"), ("李姐", "13900005678")):
            station.workers.register(WorkerInput(name, "sanitation", phone, consent=True))
    finally:
        station.close()
    return folder


def run(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(folder), *args], clock=frozen_clock())
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_the_workers_data_to_the_file(here: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out" / "老王.json"

    code, out, _err = run(here, capsys, "worker", "export", "1", "-o", str(target))

    assert code == 0 and str(target) in out
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)[_("Profile")][_("Phone")] == "13800001234"
    assert "李姐" not in text and "13900005678" not in text


def test_export_of_an_unknown_worker_is_refused_and_writes_nothing(
    here: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "nobody.json"
    code, _out, err = run(here, capsys, "worker", "export", "9", "-o", str(target))
    assert code == 1 and "没有编号为 9 的来访者" in err
    assert not target.exists()


def test_retention_does_nothing_while_off_and_keeps_recent_workers(here: Path, capsys) -> None:
    code, out, _err = run(here, capsys, "retention")
    assert code == 0 and "retention_years" in out
    settings = Settings.load(here / "settings.json")
    settings.set(RETENTION_YEARS, 1)
    settings.save()

    code, out, _err = run(here, capsys, "retention")

    assert code == 0 and (": 0" in out or "：0" in out)  # both registered today: none stale
    code, out, _err = run(here, capsys, "worker", "list")
    assert "老王" in out and "李姐" in out
