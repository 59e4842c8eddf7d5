"""Date fields take a typed date as typed, refuse one that does not exist, and open a
calendar in the UI language; every page and dialog uses the same field."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QCalendarWidget

from station_app import i18n
from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import ReceiveDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.widgets.date_edit import DateEdit, date_edit, day_in, parse_day
from tests.ui.expected import has_chinese
from tests.ui.keyboard import clear, type_text


def open_receive(qtbot: QtBot, window: MainWindow, station: Station) -> ReceiveDialog:
    station.inventory.create_item(ItemInput(name="感冒药", category="first_aid", unit="盒"))
    window.show_page("inventory")
    qtbot.mouseClick(window.inventory_page.receive_button, Qt.MouseButton.LeftButton)
    dialog = window.inventory.dialog
    assert isinstance(dialog, ReceiveDialog)
    dialog.quantity.setValue(6)
    qtbot.mouseClick(dialog.has_expiry, Qt.MouseButton.LeftButton)
    return dialog


@pytest.mark.parametrize("typed", ["2026-12-20", "2026/12/20", "2026.12.20", "20261220"])
def test_a_typed_expiry_date_is_saved_as_typed(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, clock: FrozenClock, typed: str
) -> None:
    # Given the receive dialog with "has an expiry date" ticked (it suggests a day a year on)
    dialog = open_receive(qtbot, window, set_up_station)
    assert dialog.expiry.line.selectedText() == dialog.expiry.line.text()  # typing replaces it

    # When the attendant types the date on the box and presses OK
    type_text(qtbot, dialog.expiry.line, typed)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # Then the batch expires on that very day, year included
    (item,) = set_up_station.inventory.items()
    assert [b.expiry for b in set_up_station.inventory.batches(item.id)] == [dt.date(2026, 12, 20)]


def test_an_impossible_date_is_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    dialog = open_receive(qtbot, window, set_up_station)
    type_text(qtbot, dialog.expiry.line, "2026-02-30")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # The dialog stays, says why under the field, and nothing was received
    assert dialog.isVisible()
    assert dialog.expiry.problem_label.isVisible()
    assert has_chinese(dialog.expiry.problem_label.text())
    assert "2026-02-30" in dialog.expiry.problem_label.text()
    (item,) = set_up_station.inventory.items()
    assert item.stock == 0

    # Put right, the message goes and the day is saved
    clear(qtbot, dialog.expiry.line)
    assert not dialog.expiry.problem_label.isVisible()
    type_text(qtbot, dialog.expiry.line, "2026-02-28")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [b.expiry for b in set_up_station.inventory.batches(item.id)] == [dt.date(2026, 2, 28)]


def test_a_typed_day_filters_a_page_and_a_wrong_one_keeps_the_last(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    # Given the audit page, whose "from" day is typed over and confirmed with Enter
    window.show_page("audit")
    start = window.audit_page.start
    start.line.setFocus()
    clear(qtbot, start.line)
    with qtbot.waitSignal(start.dateChanged, timeout=1000):
        type_text(qtbot, start.line, "2025-03-01")
        qtbot.keyClick(start.line, Qt.Key.Key_Return)
    assert day_in(start) == dt.date(2025, 3, 1)

    # When a day that does not exist is typed, the field says so and keeps 1 March
    clear(qtbot, start.line)
    type_text(qtbot, start.line, "2025-13-01")
    qtbot.keyClick(start.line, Qt.Key.Key_Return)
    assert start.problem_label.isVisible() and has_chinese(start.problem_label.text())
    assert day_in(start) == dt.date(2025, 3, 1)


def test_no_page_has_a_spin_box_date_field(window: MainWindow) -> None:
    for key in window.page_keys:  # each page is built when first shown
        window.show_page(key)
    fields = window.findChildren(DateEdit)
    assert len(fields) >= 8  # visits, services, reports and audit: two each
    # QDateEdit is a spin box; no other date input may remain
    assert not [
        w
        for w in window.findChildren(QAbstractSpinBox)
        if w.metaObject().className() == "QDateEdit"
    ]


@pytest.mark.parametrize(
    ("language", "month"),
    [("zh_CN", "十二月"), ("en", "December")],
)
def test_the_calendar_speaks_the_ui_language(qtbot: QtBot, language: str, month: str) -> None:
    i18n.install(language)
    edit = date_edit(dt.date(2026, 12, 20))
    qtbot.addWidget(edit)
    edit.show()
    menu = edit.calendar_button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    calendar = edit.findChild(QCalendarWidget) or edit.calendar
    assert calendar.locale().language() == QLocale(language).language()
    assert calendar.locale().standaloneMonthName(12) == month
    assert calendar.selectedDate().toPython() == dt.date(2026, 12, 20)

    # Picking a day on it sets the field
    with qtbot.waitSignal(edit.dateChanged, timeout=1000):
        calendar.clicked.emit(calendar.selectedDate().addDays(3))
    assert edit.line.text() == "2026-12-23"


def test_parse_day_reads_the_usual_spellings() -> None:
    for text in ("2026-12-20", " 2026/12/20 ", "2026.12.20", "20261220", "2026年12月20日"):
        assert parse_day(text) == dt.date(2026, 12, 20), text
    assert parse_day("2026-1-5") == dt.date(2026, 1, 5)
    for text in ("", "12/20/2026", "2026-02-30", "2026-13-01", "abc"):
        assert isinstance(parse_day(text), str), text
