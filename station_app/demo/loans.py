"""Demo data: umbrellas on rainy days, power banks all year — lent, mostly brought back.

A loan is written as the app writes it: a lend movement (−1) from the oldest batch on the
shelf now and, if the item comes back before the demo period ends, a return movement (+1)
into that batch at the moment it does.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random

from station_app.demo.calendar import CHINA, CLOSES, OPENS, local_moment
from station_app.demo.stock import ItemSpec, Journal, Row
from station_app.domain.enums import MovementKind

DEPOSIT_NOTES = ("押金 20 元", "押工牌", "登记手机号")  # for visitors without a card
# How long a loan stays out: (share, fewest hours, most hours); the rest never come back.
RETURN_DELAYS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "雨伞": ((0.67, 1, 26), (0.25, 26, 96), (0.075, 96, 480)),
    "雨衣": ((0.67, 1, 26), (0.25, 26, 96), (0.075, 96, 480)),
    "充电宝": ((0.78, 0.5, 5), (0.16, 12, 30), (0.058, 48, 240)),
    "打气筒": ((0.9, 0.2, 2), (0.097, 20, 72)),
}


class LoanBook:
    """The loans as rows, numbered in the order they are made."""

    def __init__(self, first_id: int) -> None:
        self.rows: list[Row] = []
        self._ids = itertools.count(first_id)

    def add(self, **fields: object) -> None:
        self.rows.append({"id": next(self._ids), **fields})


class LoanDesk:
    """One lendable item: how many are on the shelf, and when the ones lent out come back."""

    def __init__(
        self,
        spec: ItemSpec,
        item_id: int,
        *,
        journal: Journal,
        book: LoanBook,
        last_moment: dt.datetime,
    ) -> None:
        self.spec = spec
        self.item_id = item_id
        self._journal = journal
        self._book = book
        self._last_moment = last_moment  # nothing comes back after the demo's last closing
        # Batch (the movement that brought it in) → units on the shelf, only those holding
        # some. Lendables carry no expiry, so the app lends from the oldest batch first.
        self._held: dict[int, int] = {}
        self._due_back: list[tuple[dt.datetime, int]] = []  # (when, into which batch)

    @property
    def _on_hand(self) -> int:
        return sum(self._held.values())

    def restock(self, at: dt.datetime) -> None:
        self._collect(at)
        on_hand = self._on_hand
        if on_hand < self.spec.min_stock:
            quantity = self.spec.target_stock - on_hand
            batch = self._journal.add(self.item_id, MovementKind.RECEIVE, quantity, at)
            self._held[batch] = quantity

    def lend(
        self, rng: random.Random, at: dt.datetime, visit_id: int, worker_id: int | None
    ) -> None:
        """Lend one if any is on the shelf; otherwise the visitor leaves without."""
        self._collect(at)
        if not self._held:
            return
        batch = min(self._held)
        self._held[batch] -= 1
        if not self._held[batch]:
            del self._held[batch]
        lend_id = self._journal.add(
            self.item_id, MovementKind.LEND, -1, at, visit_id=visit_id, batch_id=batch
        )
        back = self._return_moment(rng, at)
        return_id = None
        if back is not None:
            return_id = self._journal.add(
                self.item_id, MovementKind.RETURN, 1, back, batch_id=batch
            )
            heapq.heappush(self._due_back, (back, batch))
        self._book.add(
            item_id=self.item_id,
            worker_id=worker_id,
            deposit_note="" if worker_id else rng.choice(DEPOSIT_NOTES),
            lent_at=at,
            due_at=at + dt.timedelta(days=self.spec.loan_days),
            returned_at=back,
            lend_movement_id=lend_id,
            return_movement_id=return_id,
        )

    def _collect(self, at: dt.datetime) -> None:
        while self._due_back and self._due_back[0][0] <= at:
            _back, batch = heapq.heappop(self._due_back)
            self._held[batch] = self._held.get(batch, 0) + 1

    def _return_moment(self, rng: random.Random, lent_at: dt.datetime) -> dt.datetime | None:
        pick = rng.random()
        for share, fewest, most in RETURN_DELAYS.get(self.spec.name, ((1.0, 1, 24),)):
            if pick < share:
                back = _within_opening_hours(
                    rng, lent_at + dt.timedelta(hours=rng.uniform(fewest, most))
                )
                return back if back <= self._last_moment else None
            pick -= share
        return None  # lost, or kept: it stays out and overdue


def _within_opening_hours(rng: random.Random, moment: dt.datetime) -> dt.datetime:
    """The moment, or the next morning when the station was closed by then."""
    local = moment.astimezone(CHINA)
    day = local.date()
    second = local.hour * 3600 + local.minute * 60 + local.second
    if OPENS <= second < CLOSES:
        return moment
    if second >= CLOSES:
        day += dt.timedelta(days=1)
    return local_moment(day, OPENS + rng.randrange(3 * 3600))
