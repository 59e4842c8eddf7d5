"""Periods in words, as the reports page and last week's offer name them."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton

from station_app.domain.periods import Period, PeriodKind
from station_app.i18n import _
from station_app.i18n.formatting import babel_locale, iso_week


def _month_day(day: dt.date) -> str:
    """11月16日 / Nov 16."""
    return format_skeleton("MMMd", day, locale=babel_locale())


def period_label(period: Period, today: dt.date | None = None) -> str:
    """2026年第47周 (11月16日–11月22日); 2026年11月; 2026年11月1日–2026年11月15日."""
    ongoing = today is not None and period.start <= today <= period.end
    if period.kind is PeriodKind.WEEK:
        first, last = _month_day(period.start), _month_day(period.end)
        text = _("{week} ({first}–{last}, so far)") if ongoing else _("{week} ({first}–{last})")
        return text.format(week=iso_week(period.start), first=first, last=last)
    if period.kind is PeriodKind.MONTH:
        month = format_skeleton("yMMMM", period.start, locale=babel_locale())
        return _("{month} (so far)").format(month=month) if ongoing else month
    first = format_skeleton("yMMMd", period.start, locale=babel_locale())
    last = format_skeleton("yMMMd", period.end, locale=babel_locale())
    return f"{first}–{last}"
