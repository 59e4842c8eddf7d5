"""One program writes a data folder at a time: while another process holds it (as the open
window does), restore and every writing command refuse and name it, read-only commands
still run, and the lock goes with the process that held it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.clock import FrozenClock
from station_app.config.folder_lock import FolderInUse, FolderLock, holder_of

HOLDER = Path(__file__).with_name("lock_holder.py")
ROOT = Path(__file__).resolve().parents[2]


def _visits(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM visit").fetchone()[0])


@pytest.fixture
def station(tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FrozenClock) -> list[str]:
    """A station with two visits and a backup of them; its ``--data-dir`` arguments."""
    base = ["--data-dir", str(tmp_path / "data")]
    assert main([*base, "checkin", "--anonymous", "sanitation", "--count", "2"], clock=clock) == 0
    assert main([*base, "backup"], clock=clock) == EXIT_OK
    capsys.readouterr()
    return base


def _hold(folder: Path, program: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(HOLDER), str(folder), program],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    return child


@pytest.fixture
def window(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the data folder, as the station's window does."""
    child = _hold(tmp_path / "data", "station-app")
    yield child
    if child.poll() is None:
        child.kill()
    child.communicate(timeout=30)


def test_restore_refuses_while_the_folder_is_open_and_says_by_what(
    station: list[str],
    window: subprocess.Popen[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: FrozenClock,
) -> None:
    data = tmp_path / "data"
    (backup,) = (data / "backups").glob("station-*.sqlite3")
    assert main([*station, "checkin", "--anonymous", "sanitation"], clock=clock) == EXIT_REFUSED
    capsys.readouterr()
    # When a restore is asked for while the window has the folder
    assert main([*station, "restore", str(backup), "--yes"], clock=clock) == EXIT_REFUSED
    # Then it is refused, naming the program and its process, and nothing is replaced
    err = capsys.readouterr().err
    assert "station-app" in err and str(window.pid) in err
    assert not list((data / "backups").glob("before-restore-*"))
    # And once that process is gone (killed: the OS lets go of its lock), the restore works
    window.kill()
    window.communicate(timeout=30)
    assert holder_of(data) is None
    assert main([*station, "restore", str(backup), "--yes"], clock=clock) == EXIT_OK


def test_writing_commands_refuse_and_read_only_ones_run_beside_the_window(
    station: list[str],
    window: subprocess.Popen[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: FrozenClock,
) -> None:
    database = tmp_path / "data" / "station.sqlite3"
    # Writing commands are refused, naming the window's process; nothing is written
    for command in (
        ["checkin", "--anonymous", "sanitation"],
        ["worker", "add", "--name", "老王", "--occupation", "sanitation", "--consent"],
        ["demo", "--days", "2"],
        ["sync"],
    ):
        assert main([*station, *command], clock=clock) == EXIT_REFUSED, command
        assert str(window.pid) in capsys.readouterr().err, command
    assert _visits(database) == 2
    # Commands that only read run as usual
    for command in (
        ["worker", "list"],
        ["stock", "list"],
        ["key", "list"],
        ["report", "weekly", "-o", str(tmp_path / "week.pdf")],
        ["backup"],
    ):
        assert main([*station, *command], clock=clock) == EXIT_OK, command
    assert main([*station, "sync", "--status"], clock=clock) in (EXIT_OK, EXIT_REFUSED)
    assert "in use by" not in capsys.readouterr().err
    assert (tmp_path / "week.pdf").exists()


def test_a_second_holder_in_another_process_is_refused_with_the_first_named(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    child = _hold(folder, "station-app demo")
    try:
        with pytest.raises(FolderInUse) as refused, FolderLock(folder, "station-app"):
            pass
        assert refused.value.holder.pid == child.pid
        assert refused.value.holder.program == "station-app demo"
    finally:
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        child.communicate(timeout=30)
    # Released on the way out: the folder is free
    assert holder_of(folder) is None
    with FolderLock(folder, "station-app") as mine:
        assert mine.held
