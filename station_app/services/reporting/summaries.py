"""The daily summary for union HQ: one closed local day's counts, as a signed batch.

The figures are those of the period report for a one-day period (the same queries, in
``report_queries``), written in format v2 of ``domain.summary_format``
(docs/summary-format-v1.md, and docs/summary-format-v2.md for what the union evaluates a
station on: hours kept, medicine and food in date, items short, the self-check, the
activities held). Counts only: the rows carry codes, hours and item names, never a worker's
name, phone, card number or id.

Flows (visits, services, items issued) are the day's as the books stand when the batch is
made, so a correction made later changes them: that is what a new revision of the day is for.
The state of the shelf (stock, overdue loans) is taken as of the end of the day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import (
    Activity,
    ActivityItem,
    ActivityParticipant,
    AuditEvent,
    InventoryItem,
    ServiceType,
    StationProfileRow,
    StockMovement,
)
from station_app.db.uow import UnitOfWork
from station_app.domain.errors import ServiceError
from station_app.domain.periods import day_range
from station_app.domain.stock import IN_DATE_CATEGORIES
from station_app.domain.summary_format import (
    METRIC_LABELS,
    TOTAL,
    Manifest,
    Metric,
    SummaryRow,
    UnwritableDay,
    clean_name,
    file_stem,
    hour_dimension,
    item_dimension,
    occupation_dimension,
    service_dimension,
    sha256_hex,
    sign,
    sort_key,
    source_dimension,
    write_csv,
)
from station_app.i18n import _
from station_app.services.people.keyring import own_key_row, signing_key
from station_app.services.reporting.opening_hours import opening_days
from station_app.services.reporting.queries import (
    issued_by_item,
    overdue_count,
    period_window,
    quarters,
    stock_as_of,
    tally,
)
from station_app.services.station.self_check import latest_self_check
from station_app.services.stock import journal

# The posted hours per weekday (Monday first) and the declared closed days (date, note), as
# the station's settings hold them.
Hours = tuple[Sequence[str], Sequence[tuple[str, str]]]
NO_HOURS: Hours = (("",) * 7, ())


@dataclass(frozen=True)
class _Context:
    """What a day's v2 figures need beyond the books: the settings' hours, who is on duty."""

    hours: Hours
    on_duty: int | None
    now: dt.datetime


@dataclass(frozen=True)
class SummaryBatch:
    """One day's file and its signed manifest, ready to be written or sent."""

    csv: bytes
    manifest: Manifest

    @property
    def stem(self) -> str:
        """``<station code>_<date>_r<revision>``: add ``.csv`` and ``.manifest.json``."""
        manifest = self.manifest
        return file_stem(manifest.station_code, manifest.period_start, manifest.revision)


def _by_name(amounts: dict[int, int], names: dict[int, str]) -> Counter[str]:
    # Two items may share a name (a retired one and its successor): HQ knows items by name.
    merged: Counter[str] = Counter()
    for item_id, amount in amounts.items():
        merged[clean_name(names[item_id])] += amount
    return merged


def _items_since(session: Session) -> dict[int, dt.datetime]:
    """Item id → when the item came into the books: its creation (the audit trail), or its
    first movement for an item written without one (the demo, older data), whichever came
    first. An item with neither has always been there."""
    since: dict[int, dt.datetime] = {}
    for entity_id, at in session.execute(
        select(AuditEvent.entity_id, func.min(AuditEvent.at))
        .where(AuditEvent.action == "item_created", AuditEvent.entity == "inventory_item")
        .group_by(AuditEvent.entity_id)
    ):
        if str(entity_id).isdigit():
            since[int(entity_id)] = at
    # One seek per item on the index (item, time), not a walk of the whole journal.
    first = (
        select(func.min(StockMovement.occurred_at))
        .where(StockMovement.item_id == InventoryItem.id)
        .scalar_subquery()
    )
    for item_id, at in session.execute(select(InventoryItem.id, first)):
        if at is not None:
            since[int(item_id)] = min(at, since.get(int(item_id), at))
    return since


