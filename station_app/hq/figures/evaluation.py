"""What the union evaluates a station on, from the figures format v2 adds: the hours kept,
expired medicine and food on the shelf, items below their minimum, the self-check, the
activities held and the people they reached.

Read from ``hq_value`` by station and period (a few rows per station and day: the rollup
tables hold v1's figures only). A station's days that came in v1 carry none of these
figures: they count as not reported, never as zero, so a station still on v1 shows none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from station_app.domain.periods import Period
from station_app.domain.summary_format import TOTAL, Metric
from station_app.hq.db import HqDatabase, HqStation, HqValue
from station_app.hq.figures.model import Scope

_SUMMED = (
    Metric.POSTED_MINUTES,
    Metric.OPEN_MINUTES,
    Metric.MISSED_MINUTES,
    Metric.CLOSED_DAY,
    Metric.ACTIVITIES,
    Metric.ACTIVITY_PEOPLE,
)
# The state at the end of a day: read on the last day of the period the station reported.
_LEVELS = (
    Metric.EXPIRED_BATCHES,
    Metric.BELOW_MINIMUM,
    Metric.SELF_CHECK_AGE_DAYS,
    Metric.SELF_CHECK_MISSING,
)


@dataclass(frozen=True)
class Evaluation:
    """One station over a period, from its days reported in v2 (``days`` of them)."""

    code: str
    days: int
    posted_minutes: int
    open_minutes: int
    missed_minutes: int
    closed_days: int
    last_day: dt.date  # the last day of the period reported in v2
    expired_batches: int  # on that day's shelf
    below_minimum: int
    self_check_on: dt.date | None  # None: no self-check saved by then
    self_check_missing: int | None
    # Activities held and people they reached; None: no day of the period reported them
    # (v2 files written before the activity rows).
    activities: int | None = None
    activity_people: int | None = None

    @property
    def kept_percent(self) -> float | None:
        """Minutes open of the minutes posted, in percent; None when nothing was posted."""
        return None if self.posted_minutes == 0 else 100.0 * self.open_minutes / self.posted_minutes


def evaluations(
    db: HqDatabase, scope: Scope, period: Period, *, codes: Iterable[str] | None = None
) -> dict[str, Evaluation]:
    """Station code → its evaluation over ``period``, for the stations in ``scope`` (and in
    ``codes`` when given) that reported at least one day of it in v2."""
    chosen = [HqValue.date.between(period.start, period.end)]
    if scope.districts is not None:
        chosen.append(
            HqValue.station_code.in_(
                select(HqStation.code).where(HqStation.district.in_(sorted(scope.districts)))
            )
        )
    if codes is not None:
        chosen.append(HqValue.station_code.in_(sorted(set(codes))))
    sums: dict[str, dict[str, int]] = {}
    last: dict[str, dt.date] = {}
    with db.engine.connect() as connection:
        for code, metric, total, days, latest in connection.execute(
            select(
                HqValue.station_code,
                HqValue.metric,
                func.sum(HqValue.value),
                func.count(),
                func.max(HqValue.date),
            )
            .where(
                *chosen,
                HqValue.metric.in_([metric.value for metric in _SUMMED]),
                HqValue.dimension == TOTAL,
            )
            .group_by(HqValue.station_code, HqValue.metric)
        ):
            sums.setdefault(code, {})[metric] = int(total)
            if metric == Metric.POSTED_MINUTES.value:
                sums[code]["days"] = int(days)
                last[code] = latest
        latest_day = (
            select(HqValue.station_code.label("code"), func.max(HqValue.date).label("day"))
            .where(*chosen, HqValue.metric == Metric.POSTED_MINUTES.value)
            .group_by(HqValue.station_code)
            .subquery()
        )
        levels: dict[str, dict[str, int]] = {}
        for code, metric, value in connection.execute(
            select(HqValue.station_code, HqValue.metric, HqValue.value)
            .join(
                latest_day,
                and_(latest_day.c.code == HqValue.station_code, latest_day.c.day == HqValue.date),
            )
            .where(HqValue.metric.in_([metric.value for metric in _LEVELS]))
        ):
            levels.setdefault(code, {})[metric] = int(value)
    result = {}
    for code, day in last.items():
        summed, level = sums[code], levels.get(code, {})
        age = level.get(Metric.SELF_CHECK_AGE_DAYS.value)
        result[code] = Evaluation(
            code=code,
            days=summed["days"],
            posted_minutes=summed.get(Metric.POSTED_MINUTES.value, 0),
            open_minutes=summed.get(Metric.OPEN_MINUTES.value, 0),
            missed_minutes=summed.get(Metric.MISSED_MINUTES.value, 0),
            closed_days=summed.get(Metric.CLOSED_DAY.value, 0),
            last_day=day,
            expired_batches=level.get(Metric.EXPIRED_BATCHES.value, 0),
            below_minimum=level.get(Metric.BELOW_MINIMUM.value, 0),
            self_check_on=None if age is None else _days_before(day, age),
            self_check_missing=level.get(Metric.SELF_CHECK_MISSING.value),
            activities=summed.get(Metric.ACTIVITIES.value),
            activity_people=summed.get(Metric.ACTIVITY_PEOPLE.value),
        )
    return result


def _days_before(day: dt.date, days: int) -> dt.date:
    # A station that never checked for longer than the calendar goes back: its first day.
    return day - dt.timedelta(days=min(days, (day - dt.date.min).days))
