"""Which backups to keep: the newest of each of the last days and of the last weeks.

Counted over the days and weeks that *have* a backup, not the calendar: a station closed for
the Spring Festival still keeps 14 daily copies, and the copy from before the break stays
among the weekly ones instead of expiring while nobody was there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

KEEP_DAILY = 14
KEEP_WEEKLY = 8
NAME = re.compile(r"^station-(\d{8}-\d{6})\.sqlite3$")


def backup_name(taken_at: dt.datetime) -> str:
    return f"station-{taken_at:%Y%m%d-%H%M%S}.sqlite3"


def taken_at(name: str) -> dt.datetime | None:
    """When a rotated backup was taken (local time), from its name; None for other files."""
    match = NAME.match(name)
    if match is None:
        return None
    try:
        # Naive on purpose: a name holds the PC's wall-clock time, and rotation compares days.
        return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")  # noqa: DTZ007
    except ValueError:
        return None


def to_keep(
    moments: Iterable[dt.datetime], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> set[dt.datetime]:
    """The moments whose backups stay: the newest of each of the ``daily`` newest days and of
    each of the ``weekly`` newest ISO weeks (one file may be both)."""
    newest_of_day: dict[dt.date, dt.datetime] = {}
    newest_of_week: dict[tuple[int, int], dt.datetime] = {}
    for moment in moments:
        day = moment.date()
        week = day.isocalendar()[:2]
        newest_of_day[day] = max(moment, newest_of_day.get(day, moment))
        newest_of_week[week] = max(moment, newest_of_week.get(week, moment))
    keep = {newest_of_day[day] for day in sorted(newest_of_day, reverse=True)[:daily]}
    keep |= {newest_of_week[week] for week in sorted(newest_of_week, reverse=True)[:weekly]}
    return keep
