"""The facilities self-check on the settings page: the admin marks what is missing or
broken and saves; the page says when the last one was and when the next is owed; an
attendant never sees it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.domain.enums import Role
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import PROFILE
from tests.ui.keyboard import type_text
from tests.ui.test_accounts_gui import sign_in


@pytest.fixture
def desk(station: Station) -> Iterator[Station]:
    """A set-up station with its admin and one attendant, nobody signed in, GUI rules."""
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    station.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    station.accounts.sign_out()
    station.db.duty.console = False
    yield station


def _window(qtbot: QtBot, desk: Station, runner: TaskRunner) -> MainWindow:
    main = MainWindow(desk, runner)
    qtbot.addWidget(main)
    main.resize(1024, 768)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    return main


def _rows(desk: Station, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(desk.paths.database) as conn:
        return conn.execute(sql).fetchall()


def test_the_admin_marks_two_items_broken_and_saves(
    qtbot: QtBot, desk: Station, runner: TaskRunner, clock: FrozenClock
) -> None:
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "王站长", "2580")
    window.show_page("settings")
    form = window.settings_page.self_check
    assert form.isVisible()
    assert form.status.text() == "还没有自查记录：请现在填写。"
    assert form.status.property("problem") is True  # shown in red
    labels = [state.accessibleName() for state in form.states]
    assert labels[:4] == ["驿站标识牌", "空调", "冰箱", "微波炉"]
    for name, note in (("微波炉", "加热不转"), ("评价二维码公示", "二维码被撕掉了")):
        row = labels.index(name)
        form.states[row].setCurrentIndex(1)  # 缺 / 故障
        type_text(qtbot, form.notes[row], note)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.notice.text() == "自查已保存。"
    assert "上次自查：2026-11-24。本季度的自查已完成" in form.status.text()
    assert form.status.property("problem") is False
    assert _rows(desk, "SELECT code, note FROM self_check_item WHERE NOT ok") == [
        ("microwave", "加热不转"),
        ("rating_qr", "二维码被撕掉了"),
    ]
    assert _rows(
        desk, "SELECT a.name FROM self_check s JOIN attendant a ON a.id = s.attendant_id"
    ) == [("王站长",)]
    # The next self-check starts from what this one found.
    assert form.states[labels.index("微波炉")].currentText() == "缺 / 故障"
    assert form.notes[labels.index("微波炉")].text() == "加热不转"


def test_an_attendant_does_not_see_the_self_check(
    qtbot: QtBot, desk: Station, runner: TaskRunner
) -> None:
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "李明", "1357")
    assert window.navigation.item(window.page_keys.index("settings")).isHidden()
    assert not window.settings_page.self_check.isVisible()


def test_a_quarter_later_the_page_says_it_is_due(
    qtbot: QtBot, desk: Station, runner: TaskRunner, clock: FrozenClock
) -> None:
    desk.db.duty.console = True
    desk.self_check.save(desk.self_check.blank())
    desk.db.duty.console = False
    clock.advance(dt.timedelta(days=92))
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "王站长", "2580")
    window.show_page("settings")
    status = window.settings_page.self_check.status.text()
    assert window.settings_page.self_check.status.property("problem") is True
    assert status == "上次自查：2026-11-24。本季度的自查已到期，请在 2027-03-31 前完成。"
