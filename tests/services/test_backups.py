"""Backups are checked copies kept in rotation; a restore refuses anything it cannot trust
and leaves the current database untouched until the backup has passed every check."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from station_app.app import Station, closed_station_backups, open_station
from station_app.clock import FrozenClock
from station_app.config.settings import BACKUP_FOLDER
from station_app.domain.errors import ServiceError
from station_app.services.station.backups import DatabaseDamaged
from station_app.services.station.file_check import EarlyCheck


def visit_count(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM visit").fetchone()[0])


def test_a_backup_is_a_sound_copy_with_the_data(station: Station) -> None:
    # Given two visits
    station.checkin.anonymous("sanitation", 2)
    # When a backup is taken
    result = station.backups.back_up()
    # Then it sits in the data folder's backups/ as one file that passes SQLite's check
    assert result.path.parent == station.paths.backups
    assert result.path.name.startswith("station-")
    assert sorted(p.name for p in station.paths.backups.iterdir()) == [result.path.name]
    with sqlite3.connect(result.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert visit_count(result.path) == 2


def test_rotation_keeps_14_daily_and_8_weekly(station: Station) -> None:
    # Given a backup every evening for 70 days, ending on Wednesday 2026-11-25
    last = dt.date(2026, 11, 25)
    days = [last - dt.timedelta(days=n) for n in range(70)]
    for day in reversed(days):
        station.backups.back_up(now=dt.datetime.combine(day, dt.time(20, 0)))
    # And a second one on the last day, later
    station.backups.back_up(now=dt.datetime(2026, 11, 25, 21, 30))
    kept = sorted(p.name for p in station.paths.backups.glob("station-*.sqlite3"))
    # Then the 14 newest days keep their newest backup (the 25th: the 21:30 one) ...
    daily = [f"station-{day:%Y%m%d}-200000.sqlite3" for day in days[1:14]]
    daily.append("station-20261125-213000.sqlite3")
    # ... and the 8 newest weeks theirs: the 25th for this week, then Sundays going back
    sundays = [dt.date(2026, 11, 22) - dt.timedelta(weeks=n) for n in range(7)]
    weekly = [f"station-{day:%Y%m%d}-200000.sqlite3" for day in sundays]
    assert kept == sorted(set(daily) | set(weekly))
    assert "station-20261011-200000.sqlite3" in kept  # the 8th week
    assert "station-20261004-200000.sqlite3" not in kept  # the 9th


def test_the_daily_backup_is_taken_once_a_day(station: Station) -> None:
    morning = dt.datetime(2026, 11, 25, 8, 0)
    first = station.backups.back_up_if_due(now=morning)
    assert first is not None and first.path.exists()
    assert station.backups.back_up_if_due(now=morning.replace(hour=17)) is None
    assert station.backups.back_up_if_due(now=morning + dt.timedelta(days=1)) is not None
    assert len(list(station.paths.backups.glob("station-*.sqlite3"))) == 2


def test_the_chosen_folder_is_used_and_a_missing_stick_falls_back(
    station: Station, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    station.settings.set(BACKUP_FOLDER, str(stick))
    assert station.backups.back_up().path.parent == stick
    stick.rename(tmp_path / "unplugged")
    result = station.backups.back_up()
    assert result.fallback and result.path.parent == station.paths.backups
    # An explicit folder that is missing is refused rather than created
    with pytest.raises(ServiceError):
        station.backups.back_up(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_restore_of_a_good_backup_brings_its_data_back(data_dir: Path, clock: FrozenClock) -> None:
    # Given a backup with one visit, then two more visits after it
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation")
    backup = station.backups.back_up().path
    station.checkin.anonymous("courier", 2)
    backups = station.backups
    station.close()
    # When the backup is restored
    result = backups.restore(backup)
    # Then the station opens with the backup's data and the replaced database is kept
    assert result.restored.visits == 1
    assert result.previous is not None and visit_count(result.previous) == 3
    reopened = open_station(data_dir, clock=clock)
    try:
        assert reopened.checkin.count_visits() == 1
    finally:
        reopened.close()


def _files(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_leftovers_of_interrupted_backups_go_at_the_next_backup(station: Station) -> None:
    # Given what a backup and a restore killed midway yesterday left behind (SQLite's side
    # files too), a backup of another process running now, and files that are not ours
    backups, data = station.paths.backups, station.paths.database.parent
    backups.mkdir(exist_ok=True)
    stale = [
        backups / ".station-20261124-200000.sqlite3.k2j4h5g6.part",
        backups / ".station-20261124-200000.sqlite3.k2j4h5g6.part-journal",
        backups / ".station-20261124-210000.sqlite3.5f3a9c01.part",
        data / ".station.sqlite3.q7w8e9r0.part",
    ]
    running = [
        backups / ".station-20261125-090000.sqlite3.77aa88bb.part",
        data / ".station.sqlite3.abcdefgh.part",
    ]
    others = [backups / ".station-notes.txt", backups / "before-upgrade-0008-x.sqlite3"]
    # A day before the file system's own now (the stamp of a file written this moment).
    (backups / "now").write_bytes(b"")
    day_ago = (backups / "now").stat().st_mtime - 24 * 3600
    (backups / "now").unlink()
    for path in [*stale, *running, *others]:
        path.write_bytes(b"half a database")
    for path in [*stale, *others]:
        os.utime(path, (day_ago, day_ago))
    # When the next backup runs
    result = station.backups.back_up()
    # Then only the stale leftovers are gone, and the new backup left no temporary file
    assert _files(backups) == {result.path.name} | {p.name for p in [running[0], *others]}
    assert not any(path.exists() for path in stale)
    assert (data / ".station.sqlite3.abcdefgh.part").exists()


@pytest.mark.parametrize("mode", [0o600, 0o640], ids=oct)
def test_a_restored_database_keeps_the_permissions_of_the_one_it_replaces(
    data_dir: Path, mode: int
) -> None:
    # Given a station whose database file has its own permissions, and a backup of it
    station = open_station(data_dir)
    backup = station.backups.back_up().path
    backup.chmod(0o644)
    backups, database = station.backups, station.paths.database
    station.close()
    database.chmod(mode)
    # When the backup is restored
    backups.restore(backup)
    # Then the database has the same permissions as before
    assert stat.S_IMODE(database.stat().st_mode) == mode


def test_a_backup_restored_into_an_empty_data_folder_is_a_normal_database(
    data_dir: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    # Given a backup, and a data folder without a database (a new PC)
    station = open_station(data_dir, clock=clock)
    backup = station.backups.back_up().path
    station.close()
    backup.chmod(0o600)
    fresh = tmp_path / "new-pc"
    # When it is restored there
    closed_station_backups(fresh, clock).restore(backup)
    # Then the database file has the permissions of one the app creates, not a temporary
    # file's private ones
    created = tmp_path / "created"
    open_station(created).close()
    expected = stat.S_IMODE((created / "station.sqlite3").stat().st_mode)
    assert stat.S_IMODE((fresh / "station.sqlite3").stat().st_mode) == expected


def _damage(path: Path) -> None:
    """Overwrite the middle of the file, where the tables' pages are."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


