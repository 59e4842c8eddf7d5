"""The stations ranked on what the union evaluates them on, and the same figures per district.

Worst first: most posted minutes missed, then most expired medicine and food batches on the
shelf, most items short, the oldest self-check (none at all first), the fewest activities
(not reported first). A district's row adds up its stations' evaluations: minutes summed,
hours kept over all its posted minutes, the batches on its stations' shelves, how many
stations have expired stock or no self-check this quarter, its oldest self-check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from station_app.domain.self_check import quarter_start
from station_app.hq.figures.evaluation import Evaluation


def worst_first(rows: Iterable[Evaluation]) -> list[Evaluation]:
    """The stations' evaluations in the order the union follows them up."""
    return sorted(
        rows,
        key=lambda row: (
            -row.missed_minutes,
            -row.expired_batches,
            -row.below_minimum,
            row.self_check_on or dt.date.min,
            -1 if row.activities is None else row.activities,
            row.code,
        ),
    )


@dataclass(frozen=True)
class DistrictStanding:
    """One district's (or all the districts') stations over the period, from their days
    reported in format v2."""

    district: str
    stations: int  # stations with at least one day in v2
    posted_minutes: int
    open_minutes: int
    missed_minutes: int
    expired_batches: int  # on the shelves, each station on its last day
    with_expired: int  # stations with at least one
    self_check_due: int  # stations with no self-check in the quarter of their last day
    oldest_self_check: dt.date | None  # None: some station has none yet (or no station)
    activities: int | None  # None: no station reported activities
    activity_people: int | None

    @property
    def kept_percent(self) -> float | None:
        """Minutes open of the minutes posted, in percent; None when nothing was posted."""
        return None if self.posted_minutes == 0 else 100.0 * self.open_minutes / self.posted_minutes


def _standing(district: str, rows: list[Evaluation]) -> DistrictStanding:
    checked = [row.self_check_on for row in rows]
    reported = [row for row in rows if row.activities is not None]
    return DistrictStanding(
        district=district,
        stations=len(rows),
        posted_minutes=sum(row.posted_minutes for row in rows),
        open_minutes=sum(row.open_minutes for row in rows),
        missed_minutes=sum(row.missed_minutes for row in rows),
        expired_batches=sum(row.expired_batches for row in rows),
        with_expired=sum(1 for row in rows if row.expired_batches),
        self_check_due=sum(
            1
            for row in rows
            if row.self_check_on is None
            or quarter_start(row.self_check_on) != quarter_start(row.last_day)
        ),
        oldest_self_check=None if None in checked or not checked else min(filter(None, checked)),
        activities=sum(row.activities or 0 for row in reported) if reported else None,
        activity_people=sum(row.activity_people or 0 for row in reported) if reported else None,
    )


def by_district(
    rows: Iterable[Evaluation], district_of: Mapping[str, str]
) -> tuple[list[DistrictStanding], DistrictStanding]:
    """Each district's standing (by name) and all of them together (``district`` "")."""
    every = list(rows)
    grouped: dict[str, list[Evaluation]] = {}
    for row in every:
        grouped.setdefault(district_of.get(row.code, ""), []).append(row)
    districts = [_standing(name, grouped[name]) for name in sorted(grouped)]
    return districts, _standing("", every)
