"""What a use case changed, as the screens will be told: recorded from what was committed to
a real station file, never from what a use case says it does."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from station_app.app import Station
from station_app.db.models.base import Base
from station_app.domain.errors import ServiceError
from station_app.services.changes import (
    TABLE_SUBJECTS,
    Changes,
    Subject,
    note,
    record_changes,
)
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.stock.stock_data import ItemInput
from tests.services.helpers import beijing


@pytest.fixture
def water(ready: Station) -> int:
    item = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=0))
    return item.id


def test_a_card_check_in_announces_a_visit_and_nothing_of_the_shelf(ready, register) -> None:
    worker = register("老王")
    card = ready.cards.issue(worker.id, today=dt.date(2026, 10, 8))
    with record_changes() as recording:
        result = ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    assert result.status is CheckinStatus.ACCEPTED
    assert recording.changes == Changes.of(Subject.VISITS)


def test_the_same_card_again_within_the_window_writes_and_announces_nothing(
    ready, register
) -> None:
    worker = register("老王")
    card = ready.cards.issue(worker.id, today=dt.date(2026, 10, 8))
    ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    with record_changes() as recording:
        again = ready.checkin.scan(card.qr_text, now=beijing(24, 9, 5))
    assert again.status is CheckinStatus.ALREADY
    assert not recording.changes


def test_an_anonymous_group_announces_visits(ready: Station) -> None:
    with record_changes() as recording:
        ready.checkin.anonymous("sanitation", 3)
    assert recording.changes == Changes.of(Subject.VISITS)


def test_a_stock_receive_announces_stock(ready: Station, water: int) -> None:
    with record_changes() as recording:
        ready.inventory.receive(water, 24)
    assert Subject.STOCK in recording.changes
    assert Subject.VISITS not in recording.changes
    assert ready.inventory.item(water).stock == 24


def test_reads_announce_nothing(ready: Station, water: int, register) -> None:
    register("老王")
    with record_changes() as recording:
        ready.inventory.items()
        ready.inventory.alerts()
        ready.checkin.today()
        ready.checkin.recent(0, 100)
        ready.workers.find("老王")
        ready.station.profile()
    assert recording.changes == Changes()
    assert not recording.changes


def test_a_refused_write_announces_nothing(ready: Station, water: int) -> None:
    ready.inventory.receive(water, 2)
    with record_changes() as recording, pytest.raises(ServiceError):
        ready.inventory.issue(water, 5)  # more than the shelf holds
    assert not recording.changes
    assert ready.inventory.item(water).stock == 2


def test_what_was_committed_before_a_failure_is_still_announced(ready: Station, water: int) -> None:
    with record_changes() as recording, pytest.raises(ServiceError):
        ready.inventory.receive(water, 2)
        ready.inventory.issue(water, 5)
    assert Subject.STOCK in recording.changes  # the two bottles did arrive


def test_a_service_tap_announces_the_record_and_the_stock_it_took(
    ready: Station, water: int
) -> None:
    ready.inventory.receive(water, 10)
    ready.service_log.set_consumption("drinking_water", water, 1)
    result = ready.checkin.anonymous("courier")
    with record_changes() as recording:
        ready.service_log.record(result.visit_ids[0], "drinking_water")
    assert {Subject.SERVICES, Subject.STOCK} <= recording.changes.subjects
    assert Subject.VISITS not in recording.changes


def test_changes_outside_the_database_are_noted_by_the_service(ready: Station) -> None:
    with record_changes() as settings_saved:
        ready.config.change({"dedupe_minutes": 45})
    assert Subject.SETTINGS in settings_saved.changes

    with record_changes() as unchanged:
        ready.config.change({"dedupe_minutes": 45})  # the same value: nothing written
    assert not unchanged.changes

    ready.accounts.create_first_admin("王站长", "2580", "2580")
    with record_changes() as handed_over:
        ready.accounts.sign_out()
    assert Subject.DUTY in handed_over.changes
    with record_changes() as wrong_pin, pytest.raises(ServiceError):
        ready.accounts.sign_in(1, "0000")
    # The wrong try is counted and audited, but nobody came on duty
    assert Subject.DUTY not in wrong_pin.changes
    assert Subject.ACCOUNTS in wrong_pin.changes
    with record_changes() as signed_in:
        ready.accounts.sign_in(1, "2580")
    assert Subject.DUTY in signed_in.changes


def test_each_thread_records_its_own_work(ready: Station, water: int) -> None:
    seen: dict[str, Any] = {}

    def elsewhere() -> None:
        with record_changes() as recording:
            ready.inventory.receive(water, 5)
        seen["worker"] = recording.changes

    with record_changes() as here:
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join(10)
        ready.checkin.anonymous("courier")
    assert seen["worker"] is not None and Subject.STOCK in seen["worker"]
    assert Subject.VISITS not in seen["worker"]
    assert here.changes == Changes.of(Subject.VISITS)


def test_an_inner_recording_hands_its_changes_to_the_outer_one(ready: Station) -> None:
    with record_changes() as outer:
        with record_changes() as inner:
            note(Subject.SETTINGS)
        ready.checkin.anonymous("courier")
    assert inner.changes == Changes.of(Subject.SETTINGS)
    assert outer.changes == Changes.of(Subject.SETTINGS, Subject.VISITS)


def test_work_outside_a_recording_is_not_tracked_and_still_works(ready: Station) -> None:
    note(Subject.SETTINGS)  # nobody is recording: nothing happens
    ready.checkin.anonymous("courier")
    with record_changes() as later:
        pass
    assert not later.changes  # nothing from before leaks into a later recording


def test_every_table_of_the_station_names_what_it_holds() -> None:
    tables = {table.name for table in Base.metadata.sorted_tables}
    assert tables == set(TABLE_SUBJECTS)
