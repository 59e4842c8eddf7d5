"""A first look at a station's database with the standard library alone: enough for the
sign-in screen (the station's name, who may sign in) while SQLAlchemy, the services and
the pages are still loading, and the schema's newest revision.

Only a file the start-up check has passed is looked at, and only read. Anything out of
the ordinary (no file, an older or newer schema, no profile or no admin yet, a table that
does not read) gives None: the full opening then decides what to do and says why.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from station_app.resources import migrations_dir

_REVISION = re.compile(r"""^revision\b[^=]*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=]*=(.*)$", re.MULTILINE)


def quick_head() -> str | None:
    """The newest revision, read from the migration files' text without Alembic; None when
    they do not read as one line of revisions (then Alembic decides, as it always may)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"""["']([^"']+)["']""", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


@dataclass(frozen=True)
class FirstLook:
    station_code: str
    station_name: str
    # Who may sign in: (id, name, role), active accounts by name, as the sign-in screen
    # lists them.
    attendants: tuple[tuple[int, str, str], ...]


def first_look(database: Path) -> FirstLook | None:
    """The sign-in screen's facts, when ``database`` is a set-up station at the newest
    revision; else None."""
    if not database.is_file():
        return None
    head = quick_head()
    try:
        with closing(sqlite3.connect(database)) as conn:
            stamps = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if head is None or [str(row[0]) for row in stamps] != [head]:
                return None
            profile = conn.execute("SELECT code, name FROM station_profile WHERE id = 1").fetchone()
            rows = conn.execute(
                "SELECT id, name, role FROM attendant WHERE active = 1 ORDER BY name"
            ).fetchall()
    except sqlite3.Error:
        return None
    if profile is None or not any(role == "admin" for _id, _name, role in rows):
        return None
    people = tuple((int(id_), str(name), str(role)) for id_, name, role in rows)
    return FirstLook(station_code=str(profile[0]), station_name=str(profile[1]), attendants=people)
