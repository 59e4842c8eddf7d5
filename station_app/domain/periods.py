"""Report periods: an ISO week (Monday first), a calendar month, or any range of days.

The report service, the PDF, the CLI and the reports page all take periods from here.
Days are the attendant's local calendar days; ``end`` is inclusive.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from station_app.i18n import _

WEEK_TEXT = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MONTH_TEXT = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_DAYS = 3 * 366  # a range longer than this is a typing slip, not a report


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    RANGE = "range"


class PeriodError(ValueError):
    """A week, month or range that does not exist or makes no sense (message translated)."""


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date  # the first day
    end: dt.date  # the last day, inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("The last day comes before the first."))
        if self.days > MAX_DAYS:
            raise PeriodError(_("A report covers at most three years."))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range(self.days)]

    @property
    def after_end(self) -> dt.date:
        """The first day after the period (its exclusive end)."""
        return self.end + dt.timedelta(days=1)

    def previous(self) -> Period:
        """The period just before: last week, last month, or as many days just before."""
        if self.kind is PeriodKind.WEEK:
            return week_of(self.start - dt.timedelta(days=7))
        if self.kind is PeriodKind.MONTH:
            return month_of(self.start - dt.timedelta(days=1))
        length = dt.timedelta(days=self.days)
        return Period(PeriodKind.RANGE, self.start - length, self.end - length)

    def code(self) -> str:
        """2026-W47, 2026-11 or 2026-11-01_2026-11-15: for file names and the CLI."""
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def week_of(day: dt.date) -> Period:
    """The ISO week (Monday to Sunday) that holds ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return Period(PeriodKind.WEEK, monday, monday + dt.timedelta(days=6))


def month_of(day: dt.date) -> Period:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(PeriodKind.MONTH, first, following - dt.timedelta(days=1))


def last_full_week(today: dt.date) -> Period:
    """The last week that has ended: on any day of this week, the week before it."""
    return week_of(today - dt.timedelta(days=today.weekday() + 1))


def parse_week(text: str) -> Period:
    """ "2026-W47" (or 2026W47, 2026-w47) → that ISO week; anything else is refused."""
    match = WEEK_TEXT.match(text.strip())
    if match is None:
        raise PeriodError(_("Write the week like 2026-W47."))
    year, week = int(match[1]), int(match[2])
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise PeriodError(
            _("Week {week} of {year} does not exist.").format(week=week, year=year)
        ) from None
    return week_of(monday)


def parse_month(text: str) -> Period:
    """ "2026-11" → November 2026."""
    match = MONTH_TEXT.match(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise PeriodError(_("Write the month like 2026-11."))
    return month_of(dt.date(int(match[1]), int(match[2]), 1))


def day_range(start: dt.date, end: dt.date) -> Period:
    return Period(PeriodKind.RANGE, start, end)
