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

# `bash scripts/dev.sh test` (and so CI) sets STATION_NO_SKIPS=1: there every test must run,
# and a skipped one fails the session, named with its reason. A plain `pytest` on a machine
# without, say, the PostgreSQL server still skips and says why (-ra in pyproject.toml).
NO_SKIPS = os.environ.get("STATION_NO_SKIPS", "") not in ("", "0")
SKIPPED: dict[str, str] = {}  # node id -> why


def _note_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    why = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    SKIPPED.setdefault(report.nodeid, why.removeprefix("Skipped: "))


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _note_skip(report)  # a whole module skipped while importing it


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _note_skip(report)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if NO_SKIPS and SKIPPED and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not (NO_SKIPS and SKIPPED):
        return
    terminalreporter.write_sep(
        "=", f"{len(SKIPPED)} skipped, but STATION_NO_SKIPS=1 wants every test run", red=True
    )
    for nodeid, why in SKIPPED.items():
        terminalreporter.write_line(f"SKIPPED {nodeid}: {why}")


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
