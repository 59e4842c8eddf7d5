"""The stock journal inside a unit of work: read stock and batches, write movements.

Shared by the inventory, lending and service-log services; nothing here commits. Every
write goes through ``bring_in``, ``take_out``, ``put_back`` or ``reverse``, so the rules
hold everywhere: stock is the sum of the rows, no row is changed or deleted, an issue
takes the earliest-expiring batch first, and stock never goes below zero. Stock and batches
are read from ``stock_balance``, the sums per batch that SQLite's triggers keep with every
row written or deleted (revision 0008), so an issue costs the same in year five as in
year one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Row, case, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from station_app.db.models import InventoryItem, StockBalance, StockMovement
from station_app.domain.enums import MovementKind
from station_app.domain.errors import ServiceError
from station_app.domain.stock import (
    Batch,
    NotEnoughStock,
    charged_in_time_order,
    take,
    without_unassigned,
)
from station_app.i18n import _
from station_app.services.stock.stock_data import BatchTake, StockChange

# The balance rows that hold something, worded as ix_stock_balance_held's WHERE (a literal,
# not a bound 0) so SQLite reads them from that partial index.
HELD = StockBalance.quantity != literal_column("0")


def stock_of(session: Session, item_id: int) -> int:
    """The item's stock: the sum of its few rows in ``stock_balance`` that hold something."""
    total = session.scalar(
        select(func.coalesce(func.sum(StockBalance.quantity), 0)).where(
            StockBalance.item_id == item_id, HELD
        )
    )
    return int(total or 0)


def stocks(session: Session) -> dict[int, int]:
    """Item id → stock, for every item that has (or had) movements."""
    rows = session.execute(
        select(StockBalance.item_id, func.sum(StockBalance.quantity)).group_by(StockBalance.item_id)
    )
    return {item_id: int(total) for item_id, total in rows}


def batch_key() -> ColumnElement[int]:
    """The ``stock_balance`` key a movement counts towards, as revision 0008's triggers
    work it out: the batch it names, itself for a batch, 0 for a take-out naming none."""
    return case(
        (StockMovement.batch_id.is_not(None), StockMovement.batch_id),
        (StockMovement.quantity > 0, StockMovement.id),
        else_=0,
    )


def batches_of(session: Session, item_id: int, *, also: int | None = None) -> list[Batch]:
    """The item's batches that hold something, with what each holds, and batch ``also``
    even if it is empty."""
    return batches_at(session, [item_id], also=also)[item_id]


def batches_at(
    session: Session,
    item_ids: list[int],
    as_of: dt.datetime | None = None,
    *,
    also: int | None = None,
) -> dict[int, list[Batch]]:
    """Each item's batches that held something at ``as_of`` (now when None), by id.

    Read from ``stock_balance``: one row per batch, and one (key 0) for the units taken out
    naming no batch. Those are rows written before batches were tracked (revision 0004), or
    by an older demo generator; the app (and today's demo) writes none. Each of them is
    charged to the batches that were in when it happened, first-expiry-first
    (``charged_in_time_order``).
    Only the rows that hold something are read (a partial index), so the years of emptied
    batches behind an item cost nothing. For a moment in the past, what moved since is
    taken off again: a range of the index on (item, time), a few days of rows for a recent
    report, never the years before; the batches emptied since are looked up by key.
    """
    since: dict[tuple[int, int], int] = {}
    if as_of is not None:
        to_batch = batch_key()
        moved = session.execute(
            select(StockMovement.item_id, to_batch, func.sum(StockMovement.quantity))
            .where(StockMovement.item_id.in_(item_ids), StockMovement.occurred_at >= as_of)
            .group_by(StockMovement.item_id, to_batch)
        )
        since = {(int(item), int(key)): int(n) for item, key, n in moved}
    keys = {0, *(key for _item, key in since)} | ({also} if also is not None else set())
    rows = [
        *_balance_rows(session, item_ids, HELD),
        *_balance_rows(session, item_ids, StockBalance.batch_key.in_(keys)),
    ]
    found: dict[int, dict[int, Batch]] = {item_id: {} for item_id in item_ids}
    came_in: dict[int, dt.datetime] = {}
    unassigned: dict[int, int] = {}
    for item_id, key, held, named, brought, expiry, occurred_at in rows:
        then = int(held) - since.get((item_id, key), 0)
        if key == 0:
            unassigned[item_id] = -then
        # A key whose row is no batch (gone, or now naming one) holds nothing to list, and
        # a batch brought in after ``as_of`` was not there yet.
        elif (
            named is None
            and brought is not None
            and brought > 0
            and (as_of is None or occurred_at < as_of)
        ):
            found[item_id][key] = Batch(id=key, expiry=expiry, remaining=then)
            came_in[key] = occurred_at
    loose = [item_id for item_id in item_ids if unassigned.get(item_id, 0) > 0]
    arrivals = {item_id: sorted({came_in[key] for key in found[item_id]}) for item_id in loose}
    take_outs = _loose_take_outs(session, arrivals, as_of)
    return {
        item_id: (
            charged_in_time_order(
                [(batches[key], came_in[key]) for key in sorted(batches)],
                take_outs.get(item_id, []),
            )
            if item_id in take_outs
            else without_unassigned(
                [batches[key] for key in sorted(batches)], unassigned.get(item_id, 0)
            )
        )
        for item_id, batches in found.items()
    }


