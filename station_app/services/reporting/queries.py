"""The aggregate queries behind the period report and the daily summary for HQ.

Each one reads an indexed time range (``visit.checked_in_at``, ``worker.created_at``,
``stock_movement.occurred_at``) or an index alone, so a day or a week costs the same whatever
years of history lie behind it. They only read: the caller's unit of work holds the session.
Shared by ``services.reports`` (a period, with the one before) and ``services.summaries``
(one closed day), so the weekly report and what HQ receives can never count differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, cast, exists, func, select
from sqlalchemy import Integer as SqlInteger
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from station_app.db.models import (
    AuditEvent,
    InventoryItem,
    Loan,
    ServiceRecord,
    StockBalance,
    StockMovement,
    Visit,
    Worker,
)
from station_app.domain.days import day_start, local_date
from station_app.domain.enums import MovementKind
from station_app.domain.periods import Period
from station_app.services.stock import journal

ITEM_CREATED = "item_created"  # the audit action written when an item is added
QUARTER = 15  # minutes: every time zone's offset (and change of offset) is a multiple of it


@dataclass(frozen=True)
class Window:
    """A period's local days as a [start, end) range of aware UTC times."""

    start: dt.datetime
    end: dt.datetime

    def holds(self, column: SQLColumnExpression[dt.datetime]) -> ColumnElement[bool]:
        return and_(column >= self.start, column < self.end)


def period_window(period: Period, zone: dt.tzinfo) -> Window:
    return Window(day_start(period.start, zone), day_start(period.after_end, zone))


@dataclass
class Tally:
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


def first_visit_day(session: Session, zone: dt.tzinfo) -> dt.date | None:
    """The local day of the station's first visit (None before any), from the index on the
    check-in time."""
    first = session.scalar(select(func.min(Visit.checked_in_at)))
    return None if first is None else local_date(first, zone)


def tally(session: Session, window: Window) -> Tally:
    """The window's flows. People are counted by what each visit keeps for counting
    (revision 0012), never through the worker's row or card, so an erasure or a later
    change of a worker's details leaves every past figure as it was."""
    in_window = window.holds(Visit.checked_in_at)
    key = Visit.visitor_key

    def distinct_where(flag: SQLColumnExpression[bool]) -> ColumnElement[int]:
        return func.count(case((flag, key), else_=None).distinct())

    visits, distinct, anonymous, members, wanting = session.execute(
        select(
            func.count(),
            func.count(key.distinct()),
            func.coalesce(func.sum(case((Visit.came_with_card, 0), else_=1)), 0),
            distinct_where(Visit.member_at_visit),
            distinct_where(Visit.wanting_at_visit),
        ).where(in_window)
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
    return Tally(
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


def quarters(session: Session, window: Window) -> list[tuple[dt.datetime, int]]:
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


def _kept() -> ColumnElement[bool]:
    """The journal rows that stand: neither an undo nor undone. An undo corrects the books:
    the mistaken row and the row undoing it are both left out of every figure, whenever the
    undo was written, so a period's opening stock, flows and closing stock always add up."""
    undo = aliased(StockMovement)
    # "+ 0" keeps SQLite from walking the whole reverses_id index (almost every row has no
    # reverses_id) instead of the time range asked for.
    return and_(
        (StockMovement.reverses_id + 0).is_(None),
        ~exists().where(undo.reverses_id == StockMovement.id),
    )


def flows_by_item(session: Session, window: Window) -> dict[int, dict[str, int]]:
    """Item id → {movement kind → signed units} of the rows that stand in the window."""
    rows = session.execute(
        select(StockMovement.item_id + 0, StockMovement.kind, func.sum(StockMovement.quantity))
        .where(window.holds(StockMovement.occurred_at), _kept())
        .group_by(StockMovement.item_id + 0, StockMovement.kind)
    )
    flows: dict[int, dict[str, int]] = {}
    for item_id, kind, n in rows:
        flows.setdefault(int(item_id), {})[str(kind)] = int(n)
    return flows


def issued_by_item(session: Session, window: Window) -> dict[int, int]:
    """Item id → units handed out in the window (issues and service use), leaving out the
    issues undone since."""
    return {
        item_id: -kinds.get(MovementKind.ISSUE.value, 0)
        for item_id, kinds in flows_by_item(session, window).items()
        if kinds.get(MovementKind.ISSUE.value)
    }


def stock_as_of(session: Session, as_of: dt.datetime, *, corrected: bool = False) -> dict[int, int]:
    """Item id → stock on the shelf at ``as_of``: today's stock, the sum of the item's few
    ``stock_balance`` rows that hold something (one per batch), less what moved since,
    which for a recent period is a few days of rows.

    ``corrected``: as the books stand now, leaving out a row undone since (as
    ``flows_by_item`` does), so a report's opening and closing stock add up with its
    flows. Without it, as the journal stood then (the daily summary's stock level, which
    a later undo does not rewrite)."""
    on_shelf = (
        select(func.coalesce(func.sum(StockBalance.quantity), 0))
        .where(StockBalance.item_id == InventoryItem.id, journal.HELD)
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
    if not corrected:
        return stock
    # An undo written since of a row from before: that row no longer stands either.
    undone = aliased(StockMovement)
    late_undos = session.execute(
        select(StockMovement.item_id + 0, func.sum(StockMovement.quantity))
        .join(undone, undone.id == StockMovement.reverses_id)
        .where(StockMovement.occurred_at >= as_of, undone.occurred_at < as_of)
        .group_by(StockMovement.item_id + 0)
    )
    for item_id, put_back in late_undos:
        stock[int(item_id)] = stock.get(int(item_id), 0) + int(put_back)
    return stock


def items_since(session: Session) -> dict[int, dt.datetime]:
    """Item id → when the item came into the books: its creation (the audit trail), or its
    first movement for an item written without one (the demo, older data), whichever came
    first. An item with neither is missing: it has always been there."""
    created = session.execute(
        select(AuditEvent.entity_id, func.min(AuditEvent.at))
        .where(AuditEvent.action == ITEM_CREATED, AuditEvent.entity == "inventory_item")
        .group_by(AuditEvent.entity_id)
    )
    since: dict[int, dt.datetime] = {}
    for entity_id, at in created:
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


def still_out(as_of: dt.datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """The loans not back by ``as_of``, as two conditions read from the index on
    returned_at (still out, returned since): the loans due before ``as_of`` are nearly every
    loan ever made, so that condition is checked on these few rows afterwards."""
    return (Loan.returned_at.is_(None), Loan.returned_at >= as_of)


def overdue_count(session: Session, as_of: dt.datetime) -> int:
    """Loans lent before ``as_of``, due before it and not back by then."""
    # SQLite's unary + leaves the due date as it is but keeps the planner off its index: a
    # loan due before a recent day is nearly every loan ever made, while the few returned
    # since (or never) are a short range of the index on returned_at.
    due_at = UnaryExpression(
        Loan.due_at.expression, operator=operators.custom_op("+"), type_=Loan.due_at.type
    )
    return sum(
        session.scalar(
            select(func.count()).select_from(Loan).where(out, Loan.lent_at < as_of, due_at < as_of)
        )
        or 0
        for out in still_out(as_of)
    )
