"""Local days in a station that stores UTC.

The attendant's day, month and clock are those of the station's time zone (a setting,
``config.settings.STATION_ZONE``, held by the app's clock as ``clock.zone``), whatever zone
the PC is set to; the database keeps aware UTC. Every function takes the zone: none falls
back on the PC's, so the same database gives the same days on every PC. A zone from the tz
database carries its rules for each date (a daylight-saving change would be right too).
"""

from __future__ import annotations

import datetime as dt


def as_utc(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """An aware UTC time; a naive ``moment`` is taken as wall-clock time in ``zone``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)


def to_local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return moment.astimezone(zone)


def local_date(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The day on the station's calendar when ``moment`` happened."""
    return moment.astimezone(zone).date()


def day_start(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """Local midnight at the start of ``day``, as aware UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def day_bounds(day: dt.date, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the local ``day`` in UTC."""
    return day_start(day, zone), day_start(day + dt.timedelta(days=1), zone)


def month_bounds(day: dt.date, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in UTC of the local calendar month that holds ``day``."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return day_start(first, zone), day_start(following, zone)
