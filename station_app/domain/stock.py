"""Stock arithmetic: batches and first-expiry-first-out (FEFO). Pure: no database, no I/O.

A batch is a movement that brought stock in (a receive or an adjustment up). Its remainder
is its quantity plus every later movement that names it as its batch. Taking stock out
takes from the batch that expires first; undated batches go last, and between equal
expiries the older batch goes first.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EXPIRING_DAYS = 30  # a batch this close to its expiry date is "expiring soon" (临期)

# Item categories an inspector checks for expired stock on the shelf: medicine (first aid,
# heatstroke relief) and what is eaten or drunk.
MEDICINE_CATEGORIES = frozenset({"first_aid", "heatstroke"})
FOOD_CATEGORIES = frozenset({"food", "drinks"})
IN_DATE_CATEGORIES = MEDICINE_CATEGORIES | FOOD_CATEGORIES


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


def charged_in_time_order(
    batches: Sequence[tuple[Batch, dt.datetime]], take_outs: Sequence[tuple[dt.datetime, int]]
) -> list[Batch]:
    """The batches after take-outs that named no batch (rows written before batches were
    tracked, the demo's rows) are charged to them as the shelf stood when each happened.

    ``batches``: each batch with what it holds before these charges and when it came in;
    ``take_outs``: (when, units > 0). Each take-out comes from the batches already in by
    then, first-expiry-first, so a batch received later is never charged for it; a part no
    earlier batch can cover (the books went below zero) is charged first-expiry-first at the
    end, as ``without_unassigned`` does.
    """
    left = {batch.id: batch.remaining for batch, _came in batches}
    arriving = sorted(batches, key=lambda pair: pair[1])
    shelf: list[tuple[tuple[int, dt.date, int], int]] = []  # the batches in, by FEFO
    came = 0
    short = 0
    for moment, taken in sorted(take_outs, key=lambda pair: pair[0]):
        units = taken
        while came < len(arriving) and arriving[came][1] <= moment:
            batch = arriving[came][0]
            if left[batch.id] > 0:
                heapq.heappush(shelf, (batch.fefo_key, batch.id))
            came += 1
        while units > 0 and shelf:
            _key, batch_id = shelf[0]
            used = min(units, left[batch_id])
            left[batch_id] -= used
            units -= used
            if left[batch_id] == 0:
                heapq.heappop(shelf)
        short += units
    charged = [Batch(batch.id, batch.expiry, left[batch.id]) for batch, _came in batches]
    return without_unassigned(charged, short)


def is_expiring(expiry: dt.date | None, today: dt.date, days: int = EXPIRING_DAYS) -> bool:
    """Expired already, or expiring within ``days`` days of ``today``."""
    return expiry is not None and expiry <= today + dt.timedelta(days=days)
