"""The Inventory page: items with their stock, 新物资 / 入库 / 出库, refusals in Chinese, and
what needs attention highlighted, with a count on the navigation entry."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.app import Station
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import IssueDialog, ItemDialog, ReceiveDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.items_model import ALERT, ALERT_BACKGROUND, NAME, STOCK
from station_app.ui.pages.inventory_page import InventoryController, InventoryPage
from tests.ui.expected import has_chinese
from tests.ui.keyboard import TimedKeys, type_text


@pytest.fixture
def page(window: MainWindow) -> InventoryPage:
    window.show_page("inventory")
    assert window.inventory_page.isVisible()
    return window.inventory_page


@pytest.fixture
def controller(window: MainWindow, page: InventoryPage) -> InventoryController:
    return window.inventory


def row_texts(controller: InventoryController, column: int) -> list[str]:
    model = controller.model
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def nav_text(window: MainWindow) -> str:
    return window.navigation.item(window.page_keys.index("inventory")).text()


def ok(qtbot: QtBot, dialog: ReceiveDialog | IssueDialog | ItemDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_add_an_item_then_receive_it(
    qtbot: QtBot, page: InventoryPage, controller: InventoryController, set_up_station: Station
) -> None:
    # Given an empty inventory, when the attendant adds 饮用水 with a minimum of 5
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert isinstance(dialog, ItemDialog)
    type_text(qtbot, dialog.name, "饮用水")
    type_text(qtbot, dialog.unit, "瓶")
    dialog.minimum.setValue(5)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        ok(qtbot, dialog)

    # Then it is listed with no stock, highlighted, and the navigation says 库存 (1)
    assert row_texts(controller, NAME) == ["饮用水"]
    assert row_texts(controller, STOCK) == ["0"]
    assert controller.model.needs_attention(0)
    assert has_chinese(page.notice.text())

    # When 24 bottles are received, donated
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    receive = controller.dialog
    assert isinstance(receive, ReceiveDialog)
    receive.quantity.setValue(24)
    type_text(qtbot, receive.donor, "红十字会")
    with qtbot.waitSignal(receive.finished, timeout=2000):
        ok(qtbot, receive)

    # Then the stock is 24, nothing needs attention, the badge is gone
    (item,) = set_up_station.inventory.items()
    assert item.stock == 24
    assert row_texts(controller, STOCK) == ["24"]
    assert not controller.model.needs_attention(0)
    assert nav_text(window_of(page)) == "库存"
    assert "24" in page.notice.text()


def window_of(page: InventoryPage) -> MainWindow:
    main = page.window()
    assert isinstance(main, MainWindow)
    return main


def test_issuing_more_than_the_shelf_holds_is_refused_in_chinese(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    item = set_up_station.inventory.create_item(ItemInput("藿香正气水", "heatstroke", "盒"))
    set_up_station.inventory.receive(item.id, 3)
    window.show_page("inventory")
    controller = window.inventory
    controller.select(item.id)

    qtbot.mouseClick(window.inventory_page.issue_button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert isinstance(dialog, IssueDialog)
    dialog.quantity.setValue(5)
    ok(qtbot, dialog)

    # Then the dialog stays open and says why, in Chinese; nothing left the shelf
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert has_chinese(dialog.problem.text())
    assert "藿香正气水" in dialog.problem.text()
    assert set_up_station.inventory.item(item.id).stock == 3

    # And 2 can be issued
    dialog.quantity.setValue(2)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        ok(qtbot, dialog)
    assert set_up_station.inventory.item(item.id).stock == 1
    assert row_texts(controller, STOCK) == ["1"]


def test_alerts_are_highlighted_and_counted_on_the_navigation(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    low = inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=20))
    inventory.receive(low.id, 5)
    soon = inventory.create_item(ItemInput("创可贴", "first_aid", "盒"))
    today = set_up_station.clock.today()
    inventory.receive(soon.id, 4, expires_on=today + dt.timedelta(days=10))
    fine = inventory.create_item(ItemInput("雨伞", "rain_gear", "把", min_stock=1))
    inventory.receive(fine.id, 6, expires_on=today + dt.timedelta(days=300))

    window.inventory.refresh()
    window.on_the_minute()  # written without the app: the badge catches up within a minute

    assert nav_text(window) == "库存 (2)"
    model = window.inventory.model
    ModelTester(None).check(model)  # type: ignore[no-untyped-call]
    marked = {
        str(model.index(row, NAME).data()): model.index(row, NAME).data(
            Qt.ItemDataRole.BackgroundRole
        )
        for row in range(model.rowCount())
    }
    assert marked["雨伞"] is None
    for name in ("饮用水", "创可贴"):
        assert marked[name] is not None and marked[name].name().upper() == ALERT_BACKGROUND
    names = row_texts(window.inventory, NAME)
    reasons = dict(zip(names, row_texts(window.inventory, ALERT), strict=True))
    assert reasons["饮用水"] == "低于最低库存"
    assert reasons["创可贴"].startswith("4 盒将于") and reasons["创可贴"].endswith("到期")
    assert "1 项低于最低库存，1 批将在 30 天内到期" in window.inventory_page.summary.text()

    # When water is received up to its minimum, the badge counts one
    inventory.receive(low.id, 15)
    window.on_the_minute()
    assert nav_text(window) == "库存 (1)"


def test_a_service_tap_updates_the_badge(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    water = set_up_station.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=1))
    set_up_station.inventory.receive(water.id, 1)
    set_up_station.service_log.set_consumption("drinking_water", water.id, 1)
    window.inventory.refresh()
    assert nav_text(window) == "库存"
    window.checkin.chime.enabled = False
    window.checkin.anonymous("sanitation")

    assert window.checkin.give_service("drinking_water")

    assert nav_text(window) == "库存 (1)"


def test_a_scanned_barcode_selects_its_item(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    water = inventory.create_item(ItemInput("饮用水", "drinks", "瓶"))
    tea = inventory.create_item(ItemInput("凉茶", "drinks", "罐", barcode="6901234567892"))
    window.show_page("inventory")
    controller = window.inventory
    controller.select(water.id)
    window.navigation.setFocus()

    TimedKeys().scan("6901234567892")

    current = controller.current()
    assert current is not None and current.id == tea.id
    assert "凉茶" in window.inventory_page.notice.text()
    assert window.current_page_key() == "inventory"

    TimedKeys().scan("0000000000")
    assert has_chinese(window.inventory_page.notice.text())
    assert window.inventory_page.notice.property("problem") is True
    assert QApplication.focusWidget() is window.navigation
