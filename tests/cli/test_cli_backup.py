"""`station-app backup` for a scheduled task, `station-app restore` for the way back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE


def _visits(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM visit").fetchone()[0])


def test_backup_then_restore_from_the_command_line(tmp_path: Path, capsys, clock) -> None:
    data = tmp_path / "data"
    stick = tmp_path / "usb"
    stick.mkdir()
    base = ["--data-dir", str(data)]
    assert (
        main([*base, "checkin", "--anonymous", "sanitation", "--count", "2"], clock=clock)
        == EXIT_OK
    )
    # A backup onto the stick
    assert main([*base, "backup", "--to", str(stick)], clock=clock) == EXIT_OK
    (backup,) = stick.glob("station-*.sqlite3")
    assert str(backup) in capsys.readouterr().out
    assert main([*base, "checkin", "--anonymous", "sanitation"], clock=clock) == EXIT_OK
    # Without --yes the backup is checked and described, nothing replaced
    assert main([*base, "restore", str(backup)], clock=clock) == EXIT_REFUSED
    assert "--yes" in capsys.readouterr().out
    assert _visits(data / "station.sqlite3") == 3
    assert main([*base, "restore", str(backup), "--yes"], clock=clock) == EXIT_OK
    assert _visits(data / "station.sqlite3") == 2
    assert list((data / "backups").glob("before-restore-*.sqlite3"))


def test_a_damaged_database_says_which_backup_to_restore(tmp_path: Path, capsys, clock) -> None:
    data = tmp_path / "data"
    base = ["--data-dir", str(data)]
    assert (
        main([*base, "checkin", "--anonymous", "sanitation", "--count", "40"], clock=clock)
        == EXIT_OK
    )
    assert main([*base, "backup"], clock=clock) == EXIT_OK
    (backup,) = (data / "backups").glob("station-*.sqlite3")
    database = data / "station.sqlite3"
    database.write_bytes(b"\0" * 4096 + database.read_bytes()[4096:])
    capsys.readouterr()
    # Any command now refuses and names the backup, without a traceback
    assert main([*base, "stock", "list"], clock=clock) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert str(backup) in err and "station-app restore" in err
    assert "Traceback" not in err
    # A backup of the damaged file is refused: it would push good copies out of rotation
    assert main([*base, "backup"], clock=clock) == EXIT_UNUSABLE
    assert main([*base, "restore", str(backup), "--yes"], clock=clock) == EXIT_OK
    assert main([*base, "stock", "list"], clock=clock) == EXIT_OK
    assert _visits(database) == 40


def test_restore_refuses_a_missing_file(tmp_path: Path, capsys, clock) -> None:
    data = tmp_path / "data"
    assert main(
        ["--data-dir", str(data), "restore", str(tmp_path / "none.sqlite3")], clock=clock
    ) == (EXIT_REFUSED)
    assert "none.sqlite3" in capsys.readouterr().err
