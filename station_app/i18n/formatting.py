"""Dates, times, numbers and ISO weeks in the attendant's language (Babel)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal

from station_app.i18n import _, current_language


def babel_locale() -> Locale:
    """The attendant's language as Babel's locale (parsed once per language)."""
    return _parsed(current_language())


_locale = babel_locale


@lru_cache(maxsize=8)
def _parsed(language: str) -> Locale:
    # Locale.parse looks the name up on disk each time: a table of dates called it thousands
    # of times while the window was built (a third of a second on a five-year station).
    return Locale.parse(language)


def long_date(day: dt.date) -> str:
    """2026年11月24日 星期二 / Tuesday, November 24, 2026."""
    locale = _locale()
    if current_language().startswith("zh"):
        # Babel's "full" pattern glues the weekday on; the station's forms put a space before it.
        weekday = format_date(day, "EEEE", locale=locale)
        return f"{format_date(day, 'y年M月d日', locale=locale)} {weekday}"
    return format_date(day, "full", locale=locale)


def short_date(day: dt.date) -> str:
    pattern = "y-MM-dd" if current_language().startswith("zh") else "short"
    return format_date(day, pattern, locale=_locale())


def time_of_day(moment: dt.datetime | dt.time) -> str:
    return format_time(moment, "HH:mm", locale=_locale())


def date_time(moment: dt.datetime) -> str:
    """A local date and time, e.g. 2026-11-24 14:05."""
    return format_datetime(moment, "y-MM-dd HH:mm", locale=_locale())


def number(value: int | float) -> str:
    return format_decimal(value, locale=_locale())


def iso_week(day: dt.date) -> str:
    """The ISO week of ``day``: 2026年第48周 / 2026-W48 (Monday first)."""
    year, week, _weekday = day.isocalendar()
    return _("{year}, week {week}").format(year=year, week=week)
