"""Expiry on the stock page and the badge: a batch expiring soon or expired is flagged and
listed by the filter, the banner speaks of expiry, and an empty station says it has no
stock rather than that all is well."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.config.settings import EXPIRY_WARNING_DAYS
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import ReceiveDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.items_model import ALERT, NAME
from tests.ui.keyboard import type_text


def nav_item_text(window: MainWindow) -> tuple[str, str]:
    item = window.navigation.item(window.page_keys.index("inventory"))
    return item.text(), item.toolTip()


def names(window: MainWindow) -> list[str]:
    model = window.inventory.model
    return [str(model.index(row, NAME).data()) for row in range(model.rowCount())]


def test_an_empty_station_says_it_has_no_stock(window: MainWindow) -> None:
    window.show_page("inventory")
    summary = window.inventory_page.summary.text()
    assert "还没有库存" in summary
    assert "一切正常" not in summary and "无需留意" not in summary


def test_a_batch_received_expiring_in_15_days_is_flagged_everywhere(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    today = set_up_station.clock.today()
    inventory.create_item(ItemInput("雨衣", "rain_gear", "件"))
    rain = inventory.create_item(ItemInput("雨伞", "rain_gear", "把"))
    inventory.receive(rain.id, 3)
    window.show_page("inventory")
    assert "无需留意" in window.inventory_page.summary.text()
    assert nav_item_text(window)[0] == "库存"

    # When 6 boxes of medicine are received, the expiry typed as the attendant reads it
    medicine = inventory.create_item(ItemInput("感冒药", "first_aid", "盒"))
    window.inventory.refresh()
    window.inventory.select(medicine.id)
    qtbot.mouseClick(window.inventory_page.receive_button, Qt.MouseButton.LeftButton)
    dialog = window.inventory.dialog
    assert isinstance(dialog, ReceiveDialog)
    dialog.quantity.setValue(6)
    qtbot.mouseClick(dialog.has_expiry, Qt.MouseButton.LeftButton)
    expiry = today + dt.timedelta(days=15)
    type_text(qtbot, dialog.expiry.line, expiry.isoformat())
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # Then its row says when the 6 boxes expire, the banner counts a batch expiring soon,
    # and the badge seen from every page counts it and says why
    model = window.inventory.model
    row = model.row_of(medicine.id)
    assert row is not None and model.needs_attention(row)
    assert str(model.index(row, ALERT).data()).startswith("6 盒将于")
    summary = window.inventory_page.summary.text()
    assert "1 批将在 30 天内到期" in summary and "0 批已过期" in summary
    window.show_page("checkin")
    text, tooltip = nav_item_text(window)
    assert text == "库存 (1)" and "1 批临期" in tooltip

    # The filter lists only the items with a batch expired or expiring soon
    window.show_page("inventory")
    filter_box = window.inventory_page.show_filter
    filter_box.setCurrentIndex(filter_box.findText("已过期或临期的"))
    assert names(window) == ["感冒药"]
    filter_box.setCurrentIndex(filter_box.findText("全部物资"))
    assert sorted(names(window)) == sorted(["雨衣", "雨伞", "感冒药"])

    # Twenty days on, the batch has expired and says so
    set_up_station.clock.advance(dt.timedelta(days=20))
    window.on_the_minute()
    window.inventory.refresh()
    assert "1 批已过期" in window.inventory_page.summary.text()
    assert "1 批已过期" in nav_item_text(window)[1]
    row = model.row_of(medicine.id)
    assert row is not None and "过期" in str(model.index(row, ALERT).data())


def test_the_warning_window_is_a_setting(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    today = set_up_station.clock.today()
    medicine = inventory.create_item(ItemInput("感冒药", "first_aid", "盒"))
    inventory.receive(medicine.id, 6, expires_on=today + dt.timedelta(days=45))
    window.on_the_minute()
    assert nav_item_text(window)[0] == "库存"

    # The window is set to 60 days on the settings page (no accounts yet: no sign-in)
    window.show_page("settings")
    page = window.settings_page
    page.expiry_days.selectAll()
    type_text(qtbot, page.expiry_days, "60")
    qtbot.mouseClick(page.save_stock_button, Qt.MouseButton.LeftButton)

    assert set_up_station.settings.get(EXPIRY_WARNING_DAYS) == 60
    assert nav_item_text(window)[0] == "库存 (1)"
    window.show_page("inventory")
    assert "将在 60 天内到期" in window.inventory_page.summary.text()
