"""When the station was actually open, read from what attendants already do: no timer.

The station is open while an attendant is signed in. The audit trail already records each
sign-in (``account.sign_in``, and ``account.first_admin``, which signs the new admin in)
and each sign-out or hand-over (``account.sign_out``), so the stretches are derived from
it and no table of its own is kept:

* a stretch starts at a sign-in and ends at the next sign-out;
* a hand-over is a sign-out followed by the next attendant's sign-in: a gap of up to
  ``HANDOVER_GRACE`` between them is the time to pick a name and type a PIN, and the
  station stays open through it;
* a sign-in with no sign-out after it (the app was closed, or the PC switched off, without
  signing out) ends at that attendant's last recorded activity (an audit event or a
  check-in they made) before the next sign-in: the app cannot know anyone was there after
  it. The stretch of whoever is signed in now runs to now;
* a PC left on at the sign-in screen has nobody signed in and is not open.

Posted minutes count as missed only between the station's first sign-in ever (before it
the app was not in use, not the station closed) and now (the rest of today is not missed
yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.db.models import AuditEvent, Visit
from station_app.domain.opening_hours import OpeningDay, opening_day, posted
from station_app.domain.periods import Period
from station_app.services.reporting.queries import period_window

HANDOVER_GRACE = dt.timedelta(minutes=5)
# How far before the period a sign-in is looked for: a shift that began before midnight.
_LOOK_BACK = dt.timedelta(days=1)
_STARTS = ("account.sign_in", "account.first_admin")
_ENDS = ("account.sign_out",)

Interval = tuple[dt.datetime, dt.datetime]


def signed_in_intervals(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    *,
    on_duty: int | None,
    now: dt.datetime,
) -> list[Interval]:
    """The stretches someone was signed in that touch [start, end), hand-overs joined.

    ``on_duty``: the attendant signed in in this app right now (None: nobody)."""
    since = start - _LOOK_BACK
    events = session.execute(
        select(AuditEvent.at, AuditEvent.action, AuditEvent.attendant_id)
        .where(AuditEvent.at >= since, AuditEvent.at < end)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    read: list[tuple[dt.datetime, int | None]] = []

    def activity() -> list[tuple[dt.datetime, int | None]]:
        """Who did what when: the events, and the check-ins read only for a shift never
        signed out, since a week's check-ins outnumber its sign-ins a hundredfold."""
        if not read:
            visits = session.execute(
                select(Visit.checked_in_at, Visit.attendant_id).where(
                    Visit.checked_in_at >= since, Visit.checked_in_at < end
                )
            ).all()
            read.extend((at, who) for at, _action, who in events)
            read.extend((at, who) for at, who in visits)
        return read

    stretches: list[Interval] = []
    shift: tuple[dt.datetime, int | None] | None = None  # the open sign-in: when, who
    for at, action, who in events:
        if action in _STARTS:
            if shift is not None:  # never signed out: ends at their last activity
                stretches.append((shift[0], _last_activity(activity(), shift, at)))
            shift = (at, who)
        elif action in _ENDS and shift is not None:
            stretches.append((shift[0], at))
            shift = None
    if shift is not None:
        still_on = on_duty is not None and on_duty == shift[1]
        last = min(now, end) if still_on else _last_activity(activity(), shift, end)
        stretches.append((shift[0], max(last, shift[0])))
    return _joined([s for s in stretches if s[1] > start])


def _last_activity(
    activity: Sequence[tuple[dt.datetime, int | None]],
    shift: tuple[dt.datetime, int | None],
    before: dt.datetime,
) -> dt.datetime:
    began, who = shift
    moments = [at for at, by in activity if by == who and began <= at < before]
    return max(moments, default=began)


def _joined(stretches: list[Interval]) -> list[Interval]:
    """Stretches less than a hand-over apart (or overlapping) made one."""
    joined: list[Interval] = []
    for begin, finish in sorted(stretches):
        if joined and begin - joined[-1][1] <= HANDOVER_GRACE:
            joined[-1] = (joined[-1][0], max(joined[-1][1], finish))
        else:
            joined.append((begin, finish))
    return joined


def opening_days(
    session: Session,
    period: Period,
    zone: dt.tzinfo,
    *,
    week_hours: Sequence[str],
    closed_days: Sequence[tuple[str, str]],
    on_duty: int | None,
    now: dt.datetime,
) -> list[OpeningDay]:
    """Every local day of ``period``: posted hours (or closed, or declared closed), first
    opening and last closing, minutes open within the posted hours and minutes missed.
    Days after ``now`` have nothing missed yet; today counts up to now."""
    window = period_window(period, zone)
    intervals = signed_in_intervals(session, window.start, window.end, on_duty=on_duty, now=now)
    in_use = session.scalar(select(func.min(AuditEvent.at)).where(AuditEvent.action.in_(_STARTS)))
    closed = dict(closed_days)
    days = []
    for day in period.dates():
        hours = posted(week_hours[day.weekday()])
        measured = opening_day(day, hours, closed.get(day.isoformat()), intervals, zone)
        days.append(_so_far(measured, in_use or now, now, zone))
    return days


def _so_far(day: OpeningDay, in_use: dt.datetime, now: dt.datetime, zone: dt.tzinfo) -> OpeningDay:
    """Only the posted minutes between ``in_use`` (the first sign-in) and now can be missed."""
    if day.posted is None:
        return day
    midnight = dt.datetime.combine(day.day, dt.time(), zone)
    opens = midnight + dt.timedelta(minutes=day.posted.opens)
    closes = midnight + dt.timedelta(minutes=day.posted.closes)
    if now >= closes and in_use <= opens:
        return day
    counted = (min(now, closes) - max(opens, in_use)).total_seconds()
    gone = max(0, int(counted // 60))
    return OpeningDay(
        day.day,
        day.posted,
        day.closed_note,
        day.first_open,
        day.last_close,
        day.minutes_open,
        max(0, gone - day.minutes_open),
    )
