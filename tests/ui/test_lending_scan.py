"""Taking things back by scanning on the Inventory page: an item's barcode returns its
oldest loan, a worker's card returns everything they borrowed; anything else is refused in
Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from station_app.app import Station
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.main_window import MainWindow
from station_app.ui.models.loans_model import BORROWER, ITEM
from tests.ui.expected import has_chinese
from tests.ui.keyboard import TimedKeys
from tests.ui.test_checkin_page import NAME, give_card

UMBRELLA_CODE = "6920000000017"


def loan_rows(window: MainWindow, column: int) -> list[str]:
    model = window.inventory.loans_model
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def lendable(station: Station, name: str, unit: str, quantity: int, barcode: str = "") -> int:
    item = station.inventory.create_item(
        ItemInput(name, "rain_gear", unit, barcode=barcode, lendable=True)
    )
    station.inventory.receive(item.id, quantity)
    return item.id


def on_the_page(window: MainWindow) -> None:
    window.show_page("inventory")
    window.navigation.setFocus()


def test_scanning_a_lent_items_barcode_takes_back_its_oldest_loan(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    umbrella = lendable(set_up_station, "雨伞", "把", 3, UMBRELLA_CODE)
    lending = set_up_station.lending
    now = set_up_station.clock.now()
    lent = now - dt.timedelta(days=2)
    lending.lend(umbrella, deposit_note="身份证", now=lent, due_at=lent + dt.timedelta(hours=5))
    lending.lend(umbrella, deposit_note="50 元", now=now - dt.timedelta(minutes=10))
    on_the_page(window)
    page = window.inventory_page
    assert loan_rows(window, BORROWER) == ["押金：身份证", "押金：50 元"]
    assert page.overdue.property("problem") is True

    TimedKeys().scan(UMBRELLA_CODE)

    # The oldest loan (the overdue one) is back; the notice says whose it was
    assert loan_rows(window, BORROWER) == ["押金：50 元"]
    assert set_up_station.inventory.item(umbrella).stock == 2
    assert "身份证" in page.notice.text() and has_chinese(page.notice.text())
    assert page.notice.property("problem") is False
    assert lending.overdue() == []
    assert page.overdue.property("problem") is False  # the overdue list has caught up

    TimedKeys().scan(UMBRELLA_CODE)
    assert loan_rows(window, ITEM) == []
    assert set_up_station.inventory.item(umbrella).stock == 3

    # With nothing lent out, the barcode just finds the item
    TimedKeys().scan(UMBRELLA_CODE)
    current = window.inventory.current()
    assert current is not None and current.id == umbrella
    assert set_up_station.inventory.item(umbrella).stock == 3


def test_scanning_a_workers_card_takes_back_all_they_borrowed(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    umbrella = lendable(set_up_station, "雨伞", "把", 2)
    power_bank = lendable(set_up_station, "充电宝", "个", 2)
    card = give_card(set_up_station)
    assert card.worker_id is not None
    other = give_card(set_up_station, name="李师傅")
    lending = set_up_station.lending
    lending.lend(umbrella, worker_id=card.worker_id)
    lending.lend(power_bank, worker_id=card.worker_id)
    lending.lend(umbrella, worker_id=other.worker_id)
    on_the_page(window)
    page = window.inventory_page

    TimedKeys().scan(card.qr_text)

    assert loan_rows(window, BORROWER) == ["李师傅"]
    notice = page.notice.text()
    assert NAME in notice and "雨伞" in notice and "充电宝" in notice
    assert page.notice.property("problem") is False
    assert set_up_station.inventory.item(power_bank).stock == 2

    # Scanned again: they have nothing left, and the page says so
    TimedKeys().scan(card.qr_text)
    assert NAME in page.notice.text() and has_chinese(page.notice.text())
    assert loan_rows(window, BORROWER) == ["李师傅"]


def test_a_garbage_scan_is_refused_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    umbrella = lendable(set_up_station, "雨伞", "把", 2, UMBRELLA_CODE)
    set_up_station.lending.lend(umbrella, deposit_note="身份证")
    on_the_page(window)
    page = window.inventory_page

    for code in ("YZ1.NOT.A.REAL.CARD.AT.ALL", "HF-LY-0012-999999", "zz-9!"):
        TimedKeys().scan(code)
        assert page.notice.property("problem") is True
        assert has_chinese(page.notice.text())
        assert loan_rows(window, BORROWER) == ["押金：身份证"]
    assert set_up_station.inventory.item(umbrella).stock == 1
