"""`station-app hq …`: register a station, take in a USB stick's folder, print the rollup."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE
from station_app.hq.db import HqDatabase
from station_app.hq.stations import station_for_token
from station_app.i18n import _
from tests.hq.batches import BASIC, Batch, make_batch, new_station, stored_values, with_csv
from tests.reports.tools import needs_poppler, pdf_text


def _hq(tmp_path: Path, *args: str) -> list[str]:
    return ["--data-dir", str(tmp_path / "hq-data"), "hq", *args]


def _database(tmp_path: Path) -> HqDatabase:
    return HqDatabase.open(f"sqlite:///{tmp_path / 'hq-data' / 'hq.sqlite3'}")


def test_station_add_prints_a_token_that_opens_the_door_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    key = new_station("HF-LY-0001")
    key_file = tmp_path / "station.key"
    key_file.write_text(key.key_file, encoding="utf-8")
    command = _hq(tmp_path, "station", "add", "hf-ly-0001", "--name", "龙岗驿站")
    command += ["--district", "龙岗区", "--key", str(key_file)]

    assert main(command, clock=clock) == EXIT_OK
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert "HF-LY-0001" in out
    db = _database(tmp_path)
    try:
        assert station_for_token(db, token) == "HF-LY-0001"
    finally:
        db.close()

    assert main(command, clock=clock) == EXIT_REFUSED
    assert "HF-LY-0001" in capsys.readouterr().err


def test_station_add_refuses_a_file_that_is_not_a_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello\n", encoding="utf-8")

    status = main(
        _hq(tmp_path, "station", "add", "HF-LY-0001", "--name", "x", "--key", str(not_a_key)),
        clock=clock,
    )

    assert status == EXIT_REFUSED
    assert "YZKEY1" in capsys.readouterr().err


def test_ingest_a_folder_stores_the_good_batches_and_names_the_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    key = new_station("HF-LY-0001")
    key_file = tmp_path / "station.key"
    key_file.write_text(key.key_file, encoding="utf-8")
    assert (
        main(
            _hq(tmp_path, "station", "add", key.code, "--name", "龙岗驿站", "--key", str(key_file)),
            clock=clock,
        )
        == EXIT_OK
    )
    stick = tmp_path / "usb"
    stick.mkdir()
    monday = dt.date(2026, 11, 16)
    make_batch(key, day=monday).save(stick)
    make_batch(key, {**BASIC, ("visits", "total"): 30}, day=monday, revision=2).save(stick)
    tuesday: Batch = make_batch(key, day=monday + dt.timedelta(days=1))
    broken = with_csv(
        tuesday, tuesday.csv.replace(b"visits,total,12", b"visits,total,x"), key.private
    )
    broken_name = broken.save(stick).name
    capsys.readouterr()

    status = main(_hq(tmp_path, "ingest", str(stick)), clock=clock)

    out = capsys.readouterr().out
    assert status == EXIT_REFUSED
    assert broken_name in out
    db = _database(tmp_path)
    try:
        assert stored_values(db, key.code, monday)[("visits", "total")] == 30
        assert stored_values(db, key.code, monday + dt.timedelta(days=1)) == {}
    finally:
        db.close()

    assert main(_hq(tmp_path, "ingest", str(stick)), clock=clock) == EXIT_REFUSED
    again = capsys.readouterr().out
    assert again.count(_("already received; nothing added")) == 2
    assert broken_name in again


def test_report_rolls_the_week_up_and_names_the_silent_stations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    key = new_station("HF-LY-0001")
    key_file = tmp_path / "one.key"
    key_file.write_text(key.key_file, encoding="utf-8")
    add = _hq(tmp_path, "station", "add", key.code, "--name", "一号站", "--district", "龙岗区")
    assert main([*add, "--key", str(key_file)], clock=clock) == EXIT_OK
    silent = new_station("HF-LY-0002")
    silent_file = tmp_path / "two.key"
    silent_file.write_text(silent.key_file, encoding="utf-8")
    add = _hq(tmp_path, "station", "add", silent.code, "--name", "二号站", "--district", "坪山区")
    assert main([*add, "--key", str(silent_file)], clock=clock) == EXIT_OK
    stick = tmp_path / "usb"
    stick.mkdir()
    monday = dt.date(2026, 11, 16)  # 2026-W47
    make_batch(key, day=monday).save(stick)
    make_batch(key, {**BASIC, ("visits", "total"): 18}, day=monday + dt.timedelta(days=6)).save(
        stick
    )
    make_batch(key, {**BASIC, ("visits", "total"): 1000}, day=monday + dt.timedelta(days=7)).save(
        stick
    )
    assert main(_hq(tmp_path, "ingest", str(stick)), clock=clock) == EXIT_OK
    target = tmp_path / "rollup.csv"
    capsys.readouterr()

    assert (
        main(_hq(tmp_path, "report", "--week", "2026-W47", "-o", str(target)), clock=clock)
        == EXIT_OK
    )

    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    by_station = {r["code"]: r for r in rows if r["section"] == "visits_by_station"}
    assert (by_station[key.code]["value"], by_station[key.code]["days_reported"]) == ("30", "2")
    assert by_station[silent.code]["value"] == "0"
    assert [r["code"] for r in rows if r["section"] == "not_reported"] == [silent.code]
    occupations = {r["code"]: r["value"] for r in rows if r["section"] == "visits_by_occupation"}
    assert occupations == {"courier": "14", "sanitation": "10"}
    services = {r["code"]: r["value"] for r in rows if r["section"] == "services_by_type"}
    assert services == {"hot_water": "18"}
    districts = {r["district"]: r["value"] for r in rows if r["section"] == "visits_by_district"}
    assert districts == {"龙岗区": "30", "坪山区": "0"}


def test_serve_without_the_hq_extra_says_how_to_install_it(tmp_path: Path) -> None:
    # A fresh interpreter where starlette cannot be imported, as on a station PC.
    script = (
        "import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
        "from station_app.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path / 'hq-data')!r}, 'hq', 'serve']))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )

    assert done.returncode == EXIT_UNUSABLE
    assert 'pip install "station-app[hq]"' in done.stderr


@needs_poppler
def test_report_as_pdf_names_every_station_and_the_silent_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    for code, name in (("HF-LY-0001", "一号站"), ("HF-LY-0002", "二号站")):
        key = new_station(code)
        key_file = tmp_path / f"{code}.key"
        key_file.write_text(key.key_file, encoding="utf-8")
        add = _hq(tmp_path, "station", "add", code, "--name", name, "--district", "龙岗区")
        assert main([*add, "--key", str(key_file)], clock=clock) == EXIT_OK
        if code == "HF-LY-0001":
            stick = tmp_path / "usb"
            stick.mkdir()
            make_batch(key, day=dt.date(2026, 11, 18)).save(stick)
            assert main(_hq(tmp_path, "ingest", str(stick)), clock=clock) == EXIT_OK
    target = tmp_path / "rollup.pdf"

    assert (
        main(_hq(tmp_path, "report", "--week", "2026-W47", "-o", str(target)), clock=clock)
        == EXIT_OK
    )

    text = pdf_text(target)
    silent_section = text.split(_("Stations with days not reported"))[1]
    assert "二号站" in silent_section
    assert "一号站" not in silent_section
    assert "1 / 7" in text


def test_ingest_never_prints_a_batchs_control_characters_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    key = new_station("HF-LY-0001")
    key_file = tmp_path / "station.key"
    key_file.write_text(key.key_file, encoding="utf-8")
    add = _hq(tmp_path, "station", "add", key.code, "--name", "龙岗驿站", "--key", str(key_file))
    assert main(add, clock=clock) == EXIT_OK
    stick = tmp_path / "usb"
    stick.mkdir()
    batch = make_batch(key)
    # A value that would clear the screen and retitle the terminal, quoted in the problem,
    # and a file name that would turn the rest of the output red.
    hostile = with_csv(
        batch,
        batch.csv.replace(b"visits,total,12", b"visits,total,\x1b[2J\x1b]0;x\x07"),
        key.private,
    )
    saved = hostile.save(stick)
    saved.rename(stick / "\x1b[31mred\u202e.manifest.json")
    saved.with_name(saved.name.replace(".manifest.json", ".csv")).rename(
        stick / "\x1b[31mred\u202e.csv"
    )
    capsys.readouterr()

    status = main(_hq(tmp_path, "ingest", str(stick)), clock=clock)

    out = capsys.readouterr().out
    assert status == EXIT_REFUSED
    assert not any(c in out for c in "\x1b\x07\u202e")
    assert "\\x1b[31mred\\u202e.manifest.json" in out
    assert "\\x1b[2J\\x1b]0;x\\x07" in out


@needs_poppler
def test_report_of_a_month_and_a_rebuild_of_the_rollups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    key = new_station("HF-LY-0001")
    key_file = tmp_path / "one.key"
    key_file.write_text(key.key_file, encoding="utf-8")
    add = _hq(tmp_path, "station", "add", key.code, "--name", "一号站", "--district", "龙岗区")
    assert main([*add, "--key", str(key_file)], clock=clock) == EXIT_OK
    stick = tmp_path / "usb"
    stick.mkdir()
    for day in (dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 11, 2)):
        make_batch(key, day=day).save(stick)
    assert main(_hq(tmp_path, "ingest", str(stick)), clock=clock) == EXIT_OK
    capsys.readouterr()

    assert main(_hq(tmp_path, "rebuild-rollups"), clock=clock) == EXIT_OK
    assert capsys.readouterr().out.strip() == _(
        "The rollups were made again from the stored figures."
    )
    assert main(_hq(tmp_path, "report", "--month", "2026-11"), clock=clock) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    visits = next(r for r in rows if r["section"] == "metric" and r["code"] == "visits")
    assert (visits["value"], visits["previous_value"]) == ("24", "12")  # two days; October's one
    occupations = {r["name"]: r["value"] for r in rows if r["section"] == "visits_by_occupation"}
    assert occupations == {_("Courier"): "14", _("Sanitation worker"): "10"}

    target = tmp_path / "month.pdf"
    command = _hq(tmp_path, "report", "--month", "2026-11", "-o", str(target))
    assert main(command, clock=clock) == EXIT_OK
    text = pdf_text(target)
    assert _("Monthly rollup of the stations") in text
    assert _("Courier") in text
    assert main(_hq(tmp_path, "report", "--month", "2026-13"), clock=clock) == EXIT_REFUSED
