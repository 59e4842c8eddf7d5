"""The stock journal inside a unit of work: read stock and batches, write movements.

Shared by the inventory, lending and service-log services; nothing here commits. Every
write goes through ``bring_in``, ``take_out``, ``put_back`` or ``reverse``, so the rules
hold everywhere: stock is the sum of the rows, no row is changed or deleted, an issue
takes the earliest-expiring batch first, and stock never goes below zero.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from station_app.db.models import InventoryItem, StockMovement
from station_app.domain.enums import MovementKind
from station_app.domain.stock import Batch, NotEnoughStock, take, without_unassigned
from station_app.i18n import _
from station_app.services.errors import ServiceError
from station_app.services.stock_views import BatchTake, StockChange

_named = aliased(StockMovement)  # the rows that name a batch, summed per batch


def stock_of(session: Session, item_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
            StockMovement.item_id == item_id
        )
    )
    return int(total or 0)


def stocks(session: Session) -> dict[int, int]:
    """Item id → stock, for every item that has movements."""
    rows = session.execute(
        select(StockMovement.item_id, func.sum(StockMovement.quantity)).group_by(
            StockMovement.item_id
        )
    )
    return {item_id: int(total) for item_id, total in rows}


def batches_of(session: Session, item_id: int) -> list[Batch]:
    """The item's batches with what each still holds (empty ones included).

    Read from indexes, never by walking the item's issues: its batches from
    ``ix_stock_movement_unbatched``, each one's sum from the covering batch index, and the
    take-outs that name no batch from the partial index again. Those last are rows written
    before batches were tracked (revision 0004) and demo rows; the app writes none, so on a
    live station their number is fixed however many years of issues follow.
    """
    taken = (
        select(func.coalesce(func.sum(_named.quantity), 0))
        .where(_named.batch_id == StockMovement.id)
        .scalar_subquery()
    )
    origins = session.execute(
        select(StockMovement.id, StockMovement.batch_expiry, StockMovement.quantity + taken).where(
            StockMovement.item_id == item_id,
            StockMovement.batch_id.is_(None),
            StockMovement.quantity > 0,
        )
    ).all()
    unassigned = -int(
        session.scalar(
            select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                StockMovement.item_id == item_id,
                StockMovement.batch_id.is_(None),
                StockMovement.quantity < 0,
            )
        )
        or 0
    )
    batches = [
        Batch(id=origin_id, expiry=expiry, remaining=int(remaining))
        for origin_id, expiry, remaining in origins
    ]
    return without_unassigned(batches, unassigned)


def not_enough(item: InventoryItem, wanted: int, available: int) -> ServiceError:
    return ServiceError(
        _(
            "Only {available} {unit} of {item} in stock, so {wanted} cannot be taken out. "
            "If the shelf holds more than the books say, the station manager can correct the "
            "count with an adjustment (stocktake)."
        ).format(available=max(available, 0), unit=item.unit, item=item.name, wanted=wanted)
    )


def bring_in(
    session: Session,
    item: InventoryItem,
    kind: MovementKind,
    quantity: int,
    *,
    moment: dt.datetime,
    expiry: dt.date | None = None,
    donor: str = "",
    reason: str = "",
) -> StockMovement:
    """A new batch: a receive or an adjustment up."""
    row = StockMovement(
        item_id=item.id,
        kind=kind.value,
        quantity=quantity,
        occurred_at=moment,
        batch_expiry=expiry,
        donor=donor,
        reason=reason,
    )
    session.add(row)
    session.flush()
    return row


def take_out(
    session: Session,
    item: InventoryItem,
    kind: MovementKind,
    quantity: int,
    *,
    moment: dt.datetime,
    reason: str = "",
    visit_id: int | None = None,
    batch_id: int | None = None,
) -> list[StockMovement]:
    """Take ``quantity`` (> 0) out, earliest expiry first (or from ``batch_id`` only).

    One row per batch used; the first is the operation. Raises ServiceError (nothing
    written) when the stock, or that batch, holds less.
    """
    batches = batches_of(session, item.id)
    available = min(stock_of(session, item.id), sum(max(b.remaining, 0) for b in batches))
    if batch_id is not None:
        batches = [b for b in batches if b.id == batch_id]
        if not batches:
            raise ServiceError(
                _("That batch of {item} is not in stock. Reload the list and try again.").format(
                    item=item.name
                )
            )
        available = min(available, batches[0].remaining)
    if quantity > available:
        raise not_enough(item, quantity, available)
    try:
        plan = take(batches, quantity)
    except NotEnoughStock as short:
        raise not_enough(item, quantity, short.available) from None
    rows: list[StockMovement] = []
    for batch, used in plan:
        row = StockMovement(
            item_id=item.id,
            kind=kind.value,
            quantity=-used,
            occurred_at=moment,
            batch_expiry=batch.expiry,
            reason=reason,
            visit_id=visit_id,
            batch_id=batch.id,
            part_of_id=rows[0].id if rows else None,
        )
        session.add(row)
        session.flush()
        rows.append(row)
    return rows


def put_back(
    session: Session,
    item: InventoryItem,
    kind: MovementKind,
    taken: StockMovement,
    *,
    moment: dt.datetime,
    reason: str = "",
) -> StockMovement:
    """Stock coming back into the batch ``taken`` came from (a return after a lend)."""
    row = StockMovement(
        item_id=item.id,
        kind=kind.value,
        quantity=-taken.quantity,
        occurred_at=moment,
        batch_expiry=taken.batch_expiry,
        reason=reason,
        batch_id=taken.batch_id,  # None for a legacy row: then it is a batch of its own
    )
    session.add(row)
    session.flush()
    return row


def parts_of(session: Session, head: StockMovement) -> list[StockMovement]:
    """The rows of one operation, its first row first."""
    rest = session.scalars(
        select(StockMovement).where(StockMovement.part_of_id == head.id).order_by(StockMovement.id)
    )
    return [head, *rest]


def is_reversed(session: Session, movement_id: int) -> bool:
    return (
        session.scalar(
            select(StockMovement.id).where(StockMovement.reverses_id == movement_id).limit(1)
        )
        is not None
    )


def reverse(
    session: Session, head: StockMovement, *, moment: dt.datetime, reason: str = ""
) -> list[StockMovement]:
    """Compensate every row of the operation ``head`` with an opposite row.

    Refused (ServiceError, nothing written) for an undo itself, an operation already undone,
    and a batch that later movements have already taken from.
    """
    if head.reverses_id is not None:
        raise ServiceError(
            _("This entry is itself an undo and cannot be undone. Record the change again.")
        )
    if is_reversed(session, head.id):
        raise ServiceError(_("This entry was already undone. Reload the list."))
    item = session.get(InventoryItem, head.item_id)
    assert item is not None
    parts = parts_of(session, head)
    if head.batch_id is None and head.quantity > 0:
        remaining = {b.id: b.remaining for b in batches_of(session, item.id)}
        if remaining.get(head.id, 0) < head.quantity:
            raise ServiceError(
                _(
                    "Some of this batch of {item} has already been given out, lent or "
                    "discarded, so it cannot be undone. Undo those entries first, or correct "
                    "the count with an adjustment."
                ).format(item=item.name)
            )
    rows: list[StockMovement] = []
    for part in parts:
        row = StockMovement(
            item_id=part.item_id,
            kind=part.kind,
            quantity=-part.quantity,
            occurred_at=moment,
            batch_expiry=part.batch_expiry,
            donor=part.donor,
            reason=reason,
            reverses_id=part.id,
            batch_id=_batch_of_reversal(part),
            part_of_id=rows[0].id if rows else None,
        )
        session.add(row)
        session.flush()
        rows.append(row)
    return rows


def _batch_of_reversal(part: StockMovement) -> int | None:
    """Back into (or out of) the batch the row concerned; a batch's own undo empties it. A
    row from before batches were tracked names none: putting it back makes a new batch."""
    if part.batch_id is not None:
        return part.batch_id
    return part.id if part.quantity > 0 else None


def change(session: Session, item: InventoryItem, rows: list[StockMovement]) -> StockChange:
    """Describe an operation that was just written."""
    head = rows[0]
    return StockChange(
        movement_id=head.id,
        item_id=item.id,
        item_name=item.name,
        kind=head.kind,
        quantity=sum(row.quantity for row in rows),
        stock_after=stock_of(session, item.id),
        parts=tuple(
            BatchTake(
                batch_id=row.batch_id if row.batch_id is not None else row.id,
                expiry=row.batch_expiry,
                quantity=row.quantity,
            )
            for row in rows
        ),
    )
