"""Expired medicine and food on the shelf, on the Inventory page: named in a red line over
the items, and each expired batch discarded (报损) in one click by the admin, the reason
"已过期" written for them; an attendant is refused as for any discard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.domain.enums import MovementKind, Role
from station_app.services.accounts.access import admin_only_message
from station_app.services.accounts.audit_reader import AuditFilter
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import PROFILE
from tests.ui.test_accounts_gui import hand_over, sign_in
from tests.ui.test_inventory_corrections import click, shown_stock


def stale_aspirin(station: Station) -> tuple[int, int]:
    """阿司匹林 with a batch of 4 expired three days ago and a good batch of 10."""
    inventory = station.inventory
    today = station.clock.today()
    aspirin = inventory.create_item(ItemInput("阿司匹林", "first_aid", "盒")).id
    inventory.receive(aspirin, 4, expires_on=today - dt.timedelta(days=3))
    inventory.receive(aspirin, 10, expires_on=today + dt.timedelta(days=300))
    return aspirin, inventory.batches(aspirin)[0].batch_id


def test_expired_aspirin_is_named_and_discarded_in_one_click(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    aspirin, expired_batch = stale_aspirin(set_up_station)
    window.show_page("inventory")
    window.inventory.refresh()
    page = window.inventory_page

    assert page.expired_row.isVisible()
    assert "阿司匹林" in page.expired_line.text() and "过期" in page.expired_line.text()
    assert page.expired_batches.count() == 1
    assert page.loans.kept_rows == 3  # the loans make room for the line on a small screen
    assert "阿司匹林" in page.expired_batches.currentText()
    assert "4" in page.expired_batches.currentText()

    click(qtbot, page.discard_expired_button)

    # Exactly that batch went: the good one stays, the line is gone, the page says so.
    batches = set_up_station.inventory.batches(aspirin)
    assert [(b.remaining, b.batch_id != expired_batch) for b in batches] == [(10, True)]
    assert shown_stock(window, aspirin) == "10"
    assert not page.expired_row.isVisible() and page.loans.kept_rows == 5
    assert "阿司匹林" in page.notice.text()
    (last, *_older) = set_up_station.inventory.movements(aspirin)
    assert (last.kind, last.quantity, last.reason) == (MovementKind.DISCARD.value, -4, "已过期")
    events = set_up_station.audit.events(AuditFilter(), 0, 50)
    assert any(event.action == "stock_discarded" for event in events)


def test_food_is_flagged_too_and_other_categories_are_not(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    today = set_up_station.clock.today()
    bread = inventory.create_item(ItemInput("面包", "food", "个")).id
    inventory.receive(bread, 6, expires_on=today - dt.timedelta(days=1))
    soap = inventory.create_item(ItemInput("肥皂", "hygiene", "块")).id
    inventory.receive(soap, 3, expires_on=today - dt.timedelta(days=1))
    window.show_page("inventory")
    window.inventory.refresh()
    page = window.inventory_page

    assert page.expired_row.isVisible()
    assert "面包" in page.expired_line.text() and "肥皂" not in page.expired_line.text()
    assert page.expired_batches.count() == 1

    click(qtbot, page.discard_expired_button)
    assert shown_stock(window, bread) == "0"
    assert not page.expired_row.isVisible()


def test_nothing_expired_shows_no_line(window: MainWindow, set_up_station: Station) -> None:
    inventory = set_up_station.inventory
    fresh = inventory.create_item(ItemInput("创可贴", "first_aid", "盒")).id
    inventory.receive(fresh, 5, expires_on=set_up_station.clock.today() + dt.timedelta(days=90))
    window.show_page("inventory")
    window.inventory.refresh()
    assert not window.inventory_page.expired_row.isVisible()


@pytest.fixture
def desk(station: Station) -> Iterator[Station]:
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    station.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    station.accounts.sign_out()
    station.db.duty.console = False
    yield station


def test_an_attendant_is_refused_and_the_admin_may(
    qtbot: QtBot, desk: Station, runner: TaskRunner
) -> None:
    aspirin, _batch = stale_aspirin(desk)
    window = MainWindow(desk, runner)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    sign_in(qtbot, window, "李明", "1357")
    window.show_page("inventory")
    window.inventory.refresh()
    page = window.inventory_page
    assert page.expired_row.isVisible()

    qtbot.mouseClick(page.discard_expired_button, Qt.MouseButton.LeftButton)
    assert page.notice.text() == admin_only_message()
    assert [b.remaining for b in desk.inventory.batches(aspirin)] == [4, 10]
    assert page.expired_row.isVisible()

    hand_over(qtbot, window)
    sign_in(qtbot, window, "王站长", "2580")
    window.show_page("inventory")
    qtbot.mouseClick(page.discard_expired_button, Qt.MouseButton.LeftButton)
    assert [b.remaining for b in desk.inventory.batches(aspirin)] == [10]
    assert not page.expired_row.isVisible()
