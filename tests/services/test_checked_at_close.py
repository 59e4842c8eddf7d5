"""The check at a clean close: a five-year file takes most of a second to check, so the app
checks it once the window has closed, and the next start trusts the file only while it is
exactly as that check left it. Whatever wrote it since, it is checked in full again."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.services.station.backups import DatabaseDamaged
from station_app.services.station.file_check import (
    SEAL_DAYS,
    EarlyCheck,
    check_at_start,
    seal_path,
)


def _closed_after_a_day(data_dir: Path, clock: FrozenClock) -> Station:
    """A station whose day ended cleanly: visits written, the database and window closed,
    then the check at the close."""
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation", 5)
    station.checkin.anonymous("courier", 3)
    station.close()
    assert station.backups.seal_after_close()
    return station


def _overwrite_a_page(path: Path) -> None:
    """Another program scribbles over the middle of the file, where the tables are."""
    with path.open("r+b") as stream:
        stream.seek(path.stat().st_size // 2)
        stream.write(b"\xa5" * 4096)


def test_the_next_start_trusts_the_file_its_last_close_checked(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = _closed_after_a_day(data_dir, clock)
    clock.advance(dt.timedelta(hours=14))  # the next morning
    # The start's check is answered without reading the file
    early = EarlyCheck(station.paths.database, clock.now())
    assert early.problem() is None
    assert early.vouched
    reopened = open_station(data_dir, early_check=early, clock=clock)
    try:
        assert reopened.checkin.count_visits() == 8
    finally:
        reopened.close()


def test_a_file_damaged_after_the_close_is_still_refused(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = _closed_after_a_day(data_dir, clock)
    database = station.paths.database
    before = database.stat()
    _overwrite_a_page(database)
    # The scribbler even puts the modification time back as it was
    os.utime(database, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert database.stat().st_size == before.st_size
    clock.advance(dt.timedelta(hours=14))
    assert check_at_start(database, clock.now())[1] is False
    with pytest.raises(DatabaseDamaged):
        open_station(data_dir, early_check=EarlyCheck(database, clock.now()), clock=clock)


@pytest.mark.parametrize("how", ["written by another program", "replaced by a copy"])
def test_a_file_changed_since_the_close_is_checked_in_full(
    data_dir: Path, clock: FrozenClock, how: str
) -> None:
    station = _closed_after_a_day(data_dir, clock)
    database = station.paths.database
    if how == "written by another program":
        with sqlite3.connect(database) as conn:
            conn.execute("CREATE TABLE notes_of_another_program (line TEXT)")
    else:
        copy = database.with_name("copy.sqlite3")
        copy.write_bytes(database.read_bytes())
        copy.replace(database)
    assert check_at_start(database, clock.now()) == (None, False)


def test_a_day_that_did_not_end_cleanly_is_checked_in_full(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = _closed_after_a_day(data_dir, clock)
    database = station.paths.database
    # The next day's session is cut off by a power cut: its writes are still in the log
    crashed = sqlite3.connect(database)
    try:
        crashed.execute("PRAGMA journal_mode=WAL")
        crashed.execute("PRAGMA wal_autocheckpoint=0")
        crashed.execute("CREATE TABLE notes_of_another_program (line TEXT)")
        crashed.commit()
        assert Path(f"{database}-wal").stat().st_size > 0
        assert check_at_start(database, clock.now()) == (None, False)
    finally:
        crashed.close()


def test_an_old_check_does_not_stand_for_a_start(data_dir: Path, clock: FrozenClock) -> None:
    database = _closed_after_a_day(data_dir, clock).paths.database
    clock.advance(dt.timedelta(days=SEAL_DAYS, hours=1))  # the PC stayed off a week
    assert check_at_start(database, clock.now()) == (None, False)
    # The next clean close checks the file again and vouches for it anew
    fresh = open_station(data_dir, clock=clock)
    fresh.close()
    assert fresh.backups.seal_after_close()
    assert check_at_start(database, clock.now()) == (None, True)


def test_a_damaged_file_is_never_sealed(data_dir: Path, clock: FrozenClock) -> None:
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation", 5)
    station.close()
    _overwrite_a_page(station.paths.database)
    assert station.backups.seal_after_close() is False
    assert not seal_path(station.paths.database).exists()


def test_a_seal_that_cannot_be_written_ends_the_day_quietly(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation", 5)
    station.close()
    seal_path(station.paths.database).mkdir()  # something else has taken the seal's name
    assert station.backups.seal_after_close() is False
    assert check_at_start(station.paths.database, clock.now()) == (None, False)