def _refused_and_untouched(station: Station, candidate: Path, words: str) -> None:
    database = station.paths.database
    before = database.read_bytes()
    with pytest.raises(ServiceError) as refused:
        station.backups.restore(candidate)
    assert words in str(refused.value)
    assert database.read_bytes() == before
    assert not list(database.parent.glob(".*"))  # no temporary copy left beside it
    assert not list(station.paths.backups.glob("before-restore-*"))


def test_restore_refuses_a_corrupt_backup_and_changes_nothing(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation", 3)
    backup = station.backups.back_up().path
    station.close()
    truncated = backup.with_name("truncated.sqlite3")
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    overwritten = backup.with_name("overwritten.sqlite3")
    overwritten.write_bytes(backup.read_bytes())
    _damage(overwritten)
    for candidate in (truncated, overwritten):
        _refused_and_untouched(station, candidate, str(candidate))
    assert visit_count(station.paths.database) == 3


def test_restore_refuses_a_file_that_is_not_a_station_backup(
    station: Station, tmp_path: Path
) -> None:
    other = tmp_path / "contacts.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contact (name TEXT)")
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all " * 200)
    station.close()
    _refused_and_untouched(station, other, "contacts.sqlite3")
    _refused_and_untouched(station, text, "notes.sqlite3")


def test_restore_refuses_a_backup_from_a_newer_app(station: Station, tmp_path: Path) -> None:
    newer = station.backups.back_up().path
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    station.close()
    _refused_and_untouched(station, newer, newer.name)


def test_a_damaged_database_at_start_names_the_latest_good_backup(
    data_dir: Path, clock: FrozenClock
) -> None:
    # Given a station with a good backup, then a damaged database file
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation", 50)
    older = station.backups.back_up(now=dt.datetime(2026, 11, 1, 20, 0)).path
    latest = station.backups.back_up(now=dt.datetime(2026, 11, 2, 20, 0)).path
    station.close()
    _damage(station.paths.database)
    # When the station is opened
    with pytest.raises(DatabaseDamaged) as damaged:
        open_station(data_dir, clock=clock)
    # Then the message names the newest backup, which restores and opens
    assert damaged.value.backup == latest != older
    assert str(latest) in str(damaged.value)
    station.backups.restore(latest)
    reopened = open_station(data_dir, clock=clock)
    try:
        assert reopened.checkin.count_visits() == 50
    finally:
        reopened.close()
    assert list(station.paths.backups.glob("damaged-*.sqlite3"))


def test_a_damaged_database_is_refused_when_its_check_began_before_the_start(
    data_dir: Path,
    clock,
) -> None:
    # Given a damaged database, whose check the window's start began early (file_check.py)
    station = open_station(data_dir, clock=clock)
    station.checkin.anonymous("sanitation", 50)
    backup = station.backups.back_up().path
    station.close()
    _damage(station.paths.database)
    early = EarlyCheck(station.paths.database, clock.now())
    # When the station is opened with that check
    with pytest.raises(DatabaseDamaged) as damaged:
        open_station(data_dir, early_check=early, clock=clock)
    # Then it is refused all the same, naming the backup to restore
    assert damaged.value.backup == backup
