"""The numbers behind the period report (周报/月报): visits, people, services, stock, loans.

Each figure is one aggregate query over an indexed time range (``visit.checked_in_at``,
``worker.created_at``, ``stock_movement.occurred_at``), so a week costs the same whatever
years of history lie behind it; only stock on the shelf (a sum over an item's whole journal)
and batch remainders read further back, and those from indexes alone where they can.

Flows (visits, services, items issued) belong to the period's local days as the books stand
now: an undone visit, a corrected service or an undone issue is taken out of the period it
was recorded in, whenever it was corrected. The state of the shelf (stock, expiring batches,
overdue loans) is taken *as of* the end of the period, or now for a period still running,
from the journal's rows before that moment (see ``report_views``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    case,
    cast,
    exists,
    func,
    select,
)
from sqlalchemy import Integer as SqlInteger
from sqlalchemy.orm import Session, aliased

from station_app.db.engine import Database
from station_app.db.models import (
    InventoryItem,
    Loan,
    ServiceRecord,
    ServiceType,
    StationProfileRow,
    StockMovement,
    Visit,
    Worker,
)
from station_app.db.types import utcnow
from station_app.db.uow import UnitOfWork
from station_app.domain.clock import as_utc, day_start, local_date
from station_app.domain.enums import MovementKind, VisitSource
from station_app.domain.periods import Period
from station_app.domain.stock import Batch, fefo, is_expiring, without_unassigned
from station_app.i18n import _
from station_app.services.labels import catalog_label, occupation_labels
from station_app.services.report_views import (
    EXPIRY_WINDOW_DAYS,
    Count,
    DayCount,
    ExpiringLine,
    Figure,
    OverdueLine,
    PeriodReport,
    StockLine,
)

QUARTER = 15  # minutes: every time zone's offset (and change of offset) is a multiple of it


@dataclass(frozen=True)
class _Window:
    """A period's local days as a [start, end) range of aware UTC times."""

    start: dt.datetime
    end: dt.datetime

    def holds(self, column: SQLColumnExpression[dt.datetime]) -> ColumnElement[bool]:
        return and_(column >= self.start, column < self.end)


def _window(period: Period, zone: dt.tzinfo | None) -> _Window:
    return _Window(day_start(period.start, zone), day_start(period.after_end, zone))


@dataclass
class _Tally:
    """One period's flows, straight from the aggregate queries."""

    visits: int = 0
    distinct_workers: int = 0
    anonymous: int = 0
    union_members: int = 0
    wants_to_join: int = 0
    new_registrations: int = 0
    services: int = 0
    by_occupation: dict[str, int] = field(default_factory=dict)
    by_service: dict[int, int] = field(default_factory=dict)  # service type id → quantity


def _tally(session: Session, window: _Window) -> _Tally:
    in_window = window.holds(Visit.checked_in_at)
    visits, distinct, anonymous = session.execute(
        select(
            func.count(),
            func.count(Visit.worker_id.distinct()),
            func.coalesce(
                func.sum(case((Visit.source == VisitSource.ANONYMOUS.value, 1), else_=0)), 0
            ),
        ).where(in_window)
    ).one()
    visitors = select(Visit.worker_id).where(in_window, Visit.worker_id.is_not(None)).distinct()
    members, wanting = session.execute(
        select(
            func.coalesce(func.sum(case((Worker.union_member, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Worker.wants_to_join, 1), else_=0)), 0),
        ).where(Worker.id.in_(visitors))
    ).one()
    registered = session.scalar(
        select(func.count()).select_from(Worker).where(window.holds(Worker.created_at))
    )
    by_occupation = dict(
        session.execute(
            select(Visit.occupation_code, func.count())
            .where(in_window)
            .group_by(Visit.occupation_code)
        ).all()
    )
    by_service = dict(
        session.execute(
            select(ServiceRecord.service_type_id, func.sum(ServiceRecord.quantity))
            .join(Visit, Visit.id == ServiceRecord.visit_id)
            .where(in_window)
            .group_by(ServiceRecord.service_type_id)
        ).all()
    )
    return _Tally(
        visits=int(visits),
        distinct_workers=int(distinct),
        anonymous=int(anonymous),
        union_members=int(members),
        wants_to_join=int(wanting),
        new_registrations=int(registered or 0),
        services=sum(int(n) for n in by_service.values()),
        by_occupation={code: int(n) for code, n in by_occupation.items()},
        by_service={type_id: int(n) for type_id, n in by_service.items()},
    )


