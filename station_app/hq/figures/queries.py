"""The figures functions: each reads the rollup tables (``hq.rollup``), a few rows per day of
its period and dimension, never every station's raw rows over the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    false,
    func,
    or_,
    select,
    true,
)

from station_app.clock import default_zone
from station_app.domain.days import local_date
from station_app.domain.periods import Period, week_of
from station_app.domain.summary_format import TOTAL, V1_METRICS, Metric
from station_app.hq.db import HqDatabase, HqStation, HqValue
from station_app.hq.figures.model import (
    LEVEL_METRICS,
    Breakdown,
    Compared,
    DayFigure,
    DistrictReporting,
    ItemLevel,
    LiveState,
    LiveStation,
    MetricFigure,
    Overview,
    Reporting,
    Scope,
    StationDay,
    StationFigures,
    StationReporting,
    StationTotal,
)
from station_app.hq.figures.names import (
    district_name,
    hour_name,
    metric_label,
    occupation_name,
    service_name,
)
from station_app.hq.rollup import (
    LAGS,
    NOT_RECEIVED,
    SPLIT,
    STATION_DAY_FIGURES,
    SUMMED,
    district_day,
    joined,
    station_day,
    station_last,
    station_month,
)
from station_app.i18n import _

DEFAULT_TIMELY_DAYS = 2  # DHIS2's usual: a day's report is on time when in within this


class UnknownStation(LookupError):
    """No station of that code, or not one the viewer may see (message translated)."""


def _in_scope(column: Any, scope: Scope) -> ColumnElement[bool]:
    if scope.districts is None:
        return true()
    if not scope.districts:
        return false()
    return column.in_(sorted(scope.districts))


def _within(column: Any, period: Period) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


def _sum(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _largest_first(rows: Iterable[Breakdown]) -> tuple[Breakdown, ...]:
    return tuple(sorted(rows, key=lambda row: (-row.current, -row.previous, row.code)))


def _figure_sums(name: str) -> list[Any]:
    return [_sum(station_day.c[f"{name}_hi"]), _sum(station_day.c[f"{name}_lo"])]


def _levels(connection: Connection, scope: Scope, period: Period) -> dict[Metric, int]:
    """Each level metric summed over the stations, each on the latest day of ``period`` it
    reported."""
    latest = select(station_day.c.station_code, func.max(station_day.c.day).label("day")).where(
        _within(station_day.c.day, period)
    )
    if scope.districts is not None:
        latest = latest.join(HqStation, HqStation.code == station_day.c.station_code).where(
            _in_scope(HqStation.district, scope)
        )
    last = latest.group_by(station_day.c.station_code).subquery()
    row = connection.execute(
        select(*_figure_sums("stock_level"), *_figure_sums("overdue_loans")).join_from(
            station_day,
            last,
            and_(
                last.c.station_code == station_day.c.station_code, last.c.day == station_day.c.day
            ),
        )
    ).one()
    return {
        Metric.STOCK_LEVEL: joined(row[0], row[1]),
        Metric.OVERDUE_LOANS: joined(row[2], row[3]),
    }


def _breakdowns(
    sums: dict[tuple[str, str], list[int]], metric: str, prefix: str, name: Any
) -> list[Breakdown]:
    return [
        Breakdown(dimension.removeprefix(prefix), name(dimension.removeprefix(prefix)), *values)
        for (m, dimension), values in sums.items()
        if m == metric and dimension.startswith(prefix)
    ]


def _metric_figures(
    sums: dict[tuple[str, str], list[int]],
    levels: tuple[dict[Metric, int], dict[Metric, int]],
) -> tuple[MetricFigure, ...]:
    figures = []
    for metric in V1_METRICS:
        if metric in LEVEL_METRICS:
            current, previous = levels[0][metric], levels[1][metric]
        else:
            current, previous = sums.get((metric.value, SUMMED), [0, 0])
        figures.append(
            MetricFigure(metric, metric_label(metric), metric in LEVEL_METRICS, current, previous)
        )
    return tuple(figures)


def overview(db: HqDatabase, scope: Scope, period: Period, *, previous: Period) -> Overview:
    """The stations in ``scope`` over ``period``, each figure beside ``previous``'s."""
    current_flag = case((_within(district_day.c.day, period), 0), else_=1)
    either = or_(_within(district_day.c.day, period), _within(district_day.c.day, previous))
    visible = _in_scope(district_day.c.district, scope)
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    with db.engine.connect() as connection:
        for flag, metric, dimension, hi, lo in connection.execute(
            select(
                current_flag,
                district_day.c.metric,
                district_day.c.dimension,
                _sum(district_day.c.value_hi),
                _sum(district_day.c.value_lo),
            )
            .where(either, visible, district_day.c.metric.not_in([m.value for m in LEVEL_METRICS]))
            .group_by(current_flag, district_day.c.metric, district_day.c.dimension)
        ):
            sums[(metric, dimension)][flag] += joined(hi, lo)
        per_day: dict[dt.date, int] = {}
        for day, hi, lo in connection.execute(
            select(
                district_day.c.day,
                _sum(district_day.c.value_hi),
                _sum(district_day.c.value_lo),
            )
            .where(
                either,
                visible,
                district_day.c.metric == Metric.VISITS.value,
                district_day.c.dimension == TOTAL,
            )
            .group_by(district_day.c.day)
        ):
            per_day[day] = joined(hi, lo)
        by_district: dict[str, list[int]] = {
            district: [0, 0]
            for district in connection.execute(
                select(HqStation.district).distinct().where(_in_scope(HqStation.district, scope))
            ).scalars()
        }
        for district, flag, hi, lo in connection.execute(
            select(
                district_day.c.district,
                current_flag,
                _sum(district_day.c.value_hi),
                _sum(district_day.c.value_lo),
            )
            .where(
                either,
                visible,
                district_day.c.metric == Metric.VISITS.value,
                district_day.c.dimension == TOTAL,
            )
            .group_by(district_day.c.district, current_flag)
        ):
            by_district.setdefault(district, [0, 0])[flag] += joined(hi, lo)
        levels = (_levels(connection, scope, period), _levels(connection, scope, previous))
    days = []
    for offset, day in enumerate(period.dates()):
        before = previous.start + dt.timedelta(days=offset)
        in_previous = before <= previous.end
        days.append(
            DayFigure(
                day,
                per_day.get(day, 0),
                before if in_previous else None,
                per_day.get(before, 0) if in_previous else 0,
            )
        )
    card = sums.get((Metric.VISITS.value, "source:card"), [0, 0])
    anonymous = sums.get((Metric.VISITS.value, "source:anonymous"), [0, 0])
    # Visits has its own total row; the summed metrics' totals are under SUMMED already.
    visits = Metric.VISITS.value
    return Overview(
        period=period,
        previous=previous,
        metrics=_metric_figures(sums, levels),
        card_visits=Compared(*card),
        anonymous_visits=Compared(*anonymous),
        days=tuple(days),
        by_occupation=_largest_first(_breakdowns(sums, visits, "occupation:", occupation_name)),
        by_service=_largest_first(_breakdowns(sums, Metric.SERVICES.value, "type:", service_name)),
        by_district=_largest_first(
            Breakdown(district, district_name(district), *values)
            for district, values in by_district.items()
        ),
        by_hour=tuple(
            sorted(_breakdowns(sums, visits, "hour:", hour_name), key=lambda row: row.code)
        ),
        by_item=_largest_first(
            _breakdowns(sums, Metric.ITEMS_ISSUED.value, "item:", lambda name: name)
        ),
    )