def _rows(
    session: Session, station_code: str, day: dt.date, zone: dt.tzinfo, context: _Context
) -> list[SummaryRow]:
    window = period_window(day_range(day, day), zone)
    flows = tally(session, window)

    def row(metric: Metric, dimension: str, value: int) -> SummaryRow:
        return SummaryRow(station_code, day, metric, dimension, value)

    per_hour: Counter[int] = Counter()
    for moment, n in quarters(session, window):
        per_hour[moment.astimezone(zone).hour] += n
    service_codes = dict(
        session.execute(
            select(ServiceType.id, ServiceType.code).where(
                ServiceType.id.in_(list(flows.by_service))
            )
        ).all()
    )
    items = list(session.scalars(select(InventoryItem)))
    names = {item.id: item.name for item in items}
    # "Tracked" items: those the station watches with a minimum stock. Their level is sent
    # even at zero, where it matters most (the format allows zero rows), but only for the
    # days the item existed: adding one must not change, and so send again, the days before.
    since = _items_since(session)
    tracked = {
        item.id: item.name
        for item in items
        if item.active
        and item.min_stock > 0
        and (item.id not in since or since[item.id] < window.end)
    }
    shelf = stock_as_of(session, window.end)
    issued = _by_name(issued_by_item(session, window), names)
    levels = _by_name({item_id: shelf.get(item_id, 0) for item_id in tracked}, tracked)

    rows = [
        row(Metric.VISITS, TOTAL, flows.visits),
        row(Metric.DISTINCT_WORKERS, TOTAL, flows.distinct_workers),
        row(Metric.NEW_REGISTRATIONS, TOTAL, flows.new_registrations),
        row(Metric.UNION_MEMBERS, TOTAL, flows.union_members),
        row(Metric.WANTS_TO_JOIN, TOTAL, flows.wants_to_join),
        row(Metric.OVERDUE_LOANS, TOTAL, overdue_count(session, window.end)),
        row(Metric.VISITS, source_dimension("card"), flows.visits - flows.anonymous),
        row(Metric.VISITS, source_dimension("anonymous"), flows.anonymous),
        *(
            row(Metric.VISITS, occupation_dimension(code), n)
            for code, n in flows.by_occupation.items()
        ),
        *(row(Metric.VISITS, hour_dimension(hour), n) for hour, n in per_hour.items()),
        *(
            row(Metric.SERVICES, service_dimension(service_codes[type_id]), n)
            for type_id, n in flows.by_service.items()
        ),
        *(row(Metric.ITEMS_ISSUED, item_dimension(name), n) for name, n in issued.items()),
    ]
    # Zero rows are left out, except the totals (always present) and the tracked stock.
    rows = [r for r in rows if r.value or r.dimension == TOTAL]
    rows += [row(Metric.STOCK_LEVEL, item_dimension(name), n) for name, n in levels.items()]
    below = sum(
        1 for item in items if item.id in tracked and shelf.get(item.id, 0) < item.min_stock
    )
    rows.append(row(Metric.BELOW_MINIMUM, TOTAL, below))
    rows.append(
        row(Metric.EXPIRED_BATCHES, TOTAL, _expired_batches(session, items, day, window.end))
    )
    rows += _evaluation_rows(session, station_code, day, zone, context)
    rows += [row(metric, dimension, n) for metric, dimension, n in _activity_figures(session, day)]
    return rows


def _activity_figures(session: Session, day: dt.date) -> list[tuple[Metric, str, int]]:
    """The activities held on ``day``: their number by type, the people they reached by
    occupation, the units of each item they handed out. Both totals always, zero or not."""
    types = Counter(session.scalars(select(Activity.type_code).where(Activity.held_on == day)))
    held = select(Activity.id).where(Activity.held_on == day).scalar_subquery()
    people = Counter(
        {
            code: int(n)
            for code, n in session.execute(
                select(ActivityParticipant.occupation_code, func.sum(ActivityParticipant.count))
                .where(ActivityParticipant.activity_id.in_(held))
                .group_by(ActivityParticipant.occupation_code)
            )
        }
    )
    items: Counter[str] = Counter()
    for name, n in session.execute(
        select(InventoryItem.name, func.sum(ActivityItem.quantity))
        .join(InventoryItem, InventoryItem.id == ActivityItem.item_id)
        .where(ActivityItem.activity_id.in_(held))
        .group_by(InventoryItem.id)
    ):
        items[item_dimension(name)] += int(n)
    return [
        (Metric.ACTIVITIES, TOTAL, types.total()),
        (Metric.ACTIVITY_PEOPLE, TOTAL, people.total()),
        *((Metric.ACTIVITIES, f"type:{code}", n) for code, n in types.items()),
        *((Metric.ACTIVITY_PEOPLE, occupation_dimension(code), n) for code, n in people.items()),
        *((Metric.ACTIVITY_ITEMS, dimension, n) for dimension, n in items.items() if n),
    ]


def _expired_batches(
    session: Session, items: list[InventoryItem], day: dt.date, end: dt.datetime
) -> int:
    """Batches of medicine, food and drink still on the shelf at the end of ``day`` whose
    expiry date was before it (one expiring that day was still in date on it)."""
    watched = [item.id for item in items if item.category in IN_DATE_CATEGORIES]
    if not watched:
        return 0
    return sum(
        1
        for batches in journal.batches_at(session, watched, end).values()
        for batch in batches
        if batch.remaining > 0 and batch.expiry is not None and batch.expiry < day
    )


