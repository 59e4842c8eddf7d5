"""Plain dataclasses the inventory and lending services take and return.

Quantities are whole units of the item; money is in fen; times are aware UTC (the UI shows
local time); dates (expiry) are calendar dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from station_app.domain.stock import IN_DATE_CATEGORIES


@dataclass(frozen=True)
class ItemInput:
    """What the attendant types when adding or editing an item."""

    name: str
    category: str  # a code from domain.catalog.ITEM_CATEGORIES
    unit: str  # 瓶, 盒, 把 …
    barcode: str = ""  # optional; unique among items
    min_stock: int = 0  # below this the item is on the alert list
    target_stock: int = 0  # what a restock aims for
    lendable: bool = False
    unit_value_fen: int = 0  # to report the value of donations


@dataclass(frozen=True)
class ItemView:
    id: int
    name: str
    category: str
    category_label: str  # in the user's language
    unit: str
    barcode: str  # "" when none
    min_stock: int
    target_stock: int
    lendable: bool
    unit_value_fen: int
    active: bool
    stock: int  # on the shelf now: the sum of the item's movements
    on_loan: int  # lent out and not yet returned (not part of ``stock``)

    @property
    def below_minimum(self) -> bool:
        return self.active and self.stock < self.min_stock


@dataclass(frozen=True)
class BatchTake:
    """One part of a movement: how much went out of (or into) which batch."""

    batch_id: int
    expiry: dt.date | None
    quantity: int  # signed like the movement


@dataclass(frozen=True)
class StockChange:
    """The outcome of one stock operation (receive, issue, adjust, discard, undo)."""

    movement_id: int  # the operation's first row: what undo(movement_id) takes
    item_id: int
    item_name: str
    kind: str  # MovementKind value
    quantity: int  # signed total of the operation
    stock_after: int
    parts: tuple[BatchTake, ...] = ()


@dataclass(frozen=True)
class MovementView:
    """One operation in an item's journal (an issue over two batches is one line)."""

    id: int
    item_id: int
    item_name: str
    kind: str  # MovementKind value
    kind_label: str
    quantity: int  # signed total
    occurred_at: dt.datetime
    batch_expiry: dt.date | None  # of the (first) batch it concerns
    donor: str
    reason: str
    visit_id: int | None
    reverses_id: int | None  # set on a compensating movement (an undo)
    reversed: bool  # an undo of this operation exists
    attendant_id: int | None  # who was on duty; None when no one was (the command line)


@dataclass(frozen=True)
class BatchView:
    item_id: int
    item_name: str
    unit: str
    batch_id: int  # the receive (or adjustment up) that brought it in
    expiry: dt.date | None
    received_at: dt.datetime
    donor: str
    remaining: int
    days_left: int | None  # negative when expired; None for undated batches
    category: str = ""  # the item's category code

    @property
    def expired(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class StockAlerts:
    below_minimum: list[ItemView] = field(default_factory=list)
    # Batches with stock left that expired already or expire within ``window_days`` days,
    # soonest first.
    expiring: list[BatchView] = field(default_factory=list)
    window_days: int = 30
    items_in_use: int = 0  # an empty station has nothing to be fine about
    items_in_stock: int = 0

    @property
    def count(self) -> int:
        """For the badge on the navigation entry."""
        return len(self.below_minimum) + len(self.expiring)

    @property
    def expired(self) -> list[BatchView]:
        return [b for b in self.expiring if b.expired]

    @property
    def expired_medicine_and_food(self) -> list[BatchView]:
        """Expired batches of medicine, food and drink still on the shelf: what an
        inspector takes a station's stars away for."""
        return [b for b in self.expired if b.category in IN_DATE_CATEGORIES]

    @property
    def expiring_soon(self) -> list[BatchView]:
        """Not expired yet, but within the window (today's expiry included)."""
        return [b for b in self.expiring if b.days_left is not None and b.days_left >= 0]

    def item_ids(self, *, expiry_only: bool = False) -> set[int]:
        """The items needing attention (only for a batch's expiry with ``expiry_only``)."""
        ids = {b.item_id for b in self.expiring}
        return ids if expiry_only else ids | {item.id for item in self.below_minimum}


@dataclass(frozen=True)
class StocktakeResult:
    adjusted: int  # items whose count differed from the books
    changes: tuple[StockChange, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int  # existing items whose fields changed
    unchanged: int


@dataclass(frozen=True)
class LoanView:
    id: int
    item_id: int
    item_name: str
    worker_id: int | None  # None: an anonymous visitor (see deposit_note)
    worker_name: str  # "" when anonymous or erased
    deposit_note: str
    lent_at: dt.datetime
    due_at: dt.datetime
    returned_at: dt.datetime | None
    overdue_by: dt.timedelta | None  # at the time asked; None when not overdue (or returned)
