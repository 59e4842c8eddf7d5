"""The bad-input suite: hypothesis profiles and what "nothing was written" means.

``STATION_FUZZ_PROFILE=quick`` (the default, part of the normal test run: the whole folder in
well under half a minute) or ``nightly`` (thousands of examples per test, for a nightly job):

    STATION_FUZZ_PROFILE=nightly .venv/bin/python -m pytest tests/fuzz -q

The profile is applied to this folder's tests only (``fuzzing``), not loaded globally, so the
other hypothesis tests keep their own settings whichever profile is chosen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, inspect, text

from station_app.app import Station, open_station
from tests.clock_support import frozen_clock

# Real files on disk make an example cost milliseconds, and a shrinking run must not fail
# on timing: no deadline, and no complaint about slow or large examples.
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("quick", max_examples=60, deadline=None, suppress_health_check=_RELAXED)
settings.register_profile(
    "nightly", max_examples=5_000, deadline=None, suppress_health_check=_RELAXED
)

PROFILE = os.environ.get("STATION_FUZZ_PROFILE", "quick")
fuzzing = settings.get_profile(PROFILE)


Dump = dict[str, list[tuple[object, ...]]]


def dump(engine: Engine) -> Dump:
    """Every row of every table, in a stable order: equal dumps mean nothing was written."""
    with engine.connect() as conn:
        return {
            table: sorted(
                (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))), key=repr
            )
            for table in inspect(conn).get_table_names()
        }


def line_bound(data: bytes | str) -> int:
    """The most lines any reader can count in ``data`` (each CR, LF or CRLF ends one)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return raw.count(b"\n") + raw.count(b"\r") + 1


@pytest.fixture(scope="module")
def module_station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """One real station database for all the examples of a module (a fresh one per example
    would cost more than the examples themselves)."""
    opened = open_station(tmp_path_factory.mktemp("fuzz") / "station-data", clock=frozen_clock())
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files an example imports."""
    return tmp_path_factory.mktemp("fuzz-files")
