"""The whole life of a card, as a station lives it: register, print, scan the paper, check in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.app import open_station
from station_app.cli import main
from station_app.clock import FrozenClock
from station_app.domain.station import StationProfile
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from tests.reports.tools import decode, render


@pytest.fixture
def station_folder(tmp_path: Path, clock: FrozenClock) -> Path:
    folder = tmp_path / "station"
    station = open_station(folder, clock=clock)
    station.station.save_profile(StationProfile("HF-LY-0012", "杏花村驿站"))
    for name, occupation in (("张三", "sanitation"), ("李小龙", "delivery_rider")):
        worker = station.workers.register(WorkerInput(name, occupation, consent=True))
        station.cards.issue(worker.id)
    station.close()
    return folder


def test_printed_cards_scan_back_into_check_ins(
    station_folder: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    # Given the attendant prints both workers' cards with the command line
    sheet = tmp_path / "cards.pdf"
    assert (
        main(
            ["--data-dir", str(station_folder), "card", "pdf", "1", "2", "-o", str(sheet)],
            clock=clock,
        )
        == 0
    )

    # When the printed page is photographed/scanned and its QR codes are read
    (page,) = render(sheet, tmp_path / "pages")
    codes = [found.text for found in decode(page)]
    assert len(codes) == 2

    # Then each code checks its worker in, and the second scan is counted once only
    station = open_station(station_folder, clock=clock)
    try:
        names = set()
        for code in codes:
            result = station.checkin.scan(code)
            assert result.status is CheckinStatus.ACCEPTED, result.message
            names.add(result.worker_name)
        assert names == {"张三", "李小龙"}
        assert station.checkin.scan(codes[0]).status is CheckinStatus.ALREADY
        assert station.checkin.today().visits == 2
    finally:
        station.close()


def test_an_e_card_picture_checks_in_too(
    station_folder: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    picture = tmp_path / "ecard.png"
    assert (
        main(
            ["--data-dir", str(station_folder), "card", "png", "2", "-o", str(picture)], clock=clock
        )
        == 0
    )
    (found,) = decode(picture)
    code = found.text
    assert main(["--data-dir", str(station_folder), "checkin", code], clock=clock) == 0


def test_printing_a_worker_without_a_card_is_refused_in_chinese(
    station_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    station = open_station(station_folder, clock=clock)
    station.workers.register(WorkerInput("王五", "courier", consent=True))
    station.close()
    target = tmp_path / "none.pdf"
    assert (
        main(
            ["--data-dir", str(station_folder), "card", "pdf", "3", "-o", str(target)], clock=clock
        )
        == 1
    )
    assert "没有可打印" in capsys.readouterr().err
    assert not target.exists()


def test_card_issue_after_a_revocation_list_naming_the_next_numbers(
    station_folder: Path, tmp_path: Path
) -> None:
    """The real program in its own process: no Traceback, a fresh number each time."""
    station = open_station(station_folder)
    own = station.keyring.own_key_id()
    for name in ("王五", "赵六"):
        station.workers.register(WorkerInput(name, "courier", consent=True))
    station.close()
    listing = tmp_path / "revoked.csv"
    listing.write_text(
        "key_id,card_no,revoked_on,reason\n"
        f"{own},HF-LY-0012-000003,2026-11-20,lost\n"
        f"{own},HF-LY-0012-999999,2026-11-20,typo\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "station_app", "--data-dir", str(station_folder)]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, check=False
        )

    assert run("revocations", "import", str(listing)).returncode == 0
    issued = [run("card", "issue", worker) for worker in ("3", "4")]
    assert [(done.returncode, done.stderr) for done in issued] == [(0, ""), (0, "")]
    assert "HF-LY-0012-1000000" in issued[0].stdout
    assert "HF-LY-0012-1000001" in issued[1].stdout
