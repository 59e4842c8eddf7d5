"""The window fits the screen it opens on and remembers its place; the text size chosen on
the settings page applies to every page at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QLabel

from station_app.app import Station
from station_app.config.paths import SETTINGS_FILENAME
from station_app.config.settings import TEXT_SIZE, Settings
from station_app.ui.fonts import BASE_POINT_SIZE
from station_app.ui.main_window import WINDOW_STATE_FILE, MainWindow
from station_app.ui.tasks import TaskRunner
from station_app.ui.theme import apply_text_size


@pytest.fixture
def normal_text() -> Iterator[None]:
    """The one QApplication goes back to the normal text size after the test."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_text_size(app, 100)


def placed_window(qtbot: QtBot, station: Station, runner: TaskRunner) -> MainWindow:
    window = MainWindow(station, runner, state_file=station.paths.root / WINDOW_STATE_FILE)
    qtbot.addWidget(window)
    window.show_placed()
    qtbot.waitExposed(window)
    return window


def test_a_small_screen_starts_maximised(
    qtbot: QtBot, set_up_station: Station, runner: TaskRunner
) -> None:
    # Given a screen no larger than 1366×768 (whether every part is then on the screen is
    # checked at 1024×768 and 1366×768 by test_fit.py)
    assert QApplication.primaryScreen().availableGeometry().width() <= 1366

    # When the app starts, then its window is maximised
    window = placed_window(qtbot, set_up_station, runner)
    qtbot.waitUntil(window.isMaximized)


def test_the_window_opens_where_it_was_closed(
    qtbot: QtBot, set_up_station: Station, runner: TaskRunner
) -> None:
    # Given the window was closed once
    first = placed_window(qtbot, set_up_station, runner)
    qtbot.waitUntil(first.isMaximized)
    first.close()
    state = set_up_station.paths.root / WINDOW_STATE_FILE

    # Then its place is kept in the data folder (not the registry)…
    assert state.is_file()
    assert "geometry" in state.read_text(encoding="latin-1")

    # …and the next start opens it the same way
    second = placed_window(qtbot, set_up_station, runner)
    qtbot.waitUntil(second.isMaximized)


def test_a_damaged_window_state_is_passed_over(
    qtbot: QtBot, set_up_station: Station, runner: TaskRunner
) -> None:
    state = set_up_station.paths.root / WINDOW_STATE_FILE
    state.write_text("[General]\ngeometry=not a geometry\n", encoding="utf-8")

    window = placed_window(qtbot, set_up_station, runner)

    qtbot.waitUntil(window.isMaximized)


def test_a_larger_text_size_applies_at_once_to_every_page(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, normal_text: None
) -> None:
    # Given the admin on the settings page
    window.show_page("settings")
    page = window.settings_page
    title = window.checkin_page.findChild(QLabel, "pageTitle")
    assert title is not None
    before = title.fontInfo().pointSizeF()
    assert page.text_size.currentData() == "100"

    # When they choose the largest text
    largest = page.text_size.findData("150")
    page.text_size.setCurrentIndex(largest)
    page.text_size.activated.emit(largest)

    # Then it is saved for the next start…
    assert page.text_size_notice.text() == "已保存。"
    path: Path = set_up_station.paths.root / SETTINGS_FILENAME
    assert Settings.load(path).get(TEXT_SIZE) == "150"
    # …and every page's type is half as large again, without a restart
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
    window.show_page("checkin")
    qtbot.waitUntil(lambda: title.fontInfo().pointSizeF() >= before * 1.4)
    assert window.navigation.width() > 300
