"""HQ databases for the tests: a SQLite file and, when scripts/dev.sh started one, a real
PostgreSQL server (STATION_TEST_POSTGRES_URL). Each test gets empty tables."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.hq.db import HqDatabase
from station_app.hq.schema import drop_schema

POSTGRES_URL = os.environ.get("STATION_TEST_POSTGRES_URL", "")


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'hq.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def hq_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty HQ database, on each backend in turn."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    if not POSTGRES_URL:
        pytest.skip(
            "PostgreSQL half skipped: STATION_TEST_POSTGRES_URL is not set "
            "(`bash scripts/dev.sh test` starts a server and sets it)"
        )
    db = HqDatabase.open(POSTGRES_URL, create=False)
    drop_schema(db.engine)  # whatever an earlier test left
    db.close()
    yield POSTGRES_URL


@pytest.fixture
def hq_db(hq_url: str) -> Iterator[HqDatabase]:
    db = HqDatabase.open(hq_url)
    yield db
    db.close()
