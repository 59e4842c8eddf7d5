"""借用 on the Inventory page: lend to a worker by card or against a deposit, take back, and
see what is overdue and for how long."""

from __future__ import annotations

import datetime as dt

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from station_app.app import Station
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import LendDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.loans_model import BORROWER, ITEM, OVERDUE, OVERDUE_BACKGROUND
from tests.ui.expected import has_chinese
from tests.ui.keyboard import type_text
from tests.ui.test_checkin_page import NAME, give_card


def umbrellas(station: Station, quantity: int = 2) -> int:
    item = station.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True))
    station.inventory.receive(item.id, quantity)
    return item.id


def open_lend(qtbot: QtBot, window: MainWindow) -> LendDialog:
    window.show_page("inventory")
    qtbot.mouseClick(window.inventory_page.lend_button, Qt.MouseButton.LeftButton)
    dialog = window.inventory.dialog
    assert isinstance(dialog, LendDialog)
    return dialog


def click_take_back(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """归还, which asks first: the question on show."""
    qtbot.mouseClick(window.inventory_page.return_button, Qt.MouseButton.LeftButton)
    box = window.inventory.confirmation
    assert box is not None and box.isVisible()
    return box


def answer(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == text]
    with qtbot.waitSignal(box.finished, timeout=2000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def loan_rows(window: MainWindow, column: int) -> list[str]:
    model = window.inventory.loans_model
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_lend_to_a_worker_by_card_then_take_back(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    item_id = umbrellas(set_up_station)
    card = give_card(set_up_station)
    dialog = open_lend(qtbot, window)
    assert dialog.item.currentText().startswith("雨伞")

    type_text(qtbot, dialog.card, card.card_no)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert loan_rows(window, ITEM) == ["雨伞"]
    assert loan_rows(window, BORROWER) == [NAME]
    assert set_up_station.inventory.item(item_id).stock == 1
    assert NAME in window.inventory_page.notice.text()

    page = window.inventory_page
    page.loans.selectRow(0)
    box = click_take_back(qtbot, window)
    assert "雨伞" in box.text() and NAME in box.text()
    answer(qtbot, box, "归还")
    assert loan_rows(window, ITEM) == []
    assert set_up_station.inventory.item(item_id).stock == 2
    assert page.overdue.text() == "没有借出的物品。"


def test_a_visitor_without_a_card_must_leave_a_deposit(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    umbrellas(set_up_station)
    dialog = open_lend(qtbot, window)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert has_chinese(dialog.problem.text())
    assert loan_rows(window, ITEM) == []

    type_text(qtbot, dialog.deposit, "身份证")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert loan_rows(window, BORROWER) == ["押金：身份证"]


def test_an_unknown_card_is_refused(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    umbrellas(set_up_station)
    dialog = open_lend(qtbot, window)
    type_text(qtbot, dialog.card, "HF-LY-0012-999999")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "HF-LY-0012-999999" in dialog.problem.text()
    assert has_chinese(dialog.problem.text())


def test_overdue_loans_come_first_highlighted_with_how_long(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    item_id = umbrellas(set_up_station, 3)
    now = set_up_station.clock.now()
    lending = set_up_station.lending
    lending.lend(item_id, deposit_note="50 元", now=now - dt.timedelta(minutes=5))
    lent = now - dt.timedelta(days=3)
    lending.lend(item_id, deposit_note="身份证", now=lent, due_at=lent + dt.timedelta(hours=5))

    window.show_page("inventory")

    model = window.inventory.loans_model
    ModelTester(None).check(model)  # type: ignore[no-untyped-call]
    assert loan_rows(window, BORROWER) == ["押金：身份证", "押金：50 元"]
    assert loan_rows(window, OVERDUE) == ["逾期 2 天", ""]
    late = model.index(0, ITEM).data(Qt.ItemDataRole.BackgroundRole)
    assert late is not None and late.name().upper() == OVERDUE_BACKGROUND
    assert model.index(1, ITEM).data(Qt.ItemDataRole.BackgroundRole) is None
    page = window.inventory_page
    assert page.overdue.property("problem") is True
    assert "1" in page.overdue.text() and has_chinese(page.overdue.text())


def lend_three(station: Station) -> list[int]:
    """Three umbrellas lent against deposits, oldest due first: the list's order."""
    item_id = umbrellas(station, 3)
    now = station.clock.now()
    ids = []
    for hours, note in ((5, "押金甲"), (6, "押金乙"), (7, "押金丙")):
        loan = station.lending.lend(
            item_id, deposit_note=note, now=now, due_at=now + dt.timedelta(hours=hours)
        )
        ids.append(loan.id)
    return ids


def open_loan_ids(station: Station) -> list[int]:
    return sorted(loan.id for loan in station.lending.open_loans())


def test_take_back_names_the_borrower_and_item_and_asks_first(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    ids = lend_three(set_up_station)
    window.show_page("inventory")
    page = window.inventory_page
    assert not page.return_button.isEnabled()  # nothing chosen yet

    page.loans.selectRow(1)
    assert page.return_button.isEnabled()
    box = click_take_back(qtbot, window)
    assert "押金乙" in box.text() and "雨伞" in box.text()

    answer(qtbot, box, "取消")  # the way back changes nothing
    assert open_loan_ids(set_up_station) == ids
    assert loan_rows(window, BORROWER) == ["押金：押金甲", "押金：押金乙", "押金：押金丙"]

    box = click_take_back(qtbot, window)
    answer(qtbot, box, "归还")
    assert open_loan_ids(set_up_station) == [ids[0], ids[2]]
    assert "押金乙" in page.notice.text()


def test_after_a_take_back_nothing_stays_chosen_so_a_second_click_returns_nothing(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    ids = lend_three(set_up_station)
    window.show_page("inventory")
    page = window.inventory_page
    page.loans.setFocus()
    page.loans.selectRow(0)
    answer(qtbot, click_take_back(qtbot, window), "归还")

    assert open_loan_ids(set_up_station) == ids[1:]
    assert page.loans.selectionModel().selectedRows() == []
    assert not page.return_button.isEnabled()
    # The list getting the focus again makes a row current, not chosen: still nothing.
    page.loans.setFocus()
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    assert window.inventory.confirmation is None
    assert open_loan_ids(set_up_station) == ids[1:]


def test_a_chosen_loan_stays_chosen_when_another_comes_back(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    ids = lend_three(set_up_station)
    window.show_page("inventory")
    page = window.inventory_page
    page.loans.selectRow(2)  # 押金丙

    # Another loan comes back elsewhere (a scan, another program): the list is read again.
    set_up_station.lending.return_loan(ids[0])
    window.inventory.refresh()

    assert loan_rows(window, BORROWER) == ["押金：押金乙", "押金：押金丙"]
    (chosen,) = page.loans.selectionModel().selectedRows()
    assert chosen.row() == 1
    box = click_take_back(qtbot, window)
    assert "押金丙" in box.text()
    answer(qtbot, box, "归还")
    assert open_loan_ids(set_up_station) == [ids[1]]


def test_the_loan_asked_about_is_the_one_taken_back(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    ids = lend_three(set_up_station)
    window.show_page("inventory")
    page = window.inventory_page
    page.loans.selectRow(0)
    box = click_take_back(qtbot, window)
    page.loans.selectRow(2)  # the list moved under the open question
    answer(qtbot, box, "归还")
    assert open_loan_ids(set_up_station) == ids[1:]
