"""Demo data: the station's items and their stock, written as the app writes it — a journal
of signed movements in which no item's stock ever drops below zero, and every take-out names
the batch it took from, earliest expiry first (one row per batch, as the app's journal
splits a take that spans batches)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from typing import Any

from station_app.demo.calendar import Day
from station_app.domain.enums import MovementKind

Row = dict[str, Any]

DONORS = (
    "爱心企业", "逍遥津街道社区", "庐阳区总工会", "爱心人士", "青年志愿者协会", "附近超市",
    "物业公司", "社区党群服务中心",
)  # fmt: skip


@dataclass(frozen=True)
class ItemSpec:
    name: str
    category: str  # a code from domain.catalog.ITEM_CATEGORIES
    unit: str
    min_stock: int
    target_stock: int
    unit_value_fen: int
    pack: int = 1  # purchases come in whole packs: a case of 24 bottles
    shelf_days: int | None = None  # medicine, food and drinks carry a batch expiry
    # Handed out beyond what services consume, per day: all year, + summer, + winter.
    daily_use: tuple[float, float, float] = (0.0, 0.0, 0.0)
    to_visitor: bool = True  # False: the station uses it itself (tea for the urn)
    # Lendable items: loans a day (+ per unit of rain), days until due, who asks first.
    loans: tuple[float, float] = (0.0, 0.0)
    loan_days: int = 0
    borrowers: tuple[str, ...] = ()

    @property
    def lendable(self) -> bool:
        return self.loan_days > 0

    def use_on(self, day: Day) -> float:
        year, summer, winter = self.daily_use
        return year + summer * day.summer + winter * day.winter


RIDERS = ("delivery_rider", "courier")
# name, category, unit, min stock, target stock, value in fen; then how it is used.
ITEMS = (
    ItemSpec("饮用水", "drinks", "瓶", 120, 480, 150, pack=24, shelf_days=365),
    ItemSpec("茶叶", "drinks", "包", 5, 20, 1800, pack=10, shelf_days=540,
             daily_use=(0.3, 0.0, 0.3), to_visitor=False),
    ItemSpec("藿香正气水", "heatstroke", "盒", 10, 40, 1500, pack=10, shelf_days=730,
             daily_use=(0.1, 4.0, 0.0)),
    ItemSpec("清凉油", "heatstroke", "盒", 10, 30, 350, pack=10, shelf_days=1095,
             daily_use=(0.1, 2.5, 0.0)),
    ItemSpec("创可贴", "first_aid", "片", 50, 200, 10, pack=100, shelf_days=1095),
    ItemSpec("碘伏棉签", "first_aid", "包", 5, 20, 500, pack=10, shelf_days=730,
             daily_use=(0.3, 0.0, 0.0)),
    ItemSpec("饼干", "food", "包", 20, 72, 300, pack=24, shelf_days=180,
             daily_use=(3.0, 0.0, 1.0)),
    ItemSpec("口罩", "hygiene", "个", 50, 200, 50, pack=50, daily_use=(2.0, 0.0, 2.0)),
    ItemSpec("防晒霜", "hygiene", "瓶", 4, 12, 2500, pack=6, daily_use=(0.05, 1.2, 0.0)),
    ItemSpec("暖宝宝", "other", "片", 30, 200, 80, pack=50, daily_use=(0.1, 0.0, 6.0)),
    ItemSpec("雨伞", "rain_gear", "把", 8, 30, 2500, loans=(0.0, 3.0), loan_days=2),
    ItemSpec("雨衣", "rain_gear", "件", 5, 15, 3000, loans=(0.0, 1.0), loan_days=2,
             borrowers=RIDERS),
    ItemSpec("充电宝", "lendable", "个", 3, 10, 6000, loans=(2.5, 0.0), loan_days=1,
             borrowers=(*RIDERS, "taxi_driver")),
    ItemSpec("打气筒", "tools", "个", 1, 2, 4000, loans=(0.4, 0.0), loan_days=1,
             borrowers=RIDERS),
)  # fmt: skip
# Service type code → (item name, quantity) that one such service uses up.
SERVICE_ITEMS = {"drinking_water": ("饮用水", 1), "first_aid": ("创可贴", 1)}
# The union's seasonal campaigns arrive as big donations: (month, day) → donor, items.
CAMPAIGNS: dict[tuple[int, int], tuple[str, dict[str, int]]] = {
    (7, 1): (
        "合肥市总工会（送清凉）",
        {"饮用水": 480, "藿香正气水": 60, "清凉油": 60, "防晒霜": 24},
    ),
    (12, 1): ("庐阳区总工会（送温暖）", {"暖宝宝": 400, "口罩": 300, "茶叶": 20, "饼干": 96}),
}
DONATION_CHANCE = 0.03  # a small gift from the neighbourhood about once a fortnight


def item_row(spec: ItemSpec, item_id: int) -> Row:
    return {
        "id": item_id,
        "name": spec.name,
        "category": spec.category,
        "unit": spec.unit,
        "barcode": None,
        "min_stock": spec.min_stock,
        "target_stock": spec.target_stock,
        "lendable": spec.lendable,
        "unit_value_fen": spec.unit_value_fen,
        "active": True,
    }


class Journal:
    """The stock movements as rows, numbered in the order they are written."""

    def __init__(self, first_id: int) -> None:
        self.rows: list[Row] = []
        self._ids = itertools.count(first_id)

    def add(
        self,
        item_id: int,
        kind: MovementKind,
        quantity: int,
        at: dt.datetime,
        *,
        expiry: dt.date | None = None,
        donor: str = "",
        reason: str = "",
        visit_id: int | None = None,
        batch_id: int | None = None,
        part_of_id: int | None = None,
    ) -> int:
        movement_id = next(self._ids)
        self.rows.append(
            {
                "id": movement_id,
                "item_id": item_id,
                "kind": kind.value,
                "quantity": quantity,
                "occurred_at": at,
                "batch_expiry": expiry,
                "donor": donor,
                "reason": reason,
                "visit_id": visit_id,
                "attendant_id": None,
                "reverses_id": None,
                "batch_id": batch_id,
                "part_of_id": part_of_id,
            }
        )
        return movement_id

    def take(
        self,
        item_id: int,
        kind: MovementKind,
        plan: list[tuple[Batch, int]],
        at: dt.datetime,
        *,
        reason: str = "",
        visit_id: int | None = None,
    ) -> int:
        """A take-out as the app's journal writes it: one row per batch used, each naming its
        batch, the first the operation and the others part of it. Returns the first row."""
        head: int | None = None
        for batch, used in plan:
            movement_id = self.add(
                item_id,
                kind,
                -used,
                at,
                expiry=batch.expiry,
                reason=reason,
                visit_id=visit_id,
                batch_id=batch.id,
                part_of_id=head,
            )
            if head is None:
                head = movement_id
        if head is None:
            raise ValueError("a take-out takes something")
        return head


@dataclass
class Batch:
    id: int  # the movement that brought it in
    expiry: dt.date | None
    quantity: int

    @property
    def sort_key(self) -> tuple[bool, dt.date, int]:
        """The app's first-expiry-first order: dated batches by expiry, undated ones last,
        the older batch first between equals."""
        return (self.expiry is None, self.expiry or dt.date.max, self.id)


class Shelf:
    """One consumable item: its batches, the earliest expiry handed out first."""

    def __init__(self, spec: ItemSpec, item_id: int, journal: Journal) -> None:
        self.spec = spec
        self.item_id = item_id
        self._journal = journal
        self._batches: list[Batch] = []  # earliest expiry first
        self.overlooked: dt.date | None = None  # a batch of this expiry is not thrown out

    @property
    def stock(self) -> int:
        return sum(batch.quantity for batch in self._batches)

    def expiry_from(self, rng: random.Random, day: dt.date, freshness: float) -> dt.date | None:
        """A batch expiry ``freshness`` (0..1) of the shelf life away, for perishables."""
        if self.spec.shelf_days is None:
            return None
        return day + dt.timedelta(days=max(7, round(self.spec.shelf_days * freshness)))

    def receive(
        self, quantity: int, at: dt.datetime, expiry: dt.date | None, donor: str = ""
    ) -> None:
        batch_id = self._journal.add(
            self.item_id, MovementKind.RECEIVE, quantity, at, expiry=expiry, donor=donor
        )
        self._add_batch(Batch(batch_id, expiry, quantity))

    def discard_expired(self, day: dt.date, at: dt.datetime) -> None:
        expired = [
            batch
            for batch in self._batches
            if batch.expiry and batch.expiry < day and batch.expiry != self.overlooked
        ]
        for batch in expired:
            self._batches.remove(batch)
            self._journal.add(
                self.item_id,
                MovementKind.DISCARD,
                -batch.quantity,
                at,
                expiry=batch.expiry,
                reason="过期报损",
                batch_id=batch.id,
            )

    def restock(self, rng: random.Random, day: dt.date, at: dt.datetime, demand: int) -> None:
        """Buy whole packs before opening when today's demand would leave less than the minimum."""
        left = self.stock - demand
        if left >= self.spec.min_stock:
            return
        packs = -(-(self.spec.target_stock - left) // self.spec.pack)
        self.receive(packs * self.spec.pack, at, self.expiry_from(rng, day, rng.uniform(0.75, 1)))

    def issue(self, quantity: int, at: dt.datetime, visit_id: int | None, reason: str = "") -> int:
        """Hand out ``quantity``; the issue's first row."""
        return self._journal.take(
            self.item_id,
            MovementKind.ISSUE,
            self._take(quantity),
            at,
            visit_id=visit_id,
            reason=reason,
        )

    def count(self, rng: random.Random, at: dt.datetime) -> None:
        """A month-end stocktake that finds the shelf a little off the books."""
        difference = rng.choice((-3, -2, -1, -1, 1, 2))
        if difference < 0:
            difference = -min(-difference, self.stock)
            if difference == 0:
                return
            reason = rng.choice(("月末盘点：实物少于账面", "月末盘点：包装破损"))
            self._journal.take(
                self.item_id, MovementKind.ADJUST, self._take(-difference), at, reason=reason
            )
        else:
            # The units found are entered as a batch of the newest expiry on the shelf.
            newest = self._batches[-1].expiry if self._batches else None
            reason = "月末盘点：实物多于账面"
            batch_id = self._journal.add(
                self.item_id, MovementKind.ADJUST, difference, at, expiry=newest, reason=reason
            )
            self._add_batch(Batch(batch_id, newest, difference))

    def _take(self, quantity: int) -> list[tuple[Batch, int]]:
        """Take ``quantity`` off the shelf, earliest expiry first: how much from which batch."""
        if quantity > self.stock:
            raise RuntimeError(f"demo stock of {self.spec.name} would go below zero")
        plan = []
        while quantity:
            batch = self._batches[0]
            used = min(quantity, batch.quantity)
            plan.append((batch, used))
            batch.quantity -= used
            quantity -= used
            if batch.quantity == 0:
                self._batches.pop(0)
        return plan

    def _add_batch(self, batch: Batch) -> None:
        self._batches.append(batch)
        self._batches.sort(key=lambda each: each.sort_key)
