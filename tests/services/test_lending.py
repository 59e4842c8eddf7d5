"""Lending umbrellas and power banks: to a scanned worker or a visitor with a deposit."""

from __future__ import annotations

import datetime as dt

import pytest

from station_app.app import Station
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.services.stock.lending import default_due
from station_app.services.stock.stock_data import ItemInput
from tests.services.helpers import CHINA, beijing


@pytest.fixture
def umbrellas(ready: Station) -> int:
    item = ready.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True))
    ready.inventory.receive(item.id, 2, now=beijing(24, 8))
    return item.id


def test_the_default_due_time_is_the_end_of_the_day_and_at_least_four_hours(china_time) -> None:
    assert default_due(beijing(24, 9), CHINA) == beijing(25, 0)
    assert default_due(beijing(24, 21, 30), CHINA) == beijing(25, 1, 30)


def test_lend_to_a_worker_and_return_by_scanning_the_worker(ready, register, umbrellas) -> None:
    wang = register("老王")
    loan = ready.lending.lend(umbrellas, worker_id=wang.id, now=beijing(24, 9))
    assert loan.worker_name == "老王" and loan.due_at == beijing(25, 0)
    item = ready.inventory.item(umbrellas)
    assert (item.stock, item.on_loan) == (1, 1)
    assert [m.kind for m in ready.inventory.movements(umbrellas)] == ["lend", "receive"]

    (returned,) = ready.lending.return_all_for_worker(wang.id, now=beijing(24, 17))
    assert returned.returned_at == beijing(24, 17)
    item = ready.inventory.item(umbrellas)
    assert (item.stock, item.on_loan) == (2, 0)
    with pytest.raises(ServiceError, match="老王"):
        ready.lending.return_all_for_worker(wang.id)


def test_an_anonymous_visitor_leaves_a_deposit_note(ready, umbrellas, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationFailed, match="押金"):
        ready.lending.lend(umbrellas)
    assert row_counts() == before
    loan = ready.lending.lend(umbrellas, deposit_note="身份证", now=beijing(24, 9))
    assert loan.worker_id is None and loan.deposit_note == "身份证"


def test_return_by_item_takes_the_oldest_open_loan(ready, umbrellas) -> None:
    first = ready.lending.lend(umbrellas, deposit_note="押金 50 元", now=beijing(24, 9))
    second = ready.lending.lend(umbrellas, deposit_note="工作证", now=beijing(24, 10))
    assert ready.lending.return_item(umbrellas, now=beijing(24, 11)).id == first.id
    assert [loan.id for loan in ready.lending.open_loans()] == [second.id]
    ready.lending.return_loan(second.id, now=beijing(24, 12))
    with pytest.raises(ServiceError, match="归还"):
        ready.lending.return_loan(second.id)
    with pytest.raises(ServiceError):
        ready.lending.return_item(umbrellas)


def test_lending_more_than_the_shelf_holds_is_refused(ready, umbrellas, row_counts) -> None:
    ready.lending.lend(umbrellas, deposit_note="a", now=beijing(24, 9))
    ready.lending.lend(umbrellas, deposit_note="b", now=beijing(24, 9))
    before = row_counts()
    with pytest.raises(ServiceError, match="雨伞"):
        ready.lending.lend(umbrellas, deposit_note="c", now=beijing(24, 9))
    assert row_counts() == before
    water = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    ready.inventory.receive(water, 5)
    with pytest.raises(ServiceError, match="借"):
        ready.lending.lend(water, deposit_note="a")


def test_overdue_loans_say_how_long(ready, register, umbrellas) -> None:
    wang = register("老王")
    late = ready.lending.lend(umbrellas, worker_id=wang.id, now=beijing(23, 9))
    ready.lending.lend(umbrellas, deposit_note="押金", due_at=beijing(24, 20), now=beijing(24, 9))
    overdue = ready.lending.overdue(beijing(24, 10, 30))
    assert [(loan.id, loan.overdue_by) for loan in overdue] == [
        (late.id, dt.timedelta(hours=10, minutes=30))
    ]
    assert overdue[0].worker_name == "老王"
    assert len(ready.lending.overdue(beijing(24, 21))) == 2
    ready.lending.return_loan(late.id, now=beijing(24, 22))
    assert len(ready.lending.overdue(beijing(24, 22))) == 1