def _evaluation_rows(
    session: Session, station_code: str, day: dt.date, zone: dt.tzinfo, context: _Context
) -> list[SummaryRow]:
    """The day's hours kept and its self-check's state (format v2)."""
    week, closed = context.hours
    (opening,) = opening_days(
        session,
        day_range(day, day),
        zone,
        week_hours=week,
        closed_days=closed,
        on_duty=context.on_duty,
        now=context.now,
    )
    posted = 0 if opening.posted is None else opening.posted.closes - opening.posted.opens
    figures = [
        (Metric.POSTED_MINUTES, posted),
        (Metric.OPEN_MINUTES, opening.minutes_open),
        (Metric.MISSED_MINUTES, opening.minutes_missed),
        (Metric.CLOSED_DAY, int(opening.declared_closed)),
    ]
    # No self-check saved by then: neither row ("none yet").
    last = latest_self_check(session, by=day)
    if last is not None:
        figures.append((Metric.SELF_CHECK_AGE_DAYS, (day - last.checked_on).days))
        missing = sum(1 for answer in last.answers if not answer.ok)
        figures.append((Metric.SELF_CHECK_MISSING, missing))
    return [SummaryRow(station_code, day, metric, TOTAL, value) for metric, value in figures]


def _station_code(session: Session) -> str:
    profile = session.get(StationProfileRow, 1)
    if profile is None or not profile.code:
        raise ServiceError(
            _(
                "The station has no code yet. Enter the code issued by headquarters in the "
                "station's settings, then make the summary again."
            )
        )
    return profile.code


class SummaryService:
    """The daily summaries sent to union HQ (format ``station-summary/2``)."""

    def __init__(self, db: Database, clock: Clock, hours: Callable[[], Hours] = lambda: NO_HOURS):
        self._db = db
        self._clock = clock
        self._hours = hours  # read at every summary, so a change in the settings applies at once

    def _context(self, now: dt.datetime | None = None) -> _Context:
        return _Context(self._hours(), self._db.duty.attendant_id, self._clock.or_now(now))

    def day_rows(self, day: dt.date, *, zone: dt.tzinfo | None = None) -> list[SummaryRow]:
        """Every figure of the local ``day`` (of ``zone``; the station's when None), sorted as the
        file holds them. Meant for a day that is over: stock and loans are taken at its end."""
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            code = _station_code(session)
            rows = _rows(session, code, day, zone or self._clock.zone, self._context())
        return sorted(rows, key=sort_key)

    def day_digest(self, day: dt.date, *, zone: dt.tzinfo | None = None) -> str:
        """The sha256 the CSV of ``day`` would have now: read only, nothing signed or
        written, so the outbox can tell a changed day from an unchanged one cheaply."""
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            code = _station_code(session)
            rows = _rows(session, code, day, zone or self._clock.zone, self._context())
            return sha256_hex(_day_csv(day, rows))

    def make_batch(
        self,
        day: dt.date,
        revision: int,
        *,
        batch_id: str | None = None,
        now: dt.datetime | None = None,
        zone: dt.tzinfo | None = None,
    ) -> SummaryBatch:
        """The CSV of the local ``day`` and its manifest, signed with the station's key.

        ``batch_id`` is a new uuid4 unless given: a re-sent revision keeps its first
        batch id (the outbox remembers it), a new revision gets a new one. Refused
        (ServiceError) for a day not over yet, whose figures would still change.
        """
        created = self._clock.or_now(now)
        zone = zone or self._clock.zone
        if revision < 1:
            raise ValueError(f"a revision counts from 1, not {revision}")
        with UnitOfWork(self._db) as uow:
            session = uow.session
            code = _station_code(session)
            end = period_window(day_range(day, day), zone).end
            if created < end:
                raise ServiceError(
                    _(
                        "The summary of {day} can be made once the day is over, after midnight."
                    ).format(day=day.isoformat())
                )
            rows = _rows(session, code, day, zone, self._context(created))
            data = _day_csv(day, rows)
            manifest = Manifest(
                batch_id=batch_id or str(uuid.uuid4()),
                station_code=code,
                period_start=day,
                period_end=day,
                revision=revision,
                row_count=len(rows),
                sha256=sha256_hex(data),
                created_at=created,
            )
            # The key is made on first use: committing keeps the one that signed.
            signed = sign(manifest, signing_key(own_key_row(session, added_at=self._clock.now())))
            uow.commit()
        return SummaryBatch(csv=data, manifest=signed)


def _day_csv(day: dt.date, rows: list[SummaryRow]) -> bytes:
    """The day's CSV; ServiceError naming the figure when the format cannot carry it (a
    stock level above what it allows, say), so the attendant knows what to correct."""
    try:
        return write_csv(rows)
    except UnwritableDay as error:
        where = ""
        if error.row is not None:
            where = f"{_(METRIC_LABELS[error.row.metric])} ({error.row.dimension}): "
        raise ServiceError(
            _(
                "The summary of {day} cannot be made: {where}{problem}. The figure comes from "
                "that day's records: ask the administrator to correct them, then send again."
            ).format(day=day.isoformat(), where=where, problem=error.problem)
        ) from None
