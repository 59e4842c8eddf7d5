"""Recording services for a visit, with the stock each one uses, and correcting them."""

from __future__ import annotations

import datetime as dt

import pytest

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.checkin.service_data import ServiceFilter
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput
from tests.services.helpers import beijing


@pytest.fixture
def water(ready: Station) -> int:
    item = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    ready.inventory.receive(item, 2, expires_on=dt.date(2027, 1, 1), now=beijing(24, 8))
    ready.service_log.set_consumption("drinking_water", item, 1)
    return item


def test_service_types_are_configurable(ready, water) -> None:
    types = {t.code: t for t in ready.service_log.service_types()}
    assert types["drinking_water"].label == "饮水"
    assert types["drinking_water"].consumes_item_name == "饮用水"
    assert types["drinking_water"].consumes_quantity == 1
    own = ready.service_log.add_type("理发", consumes_item_id=None)
    assert ready.service_log.service_types()[-1] == own
    renamed = ready.service_log.rename_type("hot_water", "开水")
    assert renamed.label == "开水" and not renamed.builtin
    ready.service_log.set_type_active(own.code, False)
    assert own.code not in {t.code for t in ready.service_log.service_types()}
    assert own.code in {t.code for t in ready.service_log.service_types(include_inactive=True)}


def test_recording_a_service_issues_its_stock_in_the_same_transaction(ready, water) -> None:
    visit = ready.checkin.anonymous("sanitation", now=beijing(24, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "drinking_water", now=beijing(24, 9, 1))
    assert (record.service_label, record.item_name, record.item_quantity) == ("饮水", "饮用水", 1)
    assert ready.inventory.item(water).stock == 1
    assert ready.inventory.movements(water)[0].visit_id == visit
    # A service that uses nothing leaves the stock alone
    ready.service_log.record(visit, "hot_water", now=beijing(24, 9, 2))
    assert ready.inventory.item(water).stock == 1
    assert [r.service_code for r in ready.service_log.for_visit(visit)] == [
        "drinking_water",
        "hot_water",
    ]


def test_a_service_is_refused_whole_when_its_stock_is_out(ready, water, row_counts) -> None:
    visit = ready.checkin.anonymous("sanitation", now=beijing(24, 9)).visit_ids[0]
    ready.service_log.record(visit, "drinking_water", quantity=2, now=beijing(24, 9))
    before = row_counts()
    with pytest.raises(ServiceError, match="饮用水"):
        ready.service_log.record(visit, "drinking_water", now=beijing(24, 9, 1))
    assert row_counts() == before


def test_removing_a_record_puts_its_stock_back(ready, water) -> None:
    visit = ready.checkin.anonymous("sanitation", now=beijing(24, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "drinking_water", now=beijing(24, 9))
    ready.service_log.remove(record.id, now=beijing(24, 15))
    assert ready.inventory.item(water).stock == 2
    journal = ready.inventory.movements(water)
    assert [(m.kind, m.quantity, m.reverses_id is not None) for m in journal[:2]] == [
        ("issue", 1, True),
        ("issue", -1, False),
    ]
    assert ready.service_log.for_visit(visit) == []
    with pytest.raises(ServiceError):
        ready.service_log.remove(record.id)


def test_correcting_a_record_moves_its_stock(ready, water, row_counts) -> None:
    visit = ready.checkin.anonymous("sanitation", now=beijing(24, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "hot_water", now=beijing(24, 9))
    fixed = ready.service_log.correct(record.id, service_code="drinking_water", quantity=2)
    assert (fixed.service_code, fixed.item_quantity) == ("drinking_water", 2)
    assert ready.inventory.item(water).stock == 0
    before = row_counts()
    with pytest.raises(ServiceError):
        ready.service_log.correct(record.id, quantity=3)
    assert row_counts() == before
    back = ready.service_log.correct(record.id, quantity=1)
    assert back.item_quantity == 1 and ready.inventory.item(water).stock == 1


def test_an_inventory_undo_of_a_service_issue_is_sent_to_the_services_page(ready, water) -> None:
    visit = ready.checkin.anonymous("sanitation", now=beijing(24, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "drinking_water", now=beijing(24, 9))
    assert record.stock_movement_id is not None
    with pytest.raises(ServiceError, match="服务"):
        ready.inventory.undo(record.stock_movement_id)


def test_the_list_filters_by_day_type_and_occupation_and_pages(ready, water) -> None:
    courier = ready.checkin.anonymous("courier", now=beijing(23, 9)).visit_ids[0]
    rider = ready.checkin.anonymous("delivery_rider", now=beijing(24, 9)).visit_ids[0]
    ready.service_log.record(courier, "hot_water", now=beijing(23, 9))
    ready.service_log.record(rider, "hot_water", now=beijing(24, 9))
    ready.service_log.record(rider, "drinking_water", now=beijing(24, 9, 5))

    everything = ready.service_log.list()
    assert [r.service_code for r in everything] == ["drinking_water", "hot_water", "hot_water"]
    today = ServiceFilter(start=dt.date(2026, 11, 24), end=dt.date(2026, 11, 24))
    assert ready.service_log.count(today) == 2
    assert ready.service_log.count(ServiceFilter(service_code="hot_water")) == 2
    couriers = ready.service_log.list(ServiceFilter(occupation_code="courier"))
    assert [r.occupation_label for r in couriers] == ["快递员"]
    assert [r.id for r in ready.service_log.list(offset=1, limit=1)] == [everything[1].id]


def test_undoing_a_visit_removes_its_services_and_their_stock(ready, water, row_counts) -> None:
    visit = ready.checkin.anonymous("sanitation", now=beijing(24, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "drinking_water", now=beijing(24, 9, 1))
    ready.service_log.correct(record.id, quantity=2, now=beijing(24, 9, 2))  # + a reversal
    assert ready.inventory.item(water).stock == 0
    ready.checkin.undo([visit], now=beijing(24, 9, 5))
    assert ready.inventory.item(water).stock == 2
    counts = row_counts()
    assert counts["service_record"] == counts["visit"] == 0
    assert counts["stock_movement"] == 1  # the receive alone


def test_a_service_type_cannot_be_renamed_to_another_ones_name(ready) -> None:
    before = ready.service_log.service_types(include_inactive=True)
    with pytest.raises(ServiceError, match="饮水"):
        ready.service_log.rename_type("hot_water", "饮水")
    assert ready.service_log.service_types(include_inactive=True) == before
    # Its own name (say, typed again to change only the consumption) is no clash
    assert ready.service_log.rename_type("hot_water", "热水").label == "热水"


def test_taking_back_a_tap_removes_the_latest_record_of_that_service_for_each_visit(
    ready, water
) -> None:
    group = ready.checkin.anonymous("sanitation", 2, now=beijing(24, 9)).visit_ids
    for visit in group:
        ready.service_log.record(visit, "drinking_water", now=beijing(24, 9, 1))
        ready.service_log.record(visit, "hot_water", now=beijing(24, 9, 2))
    assert ready.inventory.item(water).stock == 0

    assert ready.service_log.take_back(group, "drinking_water") == 2

    for visit in group:
        assert [r.service_code for r in ready.service_log.for_visit(visit)] == ["hot_water"]
    assert ready.inventory.item(water).stock == 2  # both bottles back on the shelf
    assert ready.service_log.take_back(group, "drinking_water") == 0  # nothing left to take


def test_a_repeat_scan_names_the_visit_the_worker_is_on(ready) -> None:
    worker = ready.workers.register(WorkerInput("张秀兰", "sanitation", consent=True))
    card = ready.cards.issue(worker.id)
    first = ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    again = ready.checkin.scan(card.qr_text, now=beijing(24, 9, 5))
    assert again.status is CheckinStatus.ALREADY
    assert again.visit_ids == ()  # nothing written
    assert again.open_visit_id == first.visit_ids[0]
