"""盘点调整, 报损 and an item's history with undo, from the Inventory page: the stock shown,
the alerts badge and the journal follow; refusals are shown in Chinese and change nothing."""

from __future__ import annotations

import datetime as dt

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from station_app.app import Station
from station_app.domain.enums import MovementKind
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import AdjustDialog, DiscardDialog
from station_app.ui.dialogs.stock_history import DETAILS, KIND, QUANTITY, HistoryDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.items_model import STOCK
from tests.ui.expected import has_chinese
from tests.ui.keyboard import type_text


def nav_text(window: MainWindow) -> str:
    return window.navigation.item(window.page_keys.index("inventory")).text()


def shown_stock(window: MainWindow, item_id: int) -> str:
    model = window.inventory.model
    row = model.row_of(item_id)
    assert row is not None
    return str(model.index(row, STOCK).data())


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def open_for(qtbot: QtBot, window: MainWindow, item_id: int, button: object) -> object:
    window.show_page("inventory")
    window.inventory.select(item_id)
    click(qtbot, button)
    return window.inventory.dialog


def answer(qtbot: QtBot, box: QMessageBox | None, text: str) -> None:
    assert box is not None and box.isVisible()
    (button,) = [b for b in box.buttons() if b.text() == text]
    click(qtbot, button)


def test_adjusting_to_the_count_changes_the_stock_and_the_badge(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    water = inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=10))
    inventory.receive(water.id, 12)
    window.inventory.refresh()
    assert nav_text(window) == "库存"

    dialog = open_for(qtbot, window, water.id, window.inventory_page.adjust_button)
    assert isinstance(dialog, AdjustDialog)
    assert dialog.counted.value() == 12
    dialog.counted.setValue(8)
    assert "-4" in dialog.outcome.text()

    # Without a reason the dialog refuses, in Chinese, and nothing changes
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and has_chinese(dialog.problem.text())
    assert inventory.item(water.id).stock == 12

    type_text(qtbot, dialog.reason, "月末盘点")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        click(qtbot, dialog.ok_button)

    assert shown_stock(window, water.id) == "8"
    assert nav_text(window) == "库存 (1)"  # now below its minimum of 10
    (last, *_older) = inventory.movements(water.id)
    assert (last.kind, last.quantity, last.reason) == (MovementKind.ADJUST.value, -4, "月末盘点")

    # A correction by a number: +5 brings it back above the minimum
    dialog = open_for(qtbot, window, water.id, window.inventory_page.adjust_button)
    assert isinstance(dialog, AdjustDialog)
    click(qtbot, dialog.by_change)
    dialog.change.setValue(5)
    type_text(qtbot, dialog.reason, "找到一箱")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        click(qtbot, dialog.ok_button)
    assert shown_stock(window, water.id) == "13"
    assert nav_text(window) == "库存"


def test_discarding_an_expired_batch_clears_its_alert(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    today = set_up_station.clock.today()
    drops = inventory.create_item(ItemInput("藿香正气水", "heatstroke", "盒"))
    inventory.receive(drops.id, 3, expires_on=today - dt.timedelta(days=2))
    inventory.receive(drops.id, 5, expires_on=today + dt.timedelta(days=200))
    window.on_the_minute()  # written without the app: the badge catches up within a minute
    assert nav_text(window) == "库存 (1)"

    dialog = open_for(qtbot, window, drops.id, window.inventory_page.discard_button)
    assert isinstance(dialog, DiscardDialog)
    # The expired batch is offered first, with all that is left of it
    assert has_chinese(dialog.batch.currentText()) and "3" in dialog.batch.currentText()
    assert dialog.quantity.value() == 3
    type_text(qtbot, dialog.reason, "过期")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        click(qtbot, dialog.ok_button)

    assert shown_stock(window, drops.id) == "5"
    assert nav_text(window) == "库存"
    assert [b.remaining for b in inventory.batches(drops.id)] == [5]


def test_undo_from_the_history_and_a_refused_undo(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    water = inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=5))
    first = inventory.receive(water.id, 6, donor="红十字会")
    inventory.issue(water.id, 2)
    inventory.receive(water.id, 10)
    window.inventory.refresh()
    assert shown_stock(window, water.id) == "14"

    dialog = open_for(qtbot, window, water.id, window.inventory_page.history_button)
    assert isinstance(dialog, HistoryDialog)
    ModelTester(None).check(dialog.model)  # type: ignore[no-untyped-call]
    model = dialog.model
    kinds = [str(model.index(row, KIND).data()) for row in range(model.rowCount())]
    assert kinds == ["入库", "出库", "入库"]  # newest first
    assert [model.index(r, QUANTITY).data() for r in range(3)] == ["+10", "-2", "+6"]
    assert "红十字会" in str(model.index(2, DETAILS).data())

    # Undo the newest receive: the stock goes back, the page and the badge follow
    dialog.table.selectRow(0)
    answer(qtbot, dialog.ask_undo(), "撤销")
    assert shown_stock(window, water.id) == "4"
    assert nav_text(window) == "库存 (1)"
    assert model.rowCount() == 4 and has_chinese(dialog.notice.text())
    assert dialog.notice.property("problem") is False
    assert not dialog.undo_button.isEnabled()  # the undo itself is selected

    # The first receive was issued from: undoing it is refused in Chinese, nothing changes
    row = next(r for r in range(model.rowCount()) if model.movement(r).id == first.movement_id)
    dialog.table.selectRow(row)
    assert dialog.undo_button.isEnabled()
    click(qtbot, dialog.undo_button)
    answer(qtbot, dialog.confirmation, "撤销")
    assert dialog.notice.property("problem") is True
    assert has_chinese(dialog.notice.text())
    assert inventory.item(water.id).stock == 4
    assert len(inventory.movements(water.id)) == 4
    assert shown_stock(window, water.id) == "4"

    # "Keep" in the question changes nothing either
    dialog.table.selectRow(row)
    answer(qtbot, dialog.ask_undo(), "保留")
    assert inventory.item(water.id).stock == 4


def test_the_history_is_loaded_a_page_at_a_time(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    tea = inventory.create_item(ItemInput("茶叶", "drinks", "包"))
    for _n in range(60):
        inventory.receive(tea.id, 1)
    dialog = open_for(qtbot, window, tea.id, window.inventory_page.history_button)
    assert isinstance(dialog, HistoryDialog)
    assert dialog.model.rowCount() == 50
    dialog.table.scrollToBottom()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 60)
