"""Report periods: ISO weeks, calendar months and ranges of days, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from station_app.domain.periods import (
    PeriodError,
    PeriodKind,
    day_range,
    last_full_week,
    month_of,
    parse_month,
    parse_week,
    week_of,
)


def test_a_week_is_monday_to_sunday_and_written_the_iso_way() -> None:
    week = parse_week("2026-W47")
    assert (week.start, week.end, week.days) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22), 7)
    assert week.code() == "2026-W47"
    assert parse_week(" 2026w47 ") == week == parse_week("2026-w47")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-47", "请按 2026-W47 的格式填写周次。"),
        ("第47周", "请按 2026-W47 的格式填写周次。"),
        ("2027-W53", "2027 年没有第 53 周。"),  # 2026 has a W53: it began on a Thursday
        ("2026-W00", "2026 年没有第 0 周。"),
    ],
)
def test_a_week_that_does_not_exist_is_refused_in_chinese(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_week(text)
    assert str(refused.value) == message


def test_iso_years_have_52_or_53_weeks() -> None:
    w53 = parse_week("2020-W53")
    assert (w53.start, w53.end) == (dt.date(2020, 12, 28), dt.date(2021, 1, 3))
    assert parse_week("2021-W01").start == dt.date(2021, 1, 4)
    # The first ISO week of 2026 starts in 2025.
    assert parse_week("2026-W01").start == dt.date(2025, 12, 29)
    assert week_of(dt.date(2021, 1, 3)).code() == "2020-W53"


def test_last_full_week_on_a_monday_and_on_a_sunday() -> None:
    monday, sunday = dt.date(2026, 11, 23), dt.date(2026, 11, 29)
    assert last_full_week(monday) == parse_week("2026-W47")
    # On Sunday the week is not over yet: still the week before.
    assert last_full_week(sunday) == parse_week("2026-W47")
    assert last_full_week(dt.date(2026, 11, 30)) == parse_week("2026-W48")


def test_previous_of_a_week_a_month_and_a_range() -> None:
    assert parse_week("2026-W01").previous() == parse_week("2025-W52")
    assert parse_week("2021-W01").previous() == parse_week("2020-W53")
    march = parse_month("2026-03")
    assert (march.previous().start, march.previous().end) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 28),
    )
    assert parse_month("2024-03").previous().end == dt.date(2024, 2, 29)
    assert parse_month("2026-01").previous() == month_of(dt.date(2025, 12, 5))
    span = day_range(dt.date(2026, 11, 1), dt.date(2026, 11, 10))
    before = span.previous()
    assert (before.kind, before.start, before.end) == (
        PeriodKind.RANGE,
        dt.date(2026, 10, 22),
        dt.date(2026, 10, 31),
    )
    assert span.code() == "2026-11-01_2026-11-10"


def test_months_and_ranges_refuse_what_makes_no_sense() -> None:
    assert parse_month("2026-2").code() == "2026-02"
    for text in ("2026-13", "2026-00", "11/2026", ""):
        with pytest.raises(PeriodError) as refused:
            parse_month(text)
        assert str(refused.value) == "请按 2026-11 的格式填写月份。"
    with pytest.raises(PeriodError) as backwards:
        day_range(dt.date(2026, 11, 10), dt.date(2026, 11, 1))
    assert str(backwards.value) == "结束日期早于开始日期。"
    with pytest.raises(PeriodError) as too_long:
        day_range(dt.date(2020, 1, 1), dt.date(2026, 1, 1))
    assert str(too_long.value) == "一份报表最多涵盖三年。"
