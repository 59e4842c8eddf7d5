"""Dates, numbers and ISO weeks read the way the attendant writes them."""

from __future__ import annotations

import datetime as dt

from station_app import i18n
from station_app.i18n.formatting import iso_week, long_date, number, short_date

TUESDAY = dt.date(2026, 11, 24)


def test_chinese_dates_weeks_and_numbers() -> None:
    assert long_date(TUESDAY) == "2026年11月24日 星期二"
    assert short_date(TUESDAY) == "2026-11-24"
    assert iso_week(TUESDAY) == "2026年第48周"
    assert number(12345) == "12,345"


def test_iso_weeks_start_on_monday_and_cross_years() -> None:
    assert iso_week(dt.date(2026, 11, 23)) == iso_week(dt.date(2026, 11, 29))  # Mon … Sun
    assert iso_week(dt.date(2027, 1, 1)) == "2026年第53周"


def test_english_on_request() -> None:
    i18n.install("en")
    assert long_date(TUESDAY) == "Tuesday, November 24, 2026"
    assert iso_week(TUESDAY) == "2026, week 48"
