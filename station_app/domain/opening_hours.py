"""Opening hours kept: the hours the station posts, its declared closed days, and how a
day's actual opening (the time an attendant was signed in) measures against them.

The settings hold the posted hours as "07:00-19:00" per weekday (Monday first), "" for a
weekday the station is closed, and check them; a declared closed day (a holiday, repairs)
is a date with a note and overrides the weekday's hours. Nothing here reads the database
or the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Posted:
    """One weekday's posted hours, as minutes after local midnight."""

    opens: int
    closes: int

    def text(self) -> str:
        return f"{_clock(self.opens)}-{_clock(self.closes)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def posted(text: str) -> Posted | None:
    """A weekday's hours as the settings hold them ("07:00-19:00", checked there), "" as
    None: closed that weekday."""
    if not text:
        return None
    opens, _sep, closes = text.partition("-")
    return Posted(_minutes(opens), _minutes(closes))


def _minutes(clock_time: str) -> int:
    hours, _sep, minutes = clock_time.partition(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class OpeningDay:
    """One local day: what was posted and what the station kept."""

    day: dt.date
    posted: Posted | None  # None: closed that weekday, or a declared closed day
    closed_note: str | None  # a declared closed day's note ("" when it has none)
    first_open: dt.datetime | None  # local: the first sign-in of the day (None: not open)
    last_close: dt.datetime | None  # local: when the last attendant left
    minutes_open: int  # signed-in minutes inside the posted hours
    minutes_missed: int  # posted minutes nobody was signed in

    @property
    def declared_closed(self) -> bool:
        return self.closed_note is not None


def opening_day(
    day: dt.date,
    posted: Posted | None,
    closed_note: str | None,
    intervals: Iterable[tuple[dt.datetime, dt.datetime]],
    zone: dt.tzinfo,
) -> OpeningDay:
    """Measure ``intervals`` (signed-in stretches, aware) against ``day``'s posted hours."""
    midnight = dt.datetime.combine(day, dt.time(), zone)
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    inside = sorted(
        (max(start, midnight), min(end, next_midnight))
        for start, end in intervals
        if start < next_midnight and end > midnight
    )
    first = inside[0][0].astimezone(zone) if inside else None
    last = max(end for _start, end in inside).astimezone(zone) if inside else None
    if posted is None or closed_note is not None:
        return OpeningDay(day, None, closed_note, first, last, 0, 0)
    opens = midnight + dt.timedelta(minutes=posted.opens)
    closes = midnight + dt.timedelta(minutes=posted.closes)
    covered = _covered_seconds(inside, opens, closes)
    total = (closes - opens).total_seconds()
    minutes_open = int(covered // 60)
    return OpeningDay(day, posted, None, first, last, minutes_open, int(total // 60) - minutes_open)


def _covered_seconds(
    intervals: Sequence[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime
) -> float:
    """Seconds of [start, end) inside the union of ``intervals`` (sorted by start)."""
    covered = 0.0
    reach = start
    for begin, finish in intervals:
        low, high = max(begin, reach), min(finish, end)
        if high > low:
            covered += (high - low).total_seconds()
            reach = high
    return covered
