"""HQ's weekly rollup: the stations' figures added up, and who has not reported.

Aggregated in SQL over the applied rows (``hq_value``), which hold one revision per station
and day, so a corrected day is counted once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from station_app.domain.periods import Period
from station_app.domain.summary_format import TOTAL, Metric
from station_app.hq.db import HqDatabase, HqStation, HqValue
from station_app.reports.output import atomic_output


@dataclass(frozen=True)
class StationWeek:
    code: str
    name: str
    district: str
    visits: int
    days_reported: int  # of the period's days, how many HQ holds figures for


@dataclass(frozen=True)
class Rollup:
    period: Period
    stations: tuple[StationWeek, ...]  # every registered station, reported or not
    by_district: tuple[tuple[str, int], ...]  # (district, visits)
    by_occupation: tuple[tuple[str, int], ...]  # (occupation code, visits)
    by_service: tuple[tuple[str, int], ...]  # (service code, count)

    @property
    def not_reported(self) -> tuple[StationWeek, ...]:
        return tuple(s for s in self.stations if s.days_reported == 0)

    @property
    def visits(self) -> int:
        return sum(s.visits for s in self.stations)


def _by_prefix(
    db: HqDatabase, period: Period, metric: Metric, prefix: str
) -> list[tuple[str, int]]:
    with db.sessions() as session:
        rows = session.execute(
            select(HqValue.dimension, func.sum(HqValue.value))
            .where(
                HqValue.date.between(period.start, period.end),
                HqValue.metric == metric.value,
                HqValue.dimension.startswith(prefix, autoescape=True),
            )
            .group_by(HqValue.dimension)
        ).all()
    found = [(dimension.removeprefix(prefix), int(total)) for dimension, total in rows]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def week_rollup(db: HqDatabase, period: Period) -> Rollup:
    """The figures of every station for ``period`` (a week, or any range of days)."""
    in_period = HqValue.date.between(period.start, period.end)
    with db.sessions() as session:
        visits = dict(
            session.execute(
                select(HqValue.station_code, func.sum(HqValue.value))
                .where(in_period, HqValue.metric == Metric.VISITS.value, HqValue.dimension == TOTAL)
                .group_by(HqValue.station_code)
            ).all()
        )
        days = dict(
            session.execute(
                select(HqValue.station_code, func.count(func.distinct(HqValue.date)))
                .where(in_period)
                .group_by(HqValue.station_code)
            ).all()
        )
        registered = session.execute(
            select(HqStation.code, HqStation.name, HqStation.district).order_by(HqStation.code)
        ).all()
    stations = tuple(
        StationWeek(code, name, district, int(visits.get(code, 0)), int(days.get(code, 0)))
        for code, name, district in registered
    )
    districts: dict[str, int] = {}
    for station in stations:
        districts[station.district] = districts.get(station.district, 0) + station.visits
    return Rollup(
        period=period,
        stations=stations,
        by_district=tuple(sorted(districts.items(), key=lambda pair: (-pair[1], pair[0]))),
        by_occupation=tuple(_by_prefix(db, period, Metric.VISITS, "occupation:")),
        by_service=tuple(_by_prefix(db, period, Metric.SERVICES, "type:")),
    )


# The CSV is one table in long form, one section after another, so a spreadsheet can
# filter it by its first column; the section names are stable identifiers, not labels.
CSV_COLUMNS = ("section", "code", "name", "district", "value", "days_reported")


def rollup_csv(rollup: Rollup) -> bytes:
    """The rollup as CSV bytes (UTF-8 with a BOM, so Excel shows the Chinese names)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for station in rollup.stations:
        writer.writerow(
            (
                "visits_by_station",
                station.code,
                station.name,
                station.district,
                station.visits,
                station.days_reported,
            )
        )
    for district, visits in rollup.by_district:
        writer.writerow(("visits_by_district", "", "", district, visits, ""))
    for code, visits in rollup.by_occupation:
        writer.writerow(("visits_by_occupation", code, "", "", visits, ""))
    for code, count in rollup.by_service:
        writer.writerow(("services_by_type", code, "", "", count, ""))
    for station in rollup.not_reported:
        writer.writerow(("not_reported", station.code, station.name, station.district, "", 0))
    return buffer.getvalue().encode("utf-8-sig")


def write_rollup_csv(rollup: Rollup, target: Path) -> Path:
    with atomic_output(target) as stream:
        stream.write(rollup_csv(rollup))
    return target
