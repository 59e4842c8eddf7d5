"""Keeping the rollup tables (``hq.rollup``) equal to the sums of the stations' rows.

``apply_batch`` runs inside ingest's transaction for every batch it records, so a page never
sees a day's rows without their rollups, nor the other way round; ``move_station`` when a
station changes district; ``rebuild_rollups`` makes them all again from ``hq_value`` and
``hq_batch`` (after a migration, or to repair them).

Upserts touch the district rows in one sorted order, so that two stations of one district
delivering at once on PostgreSQL wait for each other instead of deadlocking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    update,
)

from station_app.clock import default_zone
from station_app.domain.days import local_date
from station_app.domain.summary_format import SummaryRow
from station_app.hq.bulk import insert_rows
from station_app.hq.db import HqBatch, HqDatabase, HqStation, HqValue
from station_app.hq.rollup import (
    NOT_RECEIVED,
    SPLIT,
    STATION_DAY_FIGURES,
    SUMMED,
    SUMMED_METRICS,
    district_day,
    lag_mark,
    split,
    station_day,
    station_last,
    station_month,
)

Key = tuple[str, str]  # (metric, dimension)


# Adding to a district's row, making it if need be (both dialects spell the upsert alike).
_ADD_TO_DISTRICT = (
    " ON CONFLICT (day, district, metric, dimension) DO UPDATE SET"
    " value_hi = hq_roll_district_day.value_hi + excluded.value_hi,"
    " value_lo = hq_roll_district_day.value_lo + excluded.value_lo"
)
_DISTRICT_COLUMNS = ("day", "district", "metric", "dimension", "value_hi", "value_lo")

# The statements of ``apply_batch``, built once (as ingest's own).
# What the rollups hold for a station's day, in one read: its latest contact and day, whether
# the day has its row, and the month's arrivals.
_STATE = select(
    exists().where(station_last.c.station_code == bindparam("code")).label("has_last"),
    select(station_last.c.last_contact)
    .where(station_last.c.station_code == bindparam("code"))
    .scalar_subquery()
    .label("last_contact"),
    select(station_last.c.last_day)
    .where(station_last.c.station_code == bindparam("code"))
    .scalar_subquery()
    .label("last_day"),
    exists()
    .where(station_day.c.station_code == bindparam("code"), station_day.c.day == bindparam("day"))
    .label("day_held"),
    select(station_month.c.arrivals)
    .where(
        station_month.c.station_code == bindparam("code"),
        station_month.c.month == bindparam("month"),
    )
    .scalar_subquery()
    .label("arrivals"),
)
_INSERT_LAST = insert(station_last)
_UPDATE_LAST = (
    update(station_last)
    .where(station_last.c.station_code == bindparam("b_code"))
    .values(last_contact=bindparam("b_contact"), last_day=bindparam("b_last_day"))
)
_OLD_VALUES = select(HqValue.metric, HqValue.dimension, HqValue.value).where(
    HqValue.station_code == bindparam("code"), HqValue.date == bindparam("day")
)
_INSERT_DAY = insert(station_day)
_UPDATE_DAY = update(station_day).where(
    station_day.c.station_code == bindparam("b_code"), station_day.c.day == bindparam("b_day")
)
_INSERT_MONTH = insert(station_month)
_UPDATE_MONTH = (
    update(station_month)
    .where(
        station_month.c.station_code == bindparam("b_code"),
        station_month.c.month == bindparam("b_month"),
    )
    .values(arrivals=bindparam("b_arrivals"))
)


def _add_to_district(
    connection: Connection,
    district: str,
    day: dt.date,
    deltas: Mapping[Key, tuple[int, int]],
) -> None:
    rows = [
        (day, district, metric, dimension, hi, lo)
        for (metric, dimension), (hi, lo) in sorted(deltas.items())
        if hi or lo
    ]
    insert_rows(connection, district_day, _DISTRICT_COLUMNS, rows, suffix=_ADD_TO_DISTRICT)


def _parts(values: Iterable[tuple[str, str, int]], sign: int) -> dict[Key, tuple[int, int]]:
    """Each (metric, dimension)'s value split in two, with the sums of the metrics that
    have no ``total`` row added under ``SUMMED``; times ``sign`` (-1: taken away)."""
    parts: dict[Key, tuple[int, int]] = {}

    def add(key: Key, hi: int, lo: int) -> None:
        old_hi, old_lo = parts.get(key, (0, 0))
        parts[key] = (old_hi + sign * hi, old_lo + sign * lo)

    for metric, dimension, value in values:
        hi, lo = split(value)
        add((metric, dimension), hi, lo)
        if metric in SUMMED_METRICS:
            add((metric, SUMMED), hi, lo)
    return parts


def _combined(*many: Mapping[Key, tuple[int, int]]) -> dict[Key, tuple[int, int]]:
    out: dict[Key, tuple[int, int]] = {}
    for parts in many:
        for key, (hi, lo) in parts.items():
            old_hi, old_lo = out.get(key, (0, 0))
            out[key] = (old_hi + hi, old_lo + lo)
    return out


def _station_day_columns(parts: Mapping[Key, tuple[int, int]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for name, (metric, dimension) in STATION_DAY_FIGURES.items():
        hi, lo = parts.get((metric, dimension or SUMMED), (0, 0))
        columns[f"{name}_hi"] = hi
        columns[f"{name}_lo"] = lo
    return columns


def apply_batch(
    connection: Connection,
    *,
    code: str,
    district: str,
    day: dt.date,
    received_at: dt.datetime,
    applied: bool,
    replacing: bool,
    rows: Sequence[SummaryRow],
) -> None:
    """Bring the rollups up to date with a batch ingest has just recorded.

    Called in ingest's transaction, after the batch's ``hq_batch`` row is written and BEFORE
    a replaced day's old ``hq_value`` rows are deleted (``replacing``: the station's day had
    an applied revision, whose rows are read here and taken away). ``district``: the
    station's, as read under ingest's lock on the station row. ``applied``: False for a
    revision older than the one held, which counts only as contact.
    """
    month = day.replace(day=1)
    state = connection.execute(_STATE, {"code": code, "day": day, "month": month}).one()
    if not state.has_last:
        connection.execute(
            _INSERT_LAST,
            {
                "station_code": code,
                "last_contact": received_at,
                "last_day": day if applied else None,
            },
        )
    else:
        last_day = state.last_day
        if applied and (last_day is None or day > last_day):
            last_day = day
        contact = state.last_contact
        if contact is None or received_at > contact:
            contact = received_at
        if (contact, last_day) != (state.last_contact, state.last_day):
            connection.execute(
                _UPDATE_LAST, {"b_code": code, "b_contact": contact, "b_last_day": last_day}
            )
    if not applied:
        return
    new = _parts(((row.metric.value, row.dimension, row.value) for row in rows), 1)
    old: dict[Key, tuple[int, int]] = {}
    if replacing:
        old = _parts(connection.execute(_OLD_VALUES, {"code": code, "day": day}).all(), -1)
    _add_to_district(connection, district, day, _combined(new, old))
    columns = _station_day_columns(new)
    if not state.day_held:
        connection.execute(
            _INSERT_DAY,
            {"station_code": code, "day": day, "first_received_at": received_at, **columns},
        )
        _mark_arrival(connection, code, day, received_at, state.arrivals)
    else:
        connection.execute(_UPDATE_DAY, {"b_code": code, "b_day": day, **columns})


def _arrival_lag(day: dt.date, received_at: dt.datetime) -> int:
    # HQ's calendar: its clock's zone, which is the default one (HQ has no zone setting).
    return (local_date(received_at, default_zone()) - day).days


def _mark_arrival(
    connection: Connection,
    code: str,
    day: dt.date,
    received_at: dt.datetime,
    arrivals: str | None,
) -> None:
    """Note a day's first arrival in its station's month (a later revision leaves it);
    ``arrivals``: the month's marks as held (None: no row yet)."""
    month = day.replace(day=1)
    mark = lag_mark(_arrival_lag(day, received_at))
    if arrivals is None:
        marks = NOT_RECEIVED * 31
        marks = marks[: day.day - 1] + mark + marks[day.day :]
        connection.execute(_INSERT_MONTH, {"station_code": code, "month": month, "arrivals": marks})
    elif arrivals[day.day - 1] == NOT_RECEIVED:
        marks = arrivals[: day.day - 1] + mark + arrivals[day.day :]
        connection.execute(_UPDATE_MONTH, {"b_code": code, "b_month": month, "b_arrivals": marks})