def _quarters(session: Session, window: _Window) -> list[tuple[dt.datetime, int]]:
    """Visits per quarter of an hour (UTC), read from the check-in time's index alone.

    Counting by quarter hour in SQL and placing each quarter on the local clock here keeps
    the zone's rules (any offset, a daylight-saving change) out of SQL.
    """
    stamp = Visit.checked_in_at
    hour = func.substr(stamp, 1, 13)  # stored as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC)
    quarter = cast(func.substr(stamp, 15, 2), SqlInteger) / QUARTER
    rows = session.execute(
        select(hour, quarter, func.count()).where(window.holds(stamp)).group_by(hour, quarter)
    )
    return [
        (
            dt.datetime.fromisoformat(f"{text}:00+00:00")
            + dt.timedelta(minutes=QUARTER * int(part)),
            int(n),
        )
        for text, part, n in rows
    ]


def _counts(
    codes: Iterable[str],
    current: dict[str, int],
    previous: dict[str, int],
    label: dict[str, str],
    order: dict[str, tuple[int, int]],
) -> list[Count]:
    """Rows present in either period, most first (this period, then the previous one)."""
    rows = [
        Count(code, label.get(code, code), current.get(code, 0), previous.get(code, 0))
        for code in codes
        if current.get(code, 0) or previous.get(code, 0)
    ]
    rows.sort(key=lambda row: (-row.value, -row.previous, order.get(row.code, (len(order), 0))))
    return rows


def _service_counts(session: Session, current: _Tally, previous: _Tally) -> list[Count]:
    ids = set(current.by_service) | set(previous.by_service)
    types = {
        row.id: row for row in session.scalars(select(ServiceType).where(ServiceType.id.in_(ids)))
    }
    code_of = {type_id: types[type_id].code for type_id in ids}
    return _counts(
        code_of.values(),
        {code_of[i]: n for i, n in current.by_service.items()},
        {code_of[i]: n for i, n in previous.by_service.items()},
        {row.code: catalog_label(row.name, row.builtin) for row in types.values()},
        {row.code: (row.sort_order, row.id) for row in types.values()},
    )


def _issued(session: Session, window: _Window) -> dict[int, int]:
    """Item id → units handed out in the window (issues and service use), leaving out the
    issues undone since (an undo writes a reversing row that names the row it cancels)."""
    undo = aliased(StockMovement)
    # "+ 0" keeps SQLite from walking the whole reverses_id or item_id index (almost every
    # row has no reverses_id) instead of the window of occurred_at.
    rows = session.execute(
        select(StockMovement.item_id + 0, -func.sum(StockMovement.quantity))
        .where(
            window.holds(StockMovement.occurred_at),
            StockMovement.kind == MovementKind.ISSUE.value,
            (StockMovement.reverses_id + 0).is_(None),
            ~exists().where(undo.reverses_id == StockMovement.id),
        )
        .group_by(StockMovement.item_id + 0)
    )
    return {int(item_id): int(n) for item_id, n in rows}


def _stock_as_of(session: Session, as_of: dt.datetime) -> dict[int, int]:
    """Item id → stock on the shelf at ``as_of``: today's stock, summed from the index on
    item and quantity alone (no table rows), less what moved since, which for a recent
    period is a few days of rows."""
    # One index range per item costs about a tenth less per row than grouping the whole
    # index (as stock_journal.stocks does), and this sum reads every year of the journal.
    on_shelf = (
        select(func.coalesce(func.sum(StockMovement.quantity), 0))
        .where(StockMovement.item_id == InventoryItem.id)
        .scalar_subquery()
    )
    stock = {
        int(item_id): int(n) for item_id, n in session.execute(select(InventoryItem.id, on_shelf))
    }
    since = session.execute(
        select(StockMovement.item_id + 0, func.sum(StockMovement.quantity))
        .where(StockMovement.occurred_at >= as_of)
        .group_by(StockMovement.item_id + 0)
    )
    for item_id, moved in since:
        stock[int(item_id)] = stock.get(int(item_id), 0) - int(moved)
    return stock


