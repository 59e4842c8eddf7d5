"""SQLite's own check of a database file, and the start-up check run on a thread of its own.

Standard library only: the start-up check begins before the GUI imports Qt, SQLAlchemy and
the pages, and runs beside them (SQLite lets go of Python's lock while it reads), so a
five-year database is checked while the window is being built, not before.

The check at a clean close. A five-year station's file takes ``quick_check`` most of a
second (more on a busy machine), longer than the rest of the start together. So the app
checks the file when the window has closed and the database is closed (``seal_after_close``),
and records beside it (``<database>-checked``) the file's size, modification and change
times and inode as they were after that check. The next start trusts a file that still
has them all, with no write-ahead log or journal holding anything beside it: the same
file, not written since the check, by the app or anything else. Anything else (a crash or
a power cut during the day, a restore, a copy, a file from another PC, a write by another
program, a seal older than ``SEAL_DAYS``) is checked in full at the start, as before. The
file system's modification times tell writes apart; they say nothing about a disk that
decays while the PC is off, which is why a seal is only honoured for a few days.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from contextlib import closing, suppress
from pathlib import Path

from station_app.atomic_file import atomic_write_text

# The files SQLite keeps beside a database while it is open; any of them left holding
# something means the file was not closed cleanly.
SIDE_FILES = ("-wal", "-shm", "-journal")
SEAL_SUFFIX = "-checked"
# How long a check at a clean close stands in for the check at a start.
SEAL_DAYS = 7
_SEAL_ATTEMPTS = 1000


def check_file(path: Path, *, thorough: bool = False) -> str | None:
    """None when SQLite finds ``path`` sound, else what it found (``thorough``: every index)."""
    pragma = "PRAGMA integrity_check" if thorough else "PRAGMA quick_check"
    try:
        with closing(sqlite3.connect(path)) as conn:
            rows = conn.execute(pragma).fetchmany(3)
    except sqlite3.Error as exc:
        return str(exc)
    found = "; ".join(str(row[0]) for row in rows)
    return None if found == "ok" else found


def seal_path(database: Path) -> Path:
    return Path(f"{database}{SEAL_SUFFIX}")


def _identity(database: Path) -> dict[str, int] | None:
    """What changes when anything writes the file or puts another in its place."""
    try:
        status = database.stat()
    except OSError:
        return None
    identity = {
        "size": status.st_size,
        "modified_ns": status.st_mtime_ns,
        "inode": status.st_ino,
        "device": status.st_dev,
    }
    if os.name == "posix":  # the inode's change time: no program can set it back
        identity["changed_ns"] = status.st_ctime_ns
    return identity


def _closed_cleanly(database: Path) -> bool:
    """No write-ahead log or journal beside the file holds anything (``-shm`` is an index
    of the log, rebuilt from it: it counts only with a log)."""
    for suffix in ("-wal", "-journal"):
        side = Path(f"{database}{suffix}")
        try:
            if side.stat().st_size > 0:
                return False
        except FileNotFoundError:
            continue
        except OSError:
            return False
    return True


def _read_seal(database: Path) -> dict[str, object] | None:
    try:
        found = json.loads(seal_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def vouched(database: Path, now: dt.datetime) -> bool:
    """True when a check at a clean close, at most ``SEAL_DAYS`` before ``now``, found
    ``database`` sound, and the file has not been written or replaced since."""
    seal = _read_seal(database)
    if seal is None or not _closed_cleanly(database):
        return False
    try:
        checked = dt.datetime.fromisoformat(str(seal.get("checked_at")))
    except ValueError:
        return False
    if checked.tzinfo is None or not dt.timedelta(0) <= now - checked <= dt.timedelta(
        days=SEAL_DAYS
    ):
        return False
    identity = _identity(database)
    if identity is None or seal.get("file") != identity:
        return False
    # A file system stamps times in ticks of some milliseconds: a write in the tick the
    # seal was made in could leave the times it recorded. Only a file last written in an
    # earlier tick than the seal's own is vouched for; a write after the seal then always
    # shows (a small file, checked in a moment, is simply checked again at the start).
    try:
        sealed_ns = seal_path(database).stat().st_mtime_ns
    except OSError:
        return False
    return max(identity["modified_ns"], identity.get("changed_ns", 0)) < sealed_ns


def _forget_seal(database: Path) -> None:
    """Remove the seal; one that cannot be removed (a folder in its place, no rights) is left:
    it names the file as it was, so it vouches for nothing once the file has changed."""
    with suppress(OSError):
        seal_path(database).unlink(missing_ok=True)


def seal_after_close(database: Path, now: dt.datetime) -> bool:
    """Once the app has closed ``database``: check it and, when sound, record that beside it
    for the next start (see the module's note). True when the file is sealed.

    A file still sealed (nothing written since its check) is left as it is; a seal that
    no longer fits is removed first, so a check that fails or is cut short leaves none."""
    if not database.exists() or not _closed_cleanly(database):
        _forget_seal(database)
        return False
    if vouched(database, now):
        return True
    _forget_seal(database)
    before = _identity(database)
    problem = check_file(database)
    # Another program may have opened the file while it was being checked.
    if problem is not None or before is None or _identity(database) != before:
        return False
    seal = json.dumps({"checked_at": now.astimezone(dt.UTC).isoformat(), "file": before})
    # The seal must be stamped in a later tick of the file system's clock than the file
    # (see ``vouched``); a small file is checked within the tick it was closed in, so the
    # seal is written again until the clock has moved on (a few milliseconds at most).
    for _attempt in range(_SEAL_ATTEMPTS):
        try:
            with atomic_write_text(seal_path(database)) as stream:
                stream.write(seal)
        except OSError:
            return False  # a full disk: the next start checks the file in full
        if vouched(database, now):
            return True
    _forget_seal(database)
    return False


class EarlyCheck:
    """``quick_check`` of ``database``, started now, unless a check at the last clean close
    vouches for it; ``problem()`` waits for its answer."""

    def __init__(self, database: Path, now: dt.datetime) -> None:
        self.database = database
        self.now = now
        self.vouched = False  # the answer came from the seal of the last clean close
        self._problem: str | None = None
        self._thread = threading.Thread(target=self._run, name="database-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._problem, self.vouched = check_at_start(self.database, self.now)

    def problem(self) -> str | None:
        """None when the file is sound (or missing), else what SQLite found."""
        self._thread.join()
        return self._problem


def check_at_start(database: Path, now: dt.datetime) -> tuple[str | None, bool]:
    """The start-up check: (what SQLite found or None, whether the seal of the last clean
    close answered instead of a check). A missing file is a new station."""
    if not database.exists():
        return None, False
    if vouched(database, now):
        return None, True
    return check_file(database), False
