"""Services on the check-in page: a scan, then one tap records the service and the stock it
uses; a refusal (out of stock) records nothing and says why."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.checkin_page import PANEL_IDLE, CheckinController, CheckinPage
from tests.ui.expected import has_chinese
from tests.ui.keyboard import TimedKeys
from tests.ui.test_checkin_page import give_card

WATER = "drinking_water"


def stock_water(station: Station, quantity: int) -> int:
    """饮用水 on the shelf, and 饮水 takes one bottle of it."""
    item = station.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=0))
    if quantity:
        station.inventory.receive(item.id, quantity)
    station.service_log.set_consumption(WATER, item.id, 1)
    return item.id


@pytest.fixture
def page(window: MainWindow) -> CheckinPage:
    assert window.current_page_key() == "checkin"
    return window.checkin_page


@pytest.fixture
def controller(window: MainWindow) -> CheckinController:
    window.checkin.chime.enabled = False
    return window.checkin


def test_scan_then_tap_water_records_the_service_and_takes_a_bottle(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    # Given a worker with a card, and 10 bottles of water that 饮水 uses
    card = give_card(set_up_station)
    item_id = stock_water(set_up_station, 10)
    water = page.services.buttons[WATER]
    assert water.text() == "饮水"
    assert not water.isEnabled()  # nothing to record for before a check-in

    # When the card is scanned
    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        TimedKeys().scan(card.qr_text)
    result = shown.args[0]
    assert result.status is CheckinStatus.ACCEPTED
    assert water.isEnabled()

    # And the attendant taps 饮水
    with qtbot.waitSignal(controller.services_recorded, timeout=2000):
        qtbot.mouseClick(water, Qt.MouseButton.LeftButton)

    # Then the visit has the service, and one bottle left the shelf
    (visit_id,) = result.visit_ids
    records = set_up_station.service_log.for_visit(visit_id)
    assert [(r.service_code, r.item_name, r.item_quantity) for r in records] == [
        (WATER, "饮用水", 1)
    ]
    assert set_up_station.inventory.item(item_id).stock == 9
    # And the page shows it: the button ticked and the line saying what was recorded
    assert water.text() == "✓ 饮水"
    assert water.property("recorded") is True
    assert page.services.title() == _("Services for this visit · Recorded: {services}").format(
        services="饮水"
    )
    assert "已记录：饮水" in page.services.title()
    assert page.feedback.state == "accepted"
    assert not page.feedback.note.isVisible()


def test_out_of_stock_is_refused_in_chinese_and_records_nothing(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    item_id = stock_water(set_up_station, 0)
    TimedKeys().scan(card.qr_text)
    (visit_id,) = controller.service_visits

    qtbot.mouseClick(page.services.buttons[WATER], Qt.MouseButton.LeftButton)

    assert set_up_station.service_log.for_visit(visit_id) == []
    assert set_up_station.inventory.item(item_id).stock == 0
    assert page.feedback.note.isVisible()
    assert has_chinese(page.feedback.note.text())
    assert "饮用水" in page.feedback.note.text()
    assert page.feedback.state == "accepted"  # the visit itself still counts
    assert page.services.recorded == {}


def test_a_group_tap_records_the_service_for_every_visit_of_the_group(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    item_id = stock_water(set_up_station, 10)
    page.group_size.setValue(3)
    result = controller.anonymous("sanitation")
    assert result is not None and len(result.visit_ids) == 3

    qtbot.mouseClick(page.services.buttons[WATER], Qt.MouseButton.LeftButton)

    for visit_id in result.visit_ids:
        assert [r.service_code for r in set_up_station.service_log.for_visit(visit_id)] == [WATER]
    assert set_up_station.inventory.item(item_id).stock == 7


def test_a_group_short_of_stock_gets_nothing(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    item_id = stock_water(set_up_station, 2)
    page.group_size.setValue(3)
    result = controller.anonymous("sanitation")
    assert result is not None

    qtbot.mouseClick(page.services.buttons[WATER], Qt.MouseButton.LeftButton)

    for visit_id in result.visit_ids:
        assert set_up_station.service_log.for_visit(visit_id) == []
    assert set_up_station.inventory.item(item_id).stock == 2
    assert page.feedback.note.isVisible()


def test_the_buttons_go_idle_after_undo(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    keys = TimedKeys()
    keys.scan(card.qr_text)
    hot_water = page.services.buttons["hot_water"]
    qtbot.mouseClick(hot_water, Qt.MouseButton.LeftButton)
    assert page.services.recorded == {"hot_water": 1}

    qtbot.mouseClick(page.feedback.undo_button, Qt.MouseButton.LeftButton)
    assert not hot_water.isEnabled()
    assert page.services.recorded == {}
    assert hot_water.text() == "热水"

    keys.scan(card.qr_text)  # counted again after the undo
    assert hot_water.isEnabled()
    keys.scan("HF-LY-0012-999999")  # a card nobody has: refused
    assert page.feedback.state == "refused"
    assert not hot_water.isEnabled()
    assert controller.give_service("hot_water") is False


def stock_of(station: Station, item_id: int) -> int:
    return station.inventory.item(item_id).stock


def services_of(station: Station, visit_id: int) -> list[tuple[str, int | None]]:
    """(service, attendant id) of each record of the visit, as the database holds them."""
    with sqlite3.connect(station.paths.database) as conn:
        rows = conn.execute(
            "SELECT service_type.code, service_record.attendant_id FROM service_record"
            " JOIN service_type ON service_type.id = service_record.service_type_id"
            " WHERE visit_id = ? ORDER BY service_record.id",
            (visit_id,),
        ).fetchall()
    return [(str(code), attendant) for code, attendant in rows]


def test_a_second_tap_shows_the_count_and_one_tap_takes_it_back_with_its_stock(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    item_id = stock_water(set_up_station, 10)
    TimedKeys().scan(card.qr_text)
    (visit_id,) = controller.service_visits
    water = page.services.buttons[WATER]
    take_back = page.services.take_back_button
    assert not take_back.isVisible()

    qtbot.mouseClick(water, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(water, Qt.MouseButton.LeftButton)  # a second tap is seen, not silent

    assert water.text() == "饮水×2"
    assert "饮水 ×2" in page.services.title()
    assert services_of(set_up_station, visit_id) == [(WATER, None), (WATER, None)]
    assert stock_of(set_up_station, item_id) == 8
    assert take_back.isVisible()
    assert take_back.text() == _("Take back {service}").format(service="饮水")

    qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)

    assert services_of(set_up_station, visit_id) == [(WATER, None)]
    assert stock_of(set_up_station, item_id) == 9  # the bottle is back on the shelf
    assert water.text() == "✓ 饮水"

    qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)
    assert services_of(set_up_station, visit_id) == []
    assert stock_of(set_up_station, item_id) == 10
    assert water.text() == "饮水"
    assert water.isEnabled()  # the visitor is still on the panel
    assert not take_back.isVisible()


def test_a_repeat_scan_is_amber_and_services_go_on_the_visit_the_worker_is_on(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    keys = TimedKeys()
    keys.scan(card.qr_text)
    (visit_id,) = controller.service_visits
    qtbot.mouseClick(page.services.buttons["hot_water"], Qt.MouseButton.LeftButton)
    keys.scan(card.qr_text)
    keys.scan(card.qr_text)  # the worker comes back within the window, twice

    assert page.feedback.state == "already"
    hot_water = page.services.buttons["hot_water"]
    assert hot_water.isEnabled()
    assert hot_water.text() == "✓ 热水"  # what the visit already has
    assert page.services.take_back_button.isVisible()
    qtbot.mouseClick(page.services.buttons["microwave"], Qt.MouseButton.LeftButton)

    assert set_up_station.checkin.count_visits() == 1
    assert services_of(set_up_station, visit_id) == [("hot_water", None), ("microwave", None)]


def test_the_last_visitors_panel_clears_after_a_few_idle_minutes(
    qtbot: QtBot,
    page: CheckinPage,
    controller: CheckinController,
    set_up_station: Station,
    clock: FrozenClock,
) -> None:
    card = give_card(set_up_station)
    TimedKeys().scan(card.qr_text)
    clock.advance(PANEL_IDLE - dt.timedelta(seconds=10))
    qtbot.mouseClick(page.services.buttons["hot_water"], Qt.MouseButton.LeftButton)
    clock.advance(PANEL_IDLE - dt.timedelta(seconds=10))
    assert controller.clear_if_idle() is False  # the tap kept it on
    assert page.feedback.headline.text() == "张秀兰"

    clock.advance(dt.timedelta(seconds=20))
    assert controller.clear_if_idle() is True

    assert page.feedback.state == "idle"
    assert page.feedback.headline.text() != "张秀兰"
    assert not page.feedback.undo_button.isVisible()
    assert not page.services.buttons["hot_water"].isEnabled()
    assert controller.give_service("hot_water") is False