def move_station(connection: Connection, code: str, old_district: str, new_district: str) -> None:
    """Move a station's sums from one district's rollups to another's: call it in the
    transaction that changes the station's district."""
    if old_district == new_district:
        return
    by_day: dict[dt.date, list[tuple[str, str, int]]] = {}
    for day, metric, dimension, value in connection.execute(
        select(HqValue.date, HqValue.metric, HqValue.dimension, HqValue.value).where(
            HqValue.station_code == code
        )
    ):
        by_day.setdefault(day, []).append((metric, dimension, value))
    for day in sorted(by_day):
        _add_to_district(connection, old_district, day, _parts(by_day[day], -1))
        _add_to_district(connection, new_district, day, _parts(by_day[day], 1))


def set_district(connection: Connection, code: str, district: str) -> None:
    """Give a station another district and move its sums with it (``move_station``), in
    the caller's transaction: what the stations page calls when the district is edited."""
    old = connection.execute(
        select(HqStation.district).where(HqStation.code == code).with_for_update()
    ).scalar_one()
    connection.execute(update(HqStation).where(HqStation.code == code).values(district=district))
    move_station(connection, code, old, district)


def rebuild_rollups(connection: Connection) -> None:
    """Make every rollup table again from ``hq_value`` and ``hq_batch`` (in SQL: minutes,
    not hours, for a year of a thousand stations)."""
    for table in (district_day, station_day, station_last, station_month):
        connection.execute(delete(table))
    hi = HqValue.value // SPLIT
    lo = HqValue.value % SPLIT
    by_dimension = (
        select(
            HqValue.date,
            HqStation.district,
            HqValue.metric,
            HqValue.dimension,
            func.sum(hi),
            func.sum(lo),
        )
        .join(HqStation, HqStation.code == HqValue.station_code)
        .group_by(HqValue.date, HqStation.district, HqValue.metric, HqValue.dimension)
    )
    summed = (
        select(
            HqValue.date,
            HqStation.district,
            HqValue.metric,
            literal(SUMMED),
            func.sum(hi),
            func.sum(lo),
        )
        .join(HqStation, HqStation.code == HqValue.station_code)
        .where(HqValue.metric.in_(sorted(SUMMED_METRICS)))
        .group_by(HqValue.date, HqStation.district, HqValue.metric)
    )
    names = ["day", "district", "metric", "dimension", "value_hi", "value_lo"]
    # In the order of the days, as ingest writes them: a period's rows lie together.
    connection.execute(
        insert(district_day).from_select(
            names, by_dimension.union_all(summed).order_by(literal_column("1"))
        )
    )

    sums = []
    for name, (metric, dimension) in STATION_DAY_FIGURES.items():
        chosen = HqValue.metric == metric
        if dimension is not None:
            chosen = and_(chosen, HqValue.dimension == dimension)
        sums.append(func.sum(case((chosen, hi), else_=0)).label(f"{name}_hi"))
        sums.append(func.sum(case((chosen, lo), else_=0)).label(f"{name}_lo"))
    values = (
        select(HqValue.station_code, HqValue.date, *sums)
        .group_by(HqValue.station_code, HqValue.date)
        .subquery()
    )
    firsts = (
        select(
            HqBatch.station_code,
            HqBatch.day,
            func.min(HqBatch.received_at).label("first_received_at"),
        )
        .group_by(HqBatch.station_code, HqBatch.day)
        .subquery()
    )
    figure_columns = [f"{name}_{part}" for name in STATION_DAY_FIGURES for part in ("hi", "lo")]
    connection.execute(
        insert(station_day).from_select(
            ["station_code", "day", "first_received_at", *figure_columns],
            select(
                firsts.c.station_code,
                firsts.c.day,
                firsts.c.first_received_at,
                *[func.coalesce(values.c[column], 0) for column in figure_columns],
            )
            .join(
                values,
                and_(values.c.station_code == firsts.c.station_code, values.c.date == firsts.c.day),
                isouter=True,
            )
            .order_by(firsts.c.day, firsts.c.station_code),
        )
    )
    connection.execute(
        insert(station_last).from_select(
            ["station_code", "last_contact", "last_day"],
            select(
                HqBatch.station_code,
                func.max(HqBatch.received_at),
                func.max(case((HqBatch.applied, HqBatch.day), else_=None)),
            ).group_by(HqBatch.station_code),
        )
    )

    _rebuild_months(connection)


def _rebuild_months(connection: Connection) -> None:
    """The month rows from the station days just made (in Python: the lag is a day on HQ's
    calendar), month after month."""
    months: dict[tuple[str, dt.date], list[str]] = {}
    for code, day, first in connection.execute(
        select(station_day.c.station_code, station_day.c.day, station_day.c.first_received_at)
    ):
        marks = months.setdefault((code, day.replace(day=1)), [NOT_RECEIVED] * 31)
        marks[day.day - 1] = lag_mark(_arrival_lag(day, first))
    rows = [
        {"station_code": code, "month": month, "arrivals": "".join(marks)}
        for (code, month), marks in sorted(months.items(), key=lambda item: item[0][::-1])
    ]
    for start in range(0, len(rows), 10_000):
        connection.execute(insert(station_month), rows[start : start + 10_000])


def rebuild(db: HqDatabase) -> None:
    """``rebuild_rollups`` in a transaction of its own (the repair command)."""
    with db.engine.begin() as connection:
        rebuild_rollups(connection)
