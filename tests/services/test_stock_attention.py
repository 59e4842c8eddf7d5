"""What needs attention on the shelves: items below their minimum, batches expired or
expiring within the window the settings give (30 days unless changed)."""

from __future__ import annotations

import datetime as dt

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.config.settings import EXPIRY_WARNING_DAYS
from station_app.services.stock.stock_data import ItemInput

MEDICINE = ItemInput("感冒药", "first_aid", "盒")
WATER = ItemInput("饮用水", "drinks", "瓶", min_stock=10)


def test_a_new_batch_expiring_in_15_days_is_flagged(ready: Station, clock: FrozenClock) -> None:
    today = clock.today()
    medicine = ready.inventory.create_item(MEDICINE).id
    ready.inventory.receive(medicine, 6, expires_on=today + dt.timedelta(days=15))

    alerts = ready.inventory.alerts()

    assert [(b.item_name, b.remaining, b.days_left) for b in alerts.expiring_soon] == [
        ("感冒药", 6, 15)
    ]
    assert alerts.expired == []
    assert alerts.item_ids(expiry_only=True) == {medicine}
    assert alerts.count == 1
    assert alerts.window_days == 30


def test_expired_and_expiring_soon_are_told_apart_as_days_pass(
    ready: Station, clock: FrozenClock
) -> None:
    today = clock.today()
    medicine = ready.inventory.create_item(MEDICINE).id
    ready.inventory.receive(medicine, 2, expires_on=today + dt.timedelta(days=3))
    ready.inventory.receive(medicine, 5, expires_on=today + dt.timedelta(days=31))

    alerts = ready.inventory.alerts()
    assert [b.remaining for b in alerts.expiring_soon] == [2]  # 31 days is outside the window
    assert alerts.expired == []

    clock.advance(dt.timedelta(days=4))
    alerts = ready.inventory.alerts()
    assert [b.remaining for b in alerts.expired] == [2]
    assert [b.remaining for b in alerts.expiring_soon] == [5]


def test_the_window_follows_the_setting(ready: Station, clock: FrozenClock) -> None:
    today = clock.today()
    medicine = ready.inventory.create_item(MEDICINE).id
    ready.inventory.receive(medicine, 6, expires_on=today + dt.timedelta(days=45))
    assert ready.inventory.alerts().expiring == []

    ready.settings.set(EXPIRY_WARNING_DAYS, 60)

    alerts = ready.inventory.alerts()
    assert [b.days_left for b in alerts.expiring_soon] == [45]
    assert alerts.window_days == 60


def test_an_empty_station_is_told_from_one_with_nothing_to_do(ready: Station) -> None:
    alerts = ready.inventory.alerts()
    assert (alerts.items_in_use, alerts.items_in_stock, alerts.count) == (0, 0, 0)

    water = ready.inventory.create_item(WATER).id
    alerts = ready.inventory.alerts()
    assert (alerts.items_in_use, alerts.items_in_stock) == (1, 0)
    assert alerts.item_ids() == {water}  # no stock: below its minimum of 10

    ready.inventory.receive(water, 12)
    alerts = ready.inventory.alerts()
    assert (alerts.items_in_use, alerts.items_in_stock, alerts.count) == (1, 1, 0)