def _batches_as_of(
    session: Session, stock: dict[int, int], item_ids: list[int], as_of: dt.datetime
) -> dict[int, list[Batch]]:
    """Each item's batches with what they held at ``as_of`` (the rules of
    ``stock_journal.batches_of``, with only the rows written before ``as_of``).

    The units taken out without naming a batch (rows from before batches were tracked, and
    the demo's) are not summed row by row: every row is a batch (in), a take naming a batch,
    or such a take, so they are what the stock at ``as_of`` leaves unexplained.
    """
    take = aliased(StockMovement)
    # What was taken from (or put back into) each batch by then, summed per batch from the
    # index on (batch_id, occurred_at, quantity) alone, in the same query as the batches.
    taken = (
        select(func.coalesce(func.sum(take.quantity), 0))
        .where(take.batch_id == StockMovement.id, take.occurred_at < as_of)
        .scalar_subquery()
    )
    origins = session.execute(
        select(
            StockMovement.id,
            StockMovement.item_id,
            StockMovement.quantity + taken,
            StockMovement.batch_expiry,
        ).where(
            StockMovement.item_id.in_(item_ids),
            StockMovement.quantity > 0,  # from the index on item and quantity: "+ 0" keeps
            (StockMovement.batch_id + 0).is_(None),  # SQLite off the batch_id one (mostly NULL)
            StockMovement.occurred_at < as_of,
        )
    )
    batches: dict[int, list[Batch]] = {item_id: [] for item_id in item_ids}
    for origin_id, item_id, remaining, expiry in origins:
        batches[item_id].append(Batch(id=origin_id, expiry=expiry, remaining=int(remaining)))
    return {
        item_id: without_unassigned(
            found, sum(batch.remaining for batch in found) - stock.get(item_id, 0)
        )
        for item_id, found in batches.items()
    }


def _expiring(
    session: Session,
    items: list[InventoryItem],
    stock: dict[int, int],
    as_of: dt.datetime,
    zone: dt.tzinfo | None,
) -> list[ExpiringLine]:
    day = local_date(as_of, zone)
    by_id = {item.id: item for item in items}
    # Only items with a dated batch received by then can have one to report.
    dated_batch = (
        exists()
        .where(
            StockMovement.item_id == InventoryItem.id,
            StockMovement.quantity > 0,
            StockMovement.batch_expiry.is_not(None),
            StockMovement.batch_id.is_(None),
            StockMovement.occurred_at < as_of,
        )
        .correlate(InventoryItem)
    )
    dated = list(
        session.scalars(
            select(InventoryItem.id).where(InventoryItem.id.in_(list(by_id)), dated_batch)
        )
    )
    lines = [
        ExpiringLine(
            name=by_id[item_id].name,
            unit=by_id[item_id].unit,
            expires_on=batch.expiry,
            quantity=batch.remaining,
        )
        for item_id, batches in _batches_as_of(session, stock, dated, as_of).items()
        for batch in fefo(batches)
        if batch.expiry is not None and is_expiring(batch.expiry, day, EXPIRY_WINDOW_DAYS)
    ]
    lines.sort(key=lambda line: (line.expires_on, line.name))
    return lines


def _borrower(worker_id: int | None, worker_name: str | None, note: str) -> str:
    if worker_name:
        return worker_name
    if worker_id is not None or not note:
        # Erasing a worker blanks their name and unlinks their loans; a loan without a
        # worker always had a deposit note, so one with neither was an erased worker's.
        return _("(personal data erased)")
    return _("Deposit: {note}").format(note=note)


