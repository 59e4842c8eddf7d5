"""The main window: the places to go, the page on show, and the station's facts below."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
)

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.base import Page
from tests.clock_support import BEIJING
from tests.ui.expected import NAVIGATION, PAGE_KEYS, PROFILE, has_chinese


def navigation_texts(window: MainWindow) -> list[str]:
    nav = window.navigation
    return [nav.item(row).text() for row in range(nav.count())]


def shown_page(window: MainWindow) -> Page:
    page = window.pages.currentWidget()
    assert isinstance(page, Page)
    assert page.isVisible()
    return page


def test_the_navigation_lists_the_places_in_chinese(window: MainWindow) -> None:
    assert navigation_texts(window) == NAVIGATION
    assert window.navigation.isVisible()


def test_the_window_opens_on_check_in(window: MainWindow) -> None:
    assert window.current_page_key() == "checkin"
    assert shown_page(window).title == "签到"


@pytest.mark.parametrize("row", range(len(PAGE_KEYS)), ids=PAGE_KEYS)
def test_clicking_an_entry_shows_its_page(qtbot: QtBot, window: MainWindow, row: int) -> None:
    # Given another page is on show
    window.show_page("settings" if row == 0 else "checkin")

    # When the attendant clicks the entry
    nav = window.navigation
    spot = nav.visualItemRect(nav.item(row)).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=spot)

    # Then its page is shown, under the same title
    assert window.current_page_key() == PAGE_KEYS[row]
    assert shown_page(window).title == NAVIGATION[row]
    assert nav.currentRow() == row


@pytest.mark.parametrize("number", range(1, len(PAGE_KEYS) + 1), ids=PAGE_KEYS)
def test_ctrl_and_a_number_shows_that_page(qtbot: QtBot, window: MainWindow, number: int) -> None:
    window.show_page("settings" if number == 1 else "checkin")

    qtbot.keyClick(
        window, Qt.Key(Qt.Key.Key_0.value + number % 10), Qt.KeyboardModifier.ControlModifier
    )

    assert window.current_page_key() == PAGE_KEYS[number - 1]
    assert shown_page(window).title == NAVIGATION[number - 1]
    # The navigation follows, so the highlighted entry is the page on show.
    assert window.navigation.currentRow() == number - 1


def test_each_entry_tells_its_shortcut(window: MainWindow) -> None:
    nav = window.navigation
    count = len(PAGE_KEYS)
    assert [nav.item(row).toolTip() for row in range(count)] == [
        f"Ctrl+{n % 10}" for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_no_page_is_a_placeholder_any_more(window: MainWindow, key: str) -> None:
    # Every place in the navigation works now: none says it is coming in a later version.
    window.show_page(key)
    page = shown_page(window)

    visible_texts = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    coming = _("This page is coming in a later version. Nothing on it works yet.")
    assert coming not in visible_texts
    enabled_buttons = [
        button for button in page.findChildren(QAbstractButton) if button.isEnabled()
    ]
    assert enabled_buttons, "every page offers something to press"


def test_the_status_bar_shows_station_attendant_and_database(
    window: MainWindow, set_up_station: Station
) -> None:
    station_text = window.station_label.text()
    assert PROFILE.name in station_text
    assert PROFILE.code in station_text

    assert window.attendant_label.text() == _("On duty: nobody signed in")
    assert has_chinese(window.attendant_label.text())

    database = str(set_up_station.paths.database)
    assert database in window.database_label.text()
    assert database in window.database_label.toolTip()

    for label in (window.station_label, window.attendant_label, window.database_label):
        assert label.isVisible()
        assert window.statusBar().isAncestorOf(label)
    assert PROFILE.name in window.windowTitle()


def fits(label: QLabel) -> bool:
    return label.contentsRect().width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_at_the_smallest_size_the_station_name_and_code_are_not_cut_off(
    qtbot: QtBot, window: MainWindow
) -> None:
    # Given a long database path (a Windows user folder) and the window at its smallest
    window.database_label.setText(
        _("Database: {path}").format(
            path="C:\\Users\\庐阳区环卫工人爱心驿站值班电脑\\AppData\\Local\\station-app\\station.sqlite3"
        )
    )
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())

    # Then the station and the attendant stay whole; the path gives way
    qtbot.waitUntil(lambda: fits(window.station_label))
    assert fits(window.attendant_label)
    assert "…" in window.database_label.displayed_text()
    assert window.database_label.toolTip().endswith("station.sqlite3")


def test_a_running_task_keeps_the_station_name_in_sight_and_whole_after(
    qtbot: QtBot, window: MainWindow
) -> None:
    may_end = threading.Event()

    def weekly_report(report: Progress) -> None:
        report(1, 4, "第 1 页")
        may_end.wait(5)

    failures: list[Exception] = []
    window.resize(window.minimumSize())
    try:
        window.runner.run("正在生成第 48 周的周报", weekly_report, lambda _r: None, failures.append)
        qtbot.waitUntil(window.task_progress.isVisible)
        qtbot.waitUntil(lambda: window.task_progress.bar.value() == 1)
        # The station's name gives way to the step, down to its beginning
        station = window.station_label
        qtbot.waitUntil(lambda: window.task_progress.label.displayed_text().endswith("第 1 页"))
        assert PROFILE.name[:3] in station.displayed_text()
        assert station.toolTip() == station.text()
        assert fits(window.attendant_label)
        assert window.task_progress.bar.isVisible()
        assert window.task_progress.bar.width() >= 160
        step = window.task_progress.label
        assert step.displayed_text() == "正在生成第 48 周的周报：第 1 页"
    finally:
        may_end.set()
    qtbot.waitUntil(lambda: not window.task_progress.isVisible())
    assert failures == []
    # Once it is done the name is whole again
    qtbot.waitUntil(lambda: fits(window.station_label))


def test_the_keyboard_reaches_the_navigation_and_moves_through_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    # Given the attendant is typing in the settings page
    window.show_page("settings")
    name = window.settings_page.profile_form.edits["name"]
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    assert name.hasFocus()

    # When they press Tab until the focus comes round to the navigation (the settings page
    # is the longest: its self-check alone has a dozen rows; no field may keep the Tab)
    for _press in range(200):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is window.navigation:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert window.navigation.hasFocus(), "Tab never reached the navigation"

    # Then the arrow keys move between pages
    qtbot.keyClick(window.navigation, Qt.Key.Key_Up)
    assert window.current_page_key() == "sync"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Home)
    assert window.current_page_key() == "checkin"


def test_the_status_bar_date_follows_the_clock(window: MainWindow, clock: FrozenClock) -> None:
    import datetime as dt

    assert window.date_label.text() == "2026年11月24日 星期二 · 2026年第48周"
    clock.set(dt.datetime(2027, 1, 1, 9, 0, tzinfo=BEIJING))
    window.show_date()  # as the minute timer does
    assert window.date_label.text() == "2027年1月1日 星期五 · 2026年第53周"
