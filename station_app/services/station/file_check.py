"""SQLite's own check of a database file, and the start-up check run on a thread of its own.

Standard library only: the start-up check begins before the GUI imports Qt, SQLAlchemy and
the pages, and runs beside them (SQLite lets go of Python's lock while it reads), so a
five-year database is checked while the window is being built, not before.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path


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


class EarlyCheck:
    """``quick_check`` of ``database``, started now; ``problem()`` waits for its answer."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._problem: str | None = None
        self._thread = threading.Thread(target=self._run, name="database-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self.database.exists():  # a missing file is a new station
            self._problem = check_file(self.database)

    def problem(self) -> str | None:
        """None when the file is sound (or missing), else what SQLite found."""
        self._thread.join()
        return self._problem
