"""The app's one clock: the frozen one tests hold still, and the computer's."""

from __future__ import annotations

import datetime as dt

import pytest

from station_app.clock import FrozenClock, SystemClock
from tests.clock_support import BEIJING

# New Year in Beijing while it is still the last afternoon of the old year in UTC.
NEW_YEAR = dt.datetime(2029, 1, 1, 0, 20, tzinfo=BEIJING)


def test_a_frozen_clock_stands_still_until_moved() -> None:
    clock = FrozenClock(NEW_YEAR)
    assert clock.now() == clock.now() == dt.datetime(2028, 12, 31, 16, 20, tzinfo=dt.UTC)
    assert clock.now().tzinfo is dt.UTC

    clock.advance(dt.timedelta(minutes=50))
    assert clock.now() == dt.datetime(2028, 12, 31, 17, 10, tzinfo=dt.UTC)
    clock.set(dt.datetime(2030, 6, 1, 12, 0, tzinfo=BEIJING))
    assert clock.now() == dt.datetime(2030, 6, 1, 4, 0, tzinfo=dt.UTC)


def test_a_frozen_clock_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="naive"):
        FrozenClock(dt.datetime(2029, 1, 1))
    clock = FrozenClock(NEW_YEAR)
    with pytest.raises(ValueError, match="naive"):
        clock.set(dt.datetime(2029, 1, 1))


def test_today_is_the_day_in_the_clocks_zone() -> None:
    assert FrozenClock(NEW_YEAR, zone=BEIJING).today() == dt.date(2029, 1, 1)
    assert FrozenClock(NEW_YEAR, zone=dt.UTC).today() == dt.date(2028, 12, 31)
    local = FrozenClock(NEW_YEAR, zone=BEIJING).local_now()
    assert (local.date(), local.hour, local.minute) == (dt.date(2029, 1, 1), 0, 20)


def test_without_a_zone_today_is_the_day_on_the_pcs_calendar(china_time: None) -> None:
    clock = FrozenClock(NEW_YEAR)
    assert clock.today() == dt.date(2029, 1, 1)
    assert clock.local_now().utcoffset() == dt.timedelta(hours=8)


def test_a_back_dated_moment_wins_over_now() -> None:
    clock = FrozenClock(NEW_YEAR)
    earlier = dt.datetime(2028, 12, 30, 9, 0, tzinfo=BEIJING)
    assert clock.or_now(earlier) == dt.datetime(2028, 12, 30, 1, 0, tzinfo=dt.UTC)
    assert clock.or_now(None) == clock.now()


def test_the_system_clock_tells_the_computers_time_in_utc() -> None:
    before = dt.datetime.now(dt.UTC)  # noqa: TID251 - the one test of the computer's clock
    now = SystemClock().now()
    after = dt.datetime.now(dt.UTC)  # noqa: TID251 - the one test of the computer's clock
    assert now.tzinfo is dt.UTC
    assert before <= now <= after