def _closed(weekdays: str) -> frozenset[int]:
    return frozenset(int(c) for c in weekdays if c in "1234567")


def _first_day(station: Any, zone: dt.tzinfo) -> dt.date:
    return station.opened_on or local_date(station.added_at, zone)


def _expected_days(first: dt.date, last: dt.date, closed: frozenset[int]) -> list[dt.date]:
    if last < first:
        return []
    return [
        first + dt.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + dt.timedelta(days=n)).isoweekday() not in closed
    ]


def _latest_expected(first: dt.date, last: dt.date, closed: frozenset[int]) -> dt.date | None:
    day = last
    for _n in range(7):
        if day < first:
            return None
        if day.isoweekday() not in closed:
            return day
        day -= dt.timedelta(days=1)
    return None  # closed every day of the week


def _stations(connection: Connection, scope: Scope) -> list[Any]:
    return list(
        connection.execute(
            select(
                HqStation.code,
                HqStation.name,
                HqStation.district,
                HqStation.active,
                HqStation.opened_on,
                HqStation.added_at,
                HqStation.closed_weekdays,
                station_last.c.last_day,
                station_last.c.last_contact,
            )
            .join_from(
                HqStation, station_last, station_last.c.station_code == HqStation.code, isouter=True
            )
            .where(_in_scope(HqStation.district, scope))
            .order_by(HqStation.district, HqStation.code)
        )
    )


