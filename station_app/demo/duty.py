"""Demo data: when the station was open, told as the app tells it — by the attendants'
sign-ins, hand-overs and sign-outs in the audit trail (the opening hours kept are read
from them), and the admin's quarterly self-checks.

The station posts 07:00–19:00 on weekdays and 08:00–18:00 at weekends. Most days the first
attendant signs in a few minutes early and the last one signs out a few minutes late; now
and then the morning starts late (traffic, a sick child) or the evening ends early, and on
a rare day nobody comes at all. Declared closed days (the Spring Festival, a repair) are
closed. On weekdays the admin opens and hands over to the attendant after lunch.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from station_app.demo.calendar import SPRING_FESTIVAL, local_moment
from station_app.demo.stock import Row

WEEK_HOURS = ("07:00-19:00",) * 5 + ("08:00-18:00",) * 2  # Monday first, as the setting
LATE_CHANCE = 0.06  # the morning starts 10–50 minutes late
EARLY_CHANCE = 0.05  # the evening ends 20–90 minutes early
NOT_OPENED_CHANCE = 0.006  # about two days a year nobody comes
HANDOVER = (12 * 3600 + 30 * 60, 13 * 3600 + 30 * 60)  # weekdays, after lunch
REPAIR_NOTE = "空调检修，暂停开放"
FESTIVAL_NOTES = ((-1, "除夕闭站"), (0, "春节闭站"))  # days from the festival, note
# A broken item the admin found, with the note written beside it.
FAULTS = (
    ("air_conditioning", "空调制冷效果差，已报修"),
    ("microwave", "微波炉转盘不转，已报修"),
    ("fridge", "冰箱门封条老化，关不严"),
    ("charging", "两个充电插座松动"),
    ("first_aid", "急救箱缺止血带，已向街道申领"),
    ("map", "高德地图上的位置标错了，已反馈"),
)


def posted_seconds(day: dt.date) -> tuple[int, int]:
    """The day's posted opening and closing, in seconds after local midnight."""
    opens, _sep, closes = WEEK_HOURS[day.weekday()].partition("-")
    return _seconds(opens), _seconds(closes)


def _seconds(clock_time: str) -> int:
    hours, _sep, minutes = clock_time.partition(":")
    return int(hours) * 3600 + int(minutes) * 60


def closed_days(first_day: dt.date, last_day: dt.date) -> dict[dt.date, str]:
    """The declared closed days of the period: New Year's Eve and Day of each Spring
    Festival, and one repair day, the Wednesday of the week before ``last_day``'s."""
    days: dict[dt.date, str] = {}
    for festival in SPRING_FESTIVAL.values():
        for offset, note in FESTIVAL_NOTES:
            days[festival + dt.timedelta(days=offset)] = note
    monday = last_day - dt.timedelta(days=last_day.weekday())
    days[monday - dt.timedelta(days=5)] = REPAIR_NOTE
    return {day: note for day, note in sorted(days.items()) if first_day <= day <= last_day}


@dataclass(frozen=True)
class Shift:
    """One day's opening: the first sign-in, the hand-over (if any) and the last sign-out,
    in seconds after local midnight, and who was on duty."""

    opens: int
    closes: int
    first: int  # attendant id
    handover: int | None = None  # the first attendant signs out
    takes_over: int | None = None  # and this one signs in, a minute or two later
    second: int | None = None  # attendant id

    def on_duty(self, second: int) -> int:
        if self.handover is not None and self.second is not None and second >= self.handover:
            return self.second
        return self.first

    def serving(self, second: int) -> int:
        """``second`` moved out of the hand-over's gap, when nobody is signed in."""
        if self.handover is not None and self.takes_over is not None:
            return self.takes_over if self.handover <= second < self.takes_over else second
        return second

    def audit_rows(self, day: dt.date) -> list[Row]:
        rows = [_event(day, self.opens, self.first, "account.sign_in")]
        last = self.first
        if self.handover is not None and self.takes_over is not None and self.second:
            rows.append(_event(day, self.handover, self.first, "account.sign_out"))
            rows.append(_event(day, self.takes_over, self.second, "account.sign_in"))
            last = self.second
        rows.append(_event(day, self.closes, last, "account.sign_out"))
        return rows


def _event(day: dt.date, second: int, attendant_id: int, action: str) -> Row:
    return audit_row(local_moment(day, second), attendant_id, action, "attendant", attendant_id)


def audit_row(
    at: dt.datetime,
    attendant_id: int | None,
    action: str,
    entity: str,
    entity_id: object,
    *,
    detail: str = "",
) -> Row:
    return {
        "at": at,
        "attendant_id": attendant_id,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "detail": detail,
    }


class Roster:
    """Who opens the station each day, and when."""

    def __init__(
        self, rng: random.Random, attendants: Sequence[int], closed: dict[dt.date, str]
    ) -> None:
        self._rng = rng
        self._attendants = list(attendants)  # the admin first
        self._closed = closed

    def shift(self, day: dt.date) -> Shift | None:
        """The day's shift, or None when the station stayed closed."""
        rng = self._rng
        late, early, missed = rng.random(), rng.random(), rng.random()
        if day in self._closed or missed < NOT_OPENED_CHANCE or not self._attendants:
            return None
        posted_open, posted_close = posted_seconds(day)
        opens = posted_open - rng.randrange(0, 600)
        if late < LATE_CHANCE:
            opens = posted_open + rng.randrange(600, 3000)
        closes = posted_close + rng.randrange(0, 600)
        if early < EARLY_CHANCE:
            closes = posted_close - rng.randrange(1200, 5400)
        admin, *others = self._attendants
        if day.weekday() >= 5 or not others:
            # At weekends one person keeps the station all day, each in turn.
            people = [admin, *others]
            return Shift(opens, closes, people[day.toordinal() % len(people)])
        handover = rng.randrange(*HANDOVER)
        return Shift(
            opens,
            closes,
            admin,
            handover=handover,
            takes_over=handover + rng.randrange(30, 180),
            second=others[day.toordinal() % len(others)],
        )


def self_check_days(first_day: dt.date, last_day: dt.date) -> list[dt.date]:
    """The second Tuesday of each quarter whose second Tuesday is in the period: about when
    its self-check is due."""
    days = []
    year, month = first_day.year, 3 * ((first_day.month - 1) // 3) + 1
    while dt.date(year, month, 1) <= last_day:
        start = dt.date(year, month, 1)
        tuesday = start + dt.timedelta(days=(1 - start.weekday()) % 7 + 7)
        if first_day <= tuesday <= last_day:
            days.append(tuesday)
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return days


@dataclass(frozen=True)
class DemoSelfCheck:
    day: dt.date
    at: dt.datetime
    attendant_id: int
    faults: dict[str, str]  # code → note of the items found missing or broken


def self_checks(rng: random.Random, days: Sequence[tuple[dt.date, Shift]]) -> list[DemoSelfCheck]:
    """The quarter's self-check on each of ``days`` (the station open): now and then an item
    broken (mended by the next one); the latest always finds one."""
    checks = []
    for index, (day, shift) in enumerate(days):
        faults: dict[str, str] = {}
        if index == len(days) - 1 or rng.random() < 0.35:
            code, note = rng.choice(FAULTS)
            faults[code] = note
        second = shift.opens + rng.randrange(1800, 5400)
        checks.append(DemoSelfCheck(day, local_moment(day, second), shift.on_duty(second), faults))
    return checks
