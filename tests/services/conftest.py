"""Fixtures for the use cases: a set-up station, local time in China, row counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from station_app.app import Station
from station_app.domain.station import StationProfile
from station_app.hq.db import HqDatabase
from station_app.services.people.worker_data import WorkerInput, WorkerView
from tests.hq.conftest import sqlite_url
from tests.services.helpers import STATION_CODE
from tests.services.sync_support import fill_demo, register_at_hq


@pytest.fixture
def ready(station: Station, china_time: None) -> Station:
    """A station whose first-run set-up is done (its code is on every card it issues)."""
    station.station.save_profile(StationProfile(STATION_CODE, "庐阳区环卫工人爱心驿站"))
    return station


@pytest.fixture
def register(ready: Station) -> Callable[..., WorkerView]:
    """Register a worker with sensible defaults: ``register("老王", phone="138…")``."""

    def _register(name: str = "老王", occupation: str = "sanitation", **fields: Any) -> WorkerView:
        data = WorkerInput(name, occupation, consent=True, **fields)
        return ready.workers.register(data)

    return _register


@pytest.fixture
def row_counts(station: Station) -> Callable[[], dict[str, int]]:
    """Rows in every table: what "nothing was written" means."""

    def _counts() -> dict[str, int]:
        with station.db.engine.connect() as conn:
            return {
                table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in inspect(conn).get_table_names()
            }

    return _counts


# -- sending summaries to HQ (test_sync.py, test_sync_faults.py) ----------------------------


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HqDatabase]:
    """HQ's database, SQLite in the test's folder."""
    db = HqDatabase.open(sqlite_url(tmp_path))
    yield db
    db.close()


@pytest.fixture
def token(hq: HqDatabase, ready: Station) -> str:
    """The station registered at HQ with its real public key; its upload token."""
    return register_at_hq(hq, ready)


@pytest.fixture
def days(ready: Station) -> list[dt.date]:
    """Closed demo days at the station."""
    return fill_demo(ready)