def _overdue(session: Session, as_of: dt.datetime) -> list[OverdueLine]:
    """Loans lent before ``as_of``, due before it and not back by then, longest overdue
    first. Read as loans still out plus loans returned since ``as_of`` (both from the index
    on returned_at): the loans due before ``as_of`` are nearly every loan ever made."""
    listing = (
        select(Loan, InventoryItem.name, Worker.display_name)
        .join(InventoryItem, InventoryItem.id == Loan.item_id)
        .outerjoin(Worker, Worker.id == Loan.worker_id)
    )
    rows = [
        row
        for still_out in (Loan.returned_at.is_(None), Loan.returned_at >= as_of)
        for row in session.execute(listing.where(still_out, Loan.lent_at < as_of))
        if row[0].due_at < as_of
    ]
    rows.sort(key=lambda row: (row[0].due_at, row[0].id))
    return [
        OverdueLine(
            item_name=item_name,
            borrower=_borrower(loan.worker_id, worker_name, loan.deposit_note),
            lent_at=loan.lent_at,
            due_at=loan.due_at,
            overdue_by=as_of - loan.due_at,
        )
        for loan, item_name, worker_name in rows
    ]


class ReportService:
    """The figures of a period report, read in one unit of work (nothing is written)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def period_report(
        self,
        period: Period,
        *,
        now: dt.datetime | None = None,
        zone: dt.tzinfo | None = None,
    ) -> PeriodReport:
        """Visits, people, services, stock and loans of ``period`` (local days of ``zone``,
        the PC's zone when None), each key figure with the previous period's value."""
        generated = as_utc(now) if now is not None else utcnow()
        previous = period.previous()
        window, window_before = _window(period, zone), _window(previous, zone)
        as_of = min(window.end, generated)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            profile = session.get(StationProfileRow, 1)
            name, code = (profile.name, profile.code) if profile else ("", "")
            current, before = _tally(session, window), _tally(session, window_before)
            occupations = occupation_labels(session)
            by_occupation = _counts(
                {*current.by_occupation, *before.by_occupation},
                current.by_occupation,
                before.by_occupation,
                occupations,
                {code: (n, 0) for n, code in enumerate(occupations)},
            )
            services = _service_counts(session, current, before)
            per_day: Counter[dt.date] = Counter()
            per_hour = [0] * 24
            for moment, n in _quarters(session, window):
                local = moment.astimezone(zone)
                per_day[local.date()] += n
                per_hour[local.hour] += n
            items = list(
                session.scalars(
                    select(InventoryItem)
                    .where(InventoryItem.active)
                    .order_by(InventoryItem.category, InventoryItem.name)
                )
            )
            issued = _issued(session, window)
            stock = _stock_as_of(session, as_of)
            lines = [
                StockLine(
                    item_id=item.id,
                    name=item.name,
                    unit=item.unit,
                    issued=issued.get(item.id, 0),
                    stock=stock.get(item.id, 0),
                    min_stock=item.min_stock,
                )
                for item in items
            ]
            expiring = _expiring(session, items, stock, as_of, zone)
            overdue = _overdue(session, as_of)
        return PeriodReport(
            station_name=name,
            station_code=code,
            period=period,
            previous=previous,
            generated_at=generated,
            as_of=as_of,
            visits=Figure(current.visits, before.visits),
            distinct_workers=Figure(current.distinct_workers, before.distinct_workers),
            new_registrations=Figure(current.new_registrations, before.new_registrations),
            union_members=Figure(current.union_members, before.union_members),
            wants_to_join=Figure(current.wants_to_join, before.wants_to_join),
            services=Figure(current.services, before.services),
            card_visits=current.visits - current.anonymous,
            anonymous_visits=current.anonymous,
            visits_by_day=[DayCount(day, per_day.get(day, 0)) for day in period.dates()],
            by_occupation=by_occupation,
            by_hour=per_hour,
            services_by_type=services,
            stock=lines,
            expiring=expiring,
            overdue_loans=overdue,
        )

    def first_visit_day(self, zone: dt.tzinfo | None = None) -> dt.date | None:
        """The local day of the station's first visit (None before any): a report for a
        week before it would be an empty page nobody needs."""
        with UnitOfWork(self._db) as uow:
            first = uow.session.scalar(select(func.min(Visit.checked_in_at)))
        return None if first is None else local_date(first, zone)
