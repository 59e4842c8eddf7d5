"""The pure rules behind check-in: the dedupe window and the attendant's local day."""

from __future__ import annotations

import datetime as dt

import pytest

from station_app.domain.days import day_bounds, local_date, month_bounds
from station_app.domain.dedupe import is_repeat
from station_app.domain.people import normalize_phone, worker_problems

UTC = dt.UTC
BEIJING = dt.timezone(dt.timedelta(hours=8))
AT_NINE = dt.datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


@pytest.mark.parametrize(
    ("minutes_later", "window", "repeat"),
    [
        (0, 30, True),
        (29, 30, True),
        (30, 30, False),  # exactly the window: a new visit
        (45, 30, False),
        (4, 5, True),
        (6, 5, False),
        (-10, 30, True),  # the PC clock was set back: not counted twice either
        (1, 0, False),  # a window of 0 switches the rule off
    ],
)
def test_the_dedupe_window(minutes_later: int, window: int, repeat: bool) -> None:
    now = AT_NINE + dt.timedelta(minutes=minutes_later)
    assert is_repeat(AT_NINE, now, window) is repeat


def test_a_first_visit_is_never_a_repeat() -> None:
    assert not is_repeat(None, AT_NINE, 30)


def test_local_days_and_months_in_beijing() -> None:
    late = dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 January in Beijing
    assert local_date(late, BEIJING) == dt.date(2027, 1, 1)
    start, end = day_bounds(dt.date(2027, 1, 1), BEIJING)
    assert (start, end - start) == (
        dt.datetime(2026, 12, 31, 16, 0, tzinfo=UTC),
        dt.timedelta(days=1),
    )
    start, end = month_bounds(dt.date(2026, 12, 15), BEIJING)
    assert start == dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert end == dt.datetime(2026, 12, 31, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 0000 1234", "13800001234"),
        ("138-0000-1234", "13800001234"),
        ("+86 138 0000 1234", "13800001234"),
        ("138－0000－1234", "13800001234"),  # a full-width dash from a Chinese input method
    ],
)
def test_phone_numbers_are_kept_as_digits(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored
    assert "phone" not in worker_problems(
        display_name="老王", phone=normalize_phone(typed), employer="", consent=True
    )