# Before every batch: the moment the take-outs that came before any batch are charged at.
_BEFORE_ANY = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
_AFTER_ALL = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


def _stored(moment: dt.datetime) -> str:
    """A time as ``occurred_at`` holds it (``UTCDateTime`` on SQLite: naive UTC text)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _loose_take_outs(
    session: Session, arrivals: dict[int, list[dt.datetime]], as_of: dt.datetime | None
) -> dict[int, list[tuple[dt.datetime, int]]]:
    """Item id → (when, units) of the take-outs before ``as_of`` that named no batch,
    summed between one batch's arrival and the next. Only items that have such rows are
    asked for: a station that always tracked batches (every row the app writes names one)
    never reads them.

    ``arrivals``: each such item's batches' arrival times, sorted. Between two arrivals the
    shelf holds the same batches, and taking a then b first-expiry-first from them leaves
    what taking a + b at once does; so one sum per stretch (at its start) charges the
    batches as the rows one by one would, and SQLite adds up the years of rows instead of
    Python."""
    if not arrivals:
        return {}
    end = as_of or _AFTER_ALL
    stretches = []
    for item_id, times in arrivals.items():
        starts = [_BEFORE_ANY, *(moment for moment in times if moment < end)]
        ends = [*starts[1:], end]
        pairs = zip(starts, ends, strict=True)
        stretches += [(item_id, n, lo, hi) for n, (lo, hi) in enumerate(pairs)]
    # Written as SQL text: SQLAlchemy would compile the list of stretches anew at every call
    # (no cache holds a statement with its data), and that cost more than the query.
    rows = ", ".join(["(?, ?, ?, ?)"] * len(stretches))
    summed = (
        f"WITH stretch(item_id, n, lo, hi) AS (VALUES {rows})"
        " SELECT stretch.item_id, stretch.n, sum(stock_movement.quantity)"
        " FROM stretch JOIN stock_movement ON stock_movement.item_id = stretch.item_id"
        " AND stock_movement.occurred_at >= stretch.lo AND stock_movement.occurred_at < stretch.hi"
        " WHERE stock_movement.batch_id IS NULL AND stock_movement.quantity < 0"
        " GROUP BY stretch.item_id, stretch.n"
    )
    parameters = tuple(
        value
        for item_id, n, lo, hi in stretches
        for value in (item_id, n, _stored(lo), _stored(hi))
    )
    start_of = {(item_id, n): lo for item_id, n, lo, _hi in stretches}
    found: dict[int, list[tuple[dt.datetime, int]]] = {item_id: [] for item_id in arrivals}
    for item_id, n, quantity in session.connection().exec_driver_sql(summed, parameters):
        found[int(item_id)].append((start_of[(int(item_id), int(n))], -int(quantity)))
    return found


def _balance_rows(
    session: Session, item_ids: list[int], which: ColumnElement[bool]
) -> Sequence[Row[int, int, int, int | None, int, dt.date | None, dt.datetime]]:
    """The items' balance rows that match ``which``, each with the batch row it names."""
    origin = aliased(StockMovement)
    return session.execute(
        select(
            StockBalance.item_id,
            StockBalance.batch_key,
            StockBalance.quantity,
            origin.batch_id,
            origin.quantity,
            origin.batch_expiry,
            origin.occurred_at,
        )
        .outerjoin(origin, origin.id == StockBalance.batch_key)
        .where(StockBalance.item_id.in_(item_ids), which)
    ).all()


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
    batches = batches_of(session, item.id, also=batch_id)
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
