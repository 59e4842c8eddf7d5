"""Shared fixtures: a real station database in a temporary folder, Qt offscreen."""

from __future__ import annotations

import os

# Before anything imports Qt: no screen on CI, and one platform everywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import i18n
from station_app.app import Station, open_station


@pytest.fixture(autouse=True)
def chinese_by_default() -> Iterator[None]:
    """Every test starts in the default language, whatever the previous one switched to."""
    i18n.install(i18n.DEFAULT_LANGUAGE)
    yield
    i18n.install(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "station-data"


@pytest.fixture
def station(data_dir: Path) -> Iterator[Station]:
    """A freshly created station database (migrated to head), closed after the test."""
    opened = open_station(data_dir)
    yield opened
    opened.close()
