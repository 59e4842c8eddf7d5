"""Stock arithmetic: batches and first-expiry-first-out (FEFO). Pure: no database, no I/O.

A batch is a movement that brought stock in (a receive or an adjustment up). Its remainder
is its quantity plus every later movement that names it as its batch. Taking stock out
takes from the batch that expires first; undated batches go last, and between equal
expiries the older batch goes first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EXPIRING_DAYS = 30  # a batch this close to its expiry date is "expiring soon" (临期)


@dataclass(frozen=True)
class Batch:
    id: int  # the movement that brought the batch in
    expiry: dt.date | None
    remaining: int

    @property
    def fefo_key(self) -> tuple[int, dt.date, int]:
        """Sort key: dated batches first, by expiry, then the older batch."""
        if self.expiry is None:
            return (1, dt.date.max, self.id)
        return (0, self.expiry, self.id)


class NotEnoughStock(Exception):
    """Taking ``wanted`` would leave less than nothing: only ``available`` is there."""

    def __init__(self, wanted: int, available: int) -> None:
        super().__init__(f"wanted {wanted}, available {available}")
        self.wanted = wanted
        self.available = available


def fefo(batches: Iterable[Batch]) -> list[Batch]:
    """Batches that still hold stock, in the order they are to be used."""
    return sorted((b for b in batches if b.remaining > 0), key=lambda b: b.fefo_key)


def take(batches: Iterable[Batch], quantity: int) -> list[tuple[Batch, int]]:
    """How much to take from which batch to give out ``quantity`` (> 0), FEFO.

    Raises NotEnoughStock when the batches hold less than that.
    """
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    ordered = fefo(batches)
    available = sum(b.remaining for b in ordered)
    if quantity > available:
        raise NotEnoughStock(quantity, available)
    plan: list[tuple[Batch, int]] = []
    left = quantity
    for batch in ordered:
        used = min(left, batch.remaining)
        plan.append((batch, used))
        left -= used
        if left == 0:
            break
    return plan


def without_unassigned(batches: Sequence[Batch], unassigned: int) -> list[Batch]:
    """The batches after ``unassigned`` (≥ 0) units left that named no batch (rows written
    before batches were tracked) are taken from them first-expiry-first."""
    if unassigned <= 0:
        return list(batches)
    left = unassigned
    result: dict[int, Batch] = {b.id: b for b in batches}
    for batch in fefo(batches):
        used = min(left, batch.remaining)
        # Built directly: dataclasses.replace costs several times more, and a report runs
        # this over every batch an item ever had.
        result[batch.id] = Batch(batch.id, batch.expiry, batch.remaining - used)
        left -= used
        if left == 0:
            break
    return [result[b.id] for b in batches]


def is_expiring(expiry: dt.date | None, today: dt.date, days: int = EXPIRING_DAYS) -> bool:
    """Expired already, or expiring within ``days`` days of ``today``."""
    return expiry is not None and expiry <= today + dt.timedelta(days=days)
