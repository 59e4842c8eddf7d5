"""Shared fixtures: a real station database in a temporary folder, Qt offscreen, and the
app's clock held still at a fixed moment (no test depends on the day it runs)."""

from __future__ import annotations

import os
import time

import tests.faketime_sleep  # noqa: F401 - first: it may replace time.sleep (see there)

# Before anything imports Qt: no screen on CI, and one platform everywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import i18n
from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from tests.clock_support import frozen_clock


@pytest.fixture(autouse=True)
def chinese_by_default() -> Iterator[None]:
    """Every test starts in the default language, whatever the previous one switched to."""
    i18n.install(i18n.DEFAULT_LANGUAGE)
    yield
    i18n.install(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def china_time() -> Iterator[None]:
    """The PC's clock set to Beijing time, so local days differ from UTC days."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "CST-8"  # POSIX form: needs no time zone database
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def clock() -> FrozenClock:
    """The app's clock for this test, standing still at ``clock_support.START``."""
    return frozen_clock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "station-data"


@pytest.fixture
def station(data_dir: Path, clock: FrozenClock) -> Iterator[Station]:
    """A freshly created station database (migrated to head) on the test's clock, closed
    after the test."""
    opened = open_station(data_dir, clock=clock)
    yield opened
    opened.close()
