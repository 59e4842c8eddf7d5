"""Local days in a station that stores UTC.

The attendant's day, month and clock are those of the PC's time zone; the database keeps
aware UTC. ``zone=None`` means the PC's own zone, with its rules for each date (so a
daylight-saving change would be right too; China has none, but a PC may be set otherwise).
"""

from __future__ import annotations

import datetime as dt


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC time; a naive ``moment`` is taken as local wall-clock time."""
    return moment.astimezone(dt.UTC)


def to_local(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    return moment.astimezone(zone)


def local_date(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.date:
    """The day on the attendant's calendar when ``moment`` happened."""
    return moment.astimezone(zone).date()


def day_start(day: dt.date, zone: dt.tzinfo | None = None) -> dt.datetime:
    """Local midnight at the start of ``day``, as aware UTC."""
    midnight = dt.datetime.combine(day, dt.time())
    local = midnight.replace(tzinfo=zone) if zone is not None else midnight.astimezone()
    return local.astimezone(dt.UTC)


def day_bounds(day: dt.date, zone: dt.tzinfo | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the local ``day`` in UTC."""
    return day_start(day, zone), day_start(day + dt.timedelta(days=1), zone)


def month_bounds(day: dt.date, zone: dt.tzinfo | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in UTC of the local calendar month that holds ``day``."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return day_start(first, zone), day_start(following, zone)