def reporting(
    db: HqDatabase,
    scope: Scope,
    period: Period,
    *,
    timely_days: int,
    today: dt.date,
    zone: dt.tzinfo | None = None,
) -> Reporting:
    """Completeness and timeliness of the stations in ``scope`` over ``period``, DHIS2-style.

    Expected: each day from the station's opening (``opened_on``, else the day it was added)
    or the period's start, whichever is later, to the period's end or yesterday, whichever is
    earlier, except its ``closed_weekdays``; none for a station withdrawn (``active`` False).
    Received: expected days HQ holds an applied batch for. On time: received days whose first
    batch arrived by the end of the day ``timely_days`` after, on HQ's calendar (as noted at
    ingest, ``rollup.station_month``); ``zone``: HQ's, for the day a station was added.
    Silent: an active station whose latest day received is more than ``timely_days`` older
    than its latest expected day up to yesterday (or that never sent one).
    """
    zone = zone or default_zone()
    yesterday = today - dt.timedelta(days=1)
    window_end = min(period.end, yesterday)
    window = _expected_days(period.start, window_end, frozenset())
    months = sorted({day.replace(day=1) for day in window})
    received: dict[str, set[dt.date]] = defaultdict(set)
    timely: dict[str, set[dt.date]] = defaultdict(set)
    with db.engine.connect() as connection:
        stations = _stations(connection, scope)
        if window:
            query = select(
                station_month.c.station_code, station_month.c.month, station_month.c.arrivals
            ).where(station_month.c.month.in_(months))
            if scope.districts is not None:
                query = query.join(HqStation, HqStation.code == station_month.c.station_code).where(
                    _in_scope(HqStation.district, scope)
                )
            in_month = {
                month: [day for day in window if day.replace(day=1) == month] for month in months
            }
            for code, month, arrivals in connection.execute(query).all():
                for day in in_month[month]:
                    mark = arrivals[day.day - 1]
                    if mark != NOT_RECEIVED:
                        received[code].add(day)
                        if LAGS.index(mark) <= timely_days:
                            timely[code].add(day)
    expected_by: dict[tuple[dt.date, frozenset[int]], list[dt.date]] = {}
    rows = []
    for station in stations:
        closed = _closed(station.closed_weekdays)
        first_day = _first_day(station, zone)
        expected: list[dt.date] = []
        if station.active:
            start = max(first_day, period.start)
            expected = expected_by.get((start, closed), [])
            if (start, closed) not in expected_by:
                expected = expected_by[(start, closed)] = [
                    day for day in window if day >= start and day.isoweekday() not in closed
                ]
        days = received.get(station.code, set())
        missing = tuple(day for day in expected if day not in days)
        on_time = timely.get(station.code, set())
        latest = _latest_expected(first_day, yesterday, closed) if station.active else None
        silent = latest is not None and (
            station.last_day is None or station.last_day < latest - dt.timedelta(days=timely_days)
        )
        rows.append(
            StationReporting(
                code=station.code,
                name=station.name,
                district=station.district,
                active=station.active,
                expected=len(expected),
                received=len(expected) - len(missing),
                on_time=sum(1 for day in expected if day in on_time),
                missing=missing,
                last_day=station.last_day,
                last_contact=station.last_contact,
                silent=silent,
            )
        )
    by_district: dict[str, list[StationReporting]] = defaultdict(list)
    for row in rows:
        by_district[row.district].append(row)
    return Reporting(
        period=period,
        today=today,
        timely_days=timely_days,
        stations=tuple(rows),
        districts=tuple(_added_up(name, by_district[name]) for name in sorted(by_district)),
        total=_added_up("", rows),
    )


