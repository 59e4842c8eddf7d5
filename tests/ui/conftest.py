"""GUI fixtures: the real application look (bundled font, theme) over a real station database.

Tests here drive the widgets the way an attendant does (clicks, keys) and check what the
attendant would see, or what ends up in the database and the settings file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from station_app.app import Station
from station_app.ui.launch import make_application
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import PROFILE


@pytest.fixture(scope="session", autouse=True)
def station_look(qapp: QApplication) -> QApplication:
    """pytest-qt's one QApplication, given the app's bundled font and style sheet."""
    return make_application()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    # No worker may outlive the test's database.
    assert task_runner.wait(10_000), "a background task was still running after 10 s"


@pytest.fixture
def set_up_station(station: Station) -> Station:
    """A station whose first-run set-up is done: its profile is saved."""
    station.station.save_profile(PROFILE)
    return station


@pytest.fixture
def window(qtbot: QtBot, set_up_station: Station, runner: TaskRunner) -> Iterator[MainWindow]:
    """The main window, shown and active, as after the attendant starts the app."""
    main = MainWindow(set_up_station, runner)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    yield main
    # Pages with a reader of their own (the visits page): no read outlives the database.
    for reader in main.findChildren(TaskRunner):
        assert reader.wait(10_000), "a page's background read was still running after 10 s"