def _added_up(district: str, rows: Sequence[StationReporting]) -> DistrictReporting:
    return DistrictReporting(
        district=district,
        stations=len(rows),
        expected=sum(row.expected for row in rows),
        received=sum(row.received for row in rows),
        on_time=sum(row.on_time for row in rows),
        silent=sum(1 for row in rows if row.silent),
    )


_DAY_COLUMNS = [
    station_day.c[f"{name}_{part}"] for name in STATION_DAY_FIGURES for part in ("hi", "lo")
]


def _station_day(day: dt.date, row: Any | None) -> StationDay:
    if row is None:
        return StationDay(day, False, None, *([0] * len(STATION_DAY_FIGURES)))
    values = [joined(row[f"{name}_hi"], row[f"{name}_lo"]) for name in STATION_DAY_FIGURES]
    return StationDay(day, True, row["first_received_at"], *values)


def station_figures(
    db: HqDatabase, code: str, period: Period, *, scope: Scope | None = None
) -> StationFigures:
    """One station over ``period`` (and the period before it, for comparison). Raises
    ``UnknownStation`` for a code HQ does not know or ``scope`` does not allow."""
    previous = period.previous()
    with db.engine.connect() as connection:
        station = connection.execute(
            select(
                *[column for column in HqStation.__table__.c if column.key != "public_key"],
                station_last.c.last_day,
                station_last.c.last_contact,
            )
            .join_from(
                HqStation, station_last, station_last.c.station_code == HqStation.code, isouter=True
            )
            .where(HqStation.code == code)
        ).one_or_none()
        if station is None or (scope is not None and not scope.allows(station.district)):
            raise UnknownStation(_("Station {code} is not registered.").format(code=code))
        held = {
            row.day: row._mapping
            for row in connection.execute(
                select(station_day.c.day, station_day.c.first_received_at, *_DAY_COLUMNS).where(
                    station_day.c.station_code == code,
                    or_(_within(station_day.c.day, period), _within(station_day.c.day, previous)),
                )
            )
        }
        flag = case((_within(HqValue.date, period), 0), else_=1)
        sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for index, metric, dimension, hi, lo in connection.execute(
            select(
                flag,
                HqValue.metric,
                HqValue.dimension,
                func.sum(HqValue.value // SPLIT),
                func.sum(HqValue.value % SPLIT),
            )
            .where(
                HqValue.station_code == code,
                or_(_within(HqValue.date, period), _within(HqValue.date, previous)),
                HqValue.metric.in_(
                    [Metric.VISITS.value, Metric.SERVICES.value, Metric.ITEMS_ISSUED.value]
                ),
            )
            .group_by(flag, HqValue.metric, HqValue.dimension)
        ):
            sums[(metric, dimension)][index] += joined(hi, lo)
        stock_day = connection.execute(
            select(func.max(HqValue.date)).where(
                HqValue.station_code == code,
                HqValue.date <= period.end,
                HqValue.metric == Metric.STOCK_LEVEL.value,
            )
        ).scalar()
        stock = []
        if stock_day is not None:
            stock = [
                ItemLevel(dimension.removeprefix("item:"), int(value), stock_day)
                for dimension, value in connection.execute(
                    select(HqValue.dimension, HqValue.value).where(
                        HqValue.station_code == code,
                        HqValue.date == stock_day,
                        HqValue.metric == Metric.STOCK_LEVEL.value,
                    )
                )
            ]
        overdue = connection.execute(
            select(
                station_day.c.day, station_day.c.overdue_loans_hi, station_day.c.overdue_loans_lo
            )
            .where(station_day.c.station_code == code, station_day.c.day <= period.end)
            .order_by(station_day.c.day.desc())
            .limit(1)
        ).one_or_none()
    record = station
    days = tuple(_station_day(day, held.get(day)) for day in period.dates())
    before = tuple(_station_day(day, held.get(day)) for day in previous.dates())

    def total(name: str, chosen: Sequence[StationDay]) -> int:
        return sum(getattr(day, name) for day in chosen)

    def level(name: str, chosen: Sequence[StationDay]) -> int:
        reported = [day for day in chosen if day.received]
        return getattr(reported[-1], name) if reported else 0

    attribute = {
        Metric.VISITS: "visits",
        Metric.DISTINCT_WORKERS: "distinct_workers",
        Metric.NEW_REGISTRATIONS: "new_registrations",
        Metric.UNION_MEMBERS: "union_members",
        Metric.WANTS_TO_JOIN: "wants_to_join",
        Metric.SERVICES: "services",
        Metric.ITEMS_ISSUED: "items_issued",
        Metric.STOCK_LEVEL: "stock_level",
        Metric.OVERDUE_LOANS: "overdue_loans",
    }
    metrics = []
    for metric in V1_METRICS:
        how = level if metric in LEVEL_METRICS else total
        metrics.append(
            MetricFigure(
                metric,
                metric_label(metric),
                metric in LEVEL_METRICS,
                how(attribute[metric], days),
                how(attribute[metric], before),
            )
        )
    return StationFigures(
        code=record.code,
        name=record.name,
        district=record.district,
        address=record.address,
        opening_hours=record.opening_hours,
        opened_on=record.opened_on,
        closed_weekdays=record.closed_weekdays,
        active=record.active,
        added_at=record.added_at,
        period=period,
        days=days,
        metrics=tuple(metrics),
        by_occupation=_largest_first(
            _breakdowns(sums, Metric.VISITS.value, "occupation:", occupation_name)
        ),
        by_service=_largest_first(_breakdowns(sums, Metric.SERVICES.value, "type:", service_name)),
        by_item=_largest_first(
            _breakdowns(sums, Metric.ITEMS_ISSUED.value, "item:", lambda name: name)
        ),
        stock=tuple(sorted(stock, key=lambda item: (item.level, item.item))),
        overdue_loans=joined(overdue[1], overdue[2]) if overdue is not None else 0,
        overdue_day=overdue[0] if overdue is not None else None,
        last_day=station.last_day,
        last_contact=station.last_contact,
    )


def _district_total(
    connection: Connection, scope: Scope, first: dt.date, last: dt.date, metric: Metric
) -> int:
    if last < first:
        return 0
    hi, lo = connection.execute(
        select(_sum(district_day.c.value_hi), _sum(district_day.c.value_lo)).where(
            district_day.c.day.between(first, last),
            _in_scope(district_day.c.district, scope),
            district_day.c.metric == metric.value,
            district_day.c.dimension == SUMMED,
        )
    ).one()
    return joined(hi, lo)


def live_state(db: HqDatabase, scope: Scope, today: dt.date) -> LiveState:
    """For the big screen: yesterday (the latest day the stations have closed) and its week
    so far, each beside the same days a week earlier, and every station's latest report."""
    yesterday = today - dt.timedelta(days=1)
    week = week_of(yesterday)
    a_week = dt.timedelta(days=7)
    with db.engine.connect() as connection:

        def total(first: dt.date, last: dt.date, metric: Metric) -> int:
            return _district_total(connection, scope, first, last, metric)

        occupations: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for index, (first, last) in enumerate(
            ((week.start, yesterday), (week.start - a_week, yesterday - a_week))
        ):
            for dimension, hi, lo in connection.execute(
                select(
                    district_day.c.dimension,
                    _sum(district_day.c.value_hi),
                    _sum(district_day.c.value_lo),
                )
                .where(
                    district_day.c.day.between(first, last),
                    _in_scope(district_day.c.district, scope),
                    district_day.c.metric == Metric.VISITS.value,
                    district_day.c.dimension.startswith("occupation:"),
                )
                .group_by(district_day.c.dimension)
            ):
                occupations[dimension][index] += joined(hi, lo)
        yesterday_visits = Compared(
            total(yesterday, yesterday, Metric.VISITS),
            total(yesterday - a_week, yesterday - a_week, Metric.VISITS),
        )
        week_visits = Compared(
            total(week.start, yesterday, Metric.VISITS),
            total(week.start - a_week, yesterday - a_week, Metric.VISITS),
        )
        figures = (
            total(yesterday, yesterday, Metric.SERVICES),
            total(yesterday, yesterday, Metric.DISTINCT_WORKERS),
            total(week.start, yesterday, Metric.SERVICES),
            total(week.start, yesterday, Metric.DISTINCT_WORKERS),
        )
        stations = list(
            connection.execute(
                select(
                    HqStation.code,
                    HqStation.name,
                    HqStation.district,
                    HqStation.active,
                    station_last.c.last_day,
                    station_last.c.last_contact,
                    station_day.c.visits_hi,
                    station_day.c.visits_lo,
                )
                .join_from(
                    HqStation,
                    station_last,
                    station_last.c.station_code == HqStation.code,
                    isouter=True,
                )
                .join(
                    station_day,
                    and_(
                        station_day.c.station_code == HqStation.code,
                        station_day.c.day == station_last.c.last_day,
                    ),
                    isouter=True,
                )
                .where(_in_scope(HqStation.district, scope))
                .order_by(HqStation.district, HqStation.code)
            )
        )
    live = tuple(
        LiveStation(
            code=row.code,
            name=row.name,
            district=row.district,
            active=row.active,
            last_day=row.last_day,
            last_day_visits=joined(row.visits_hi, row.visits_lo),
            last_contact=row.last_contact,
            reported_yesterday=row.last_day is not None and row.last_day >= yesterday,
        )
        for row in stations
    )
    return LiveState(
        today=today,
        yesterday=yesterday,
        week=week,
        yesterday_visits=yesterday_visits,
        yesterday_services=figures[0],
        yesterday_distinct_workers=figures[1],
        week_visits=week_visits,
        week_services=figures[2],
        week_distinct_workers=figures[3],
        week_by_occupation=_largest_first(
            Breakdown(
                dimension.removeprefix("occupation:"),
                occupation_name(dimension.removeprefix("occupation:")),
                *values,
            )
            for dimension, values in occupations.items()
        ),
        stations=live,
        stations_reported_yesterday=sum(1 for station in live if station.reported_yesterday),
        active_stations=sum(1 for station in live if station.active),
    )


_TOTALLED = (
    "visits",
    "visits_card",
    "visits_anonymous",
    "distinct_workers",
    "services",
    "items_issued",
)


def station_totals(db: HqDatabase, scope: Scope, period: Period) -> tuple[StationTotal, ...]:
    """Every station in ``scope`` with its sums over ``period`` (zeros when it sent
    nothing), by district then code. Reads a row per station and day of the period."""
    sums = select(
        station_day.c.station_code,
        func.count().label("days"),
        *[
            _sum(station_day.c[f"{name}_{part}"]).label(f"{name}_{part}")
            for name in _TOTALLED
            for part in ("hi", "lo")
        ],
    ).where(_within(station_day.c.day, period))
    if scope.districts is not None:
        sums = sums.join(HqStation, HqStation.code == station_day.c.station_code).where(
            _in_scope(HqStation.district, scope)
        )
    with db.engine.connect() as connection:
        found = {
            row.station_code: row._mapping
            for row in connection.execute(sums.group_by(station_day.c.station_code))
        }
        stations = connection.execute(
            select(HqStation.code, HqStation.name, HqStation.district, HqStation.active)
            .where(_in_scope(HqStation.district, scope))
            .order_by(HqStation.district, HqStation.code)
        ).all()
    totals = []
    for station in stations:
        row = found.get(station.code)
        values = [
            joined(row[f"{name}_hi"], row[f"{name}_lo"]) if row is not None else 0
            for name in _TOTALLED
        ]
        totals.append(
            StationTotal(
                station.code,
                station.name,
                station.district,
                station.active,
                int(row["days"]) if row is not None else 0,
                *values,
            )
        )
    return tuple(totals)
