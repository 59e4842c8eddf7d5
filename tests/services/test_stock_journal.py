"""The stock journal's invariants under random sequences of operations, on a real database.

For any sequence of receive / issue / adjust / discard / lend / return / undo, and services
recorded for a visit whose undo deletes their movements:
- stock equals the sum of the movements and never goes below zero;
- ``stock_balance``, kept by triggers, equals the sums recomputed from the movements, and
  the batches read from it are those the movements themselves give (the ones holding
  something);
- a refused operation writes nothing;
- undo brings the stock back to what it was before the operation undone;
- an issue takes the earliest-expiring batch first, undated batches last.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from station_app.app import Station
from station_app.db.uow import UnitOfWork
from station_app.domain.errors import ServiceError
from station_app.domain.stock import Batch, NotEnoughStock, fefo, take, without_unassigned
from station_app.services.stock import journal as stock_journal
from station_app.services.stock.stock_data import ItemInput, StockChange

_names = itertools.count(1)
EXPIRIES = st.one_of(
    st.none(), st.integers(0, 400).map(lambda d: dt.date(2027, 1, 1) + dt.timedelta(days=d))
)


class Journal(RuleBasedStateMachine):
    """One new lendable item per run, in a station database shared by the runs."""

    station: Station
    changes = Bundle("changes")  # operations that undo may take
    loans = Bundle("loans")
    visits = Bundle("visits")  # (visit id, units its service took)

    def __init__(self) -> None:
        super().__init__()
        name = f"物资{next(_names)}"
        self.item = self.station.inventory.create_item(
            ItemInput(name, "lendable", "个", lendable=True)
        ).id
        self.expected = 0  # on the shelf, by this model
        self.before: dict[int, int] = {}  # operation → stock change it made
        self.service = self.station.service_log.add_type(
            f"服务{name}", consumes_item_id=self.item, consumes_quantity=1
        ).code

    # -- helpers ---------------------------------------------------------------------

    def stock(self) -> int:
        return self.station.inventory.item(self.item).stock

    def journal_rows(self) -> int:
        with self.station.db.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM stock_movement")).scalar_one()

    def refused(self, action) -> None:  # type: ignore[no-untyped-def]
        rows = self.journal_rows()
        with pytest.raises(ServiceError):
            action()
        assert self.journal_rows() == rows

    def note(self, change: StockChange) -> StockChange:
        self.expected += change.quantity
        self.before[change.movement_id] = change.quantity
        assert change.stock_after == self.expected
        return change

    # -- rules -----------------------------------------------------------------------

    @rule(target=changes, quantity=st.integers(1, 20), expiry=EXPIRIES)
    def receive(self, quantity: int, expiry: dt.date | None) -> StockChange:
        return self.note(self.station.inventory.receive(self.item, quantity, expires_on=expiry))

    @rule(target=changes, quantity=st.integers(1, 25))
    def issue(self, quantity: int) -> StockChange:
        if quantity > self.expected:
            self.refused(lambda: self.station.inventory.issue(self.item, quantity))
            return self.note(self.station.inventory.receive(self.item, quantity))
        batches = self.station.inventory.batches(self.item)  # FEFO order, as the page shows
        change = self.note(self.station.inventory.issue(self.item, quantity))
        # The batches used are a prefix of the FEFO order, each emptied but maybe the last.
        used = [part.batch_id for part in change.parts]
        assert used == [batch.batch_id for batch in batches[: len(used)]]
        for part, batch in zip(change.parts[:-1], batches, strict=False):
            assert -part.quantity == batch.remaining
        return change

    @rule(target=changes, delta=st.integers(-10, 10).filter(bool))
    def adjust(self, delta: int) -> StockChange:
        if self.expected + delta < 0:
            self.refused(lambda: self.station.inventory.adjust(self.item, delta, "盘点"))
            delta = -delta
        return self.note(self.station.inventory.adjust(self.item, delta, "盘点"))

    @rule(target=changes, quantity=st.integers(1, 5))
    def discard(self, quantity: int) -> StockChange:
        if quantity > self.expected:
            self.refused(lambda: self.station.inventory.discard(self.item, quantity, "破损"))
            return self.note(self.station.inventory.receive(self.item, quantity))
        return self.note(self.station.inventory.discard(self.item, quantity, "破损"))

    @rule(target=loans)
    def lend(self) -> int:
        if self.expected < 1:
            self.refused(lambda: self.station.lending.lend(self.item, deposit_note="押金"))
            self.note(self.station.inventory.receive(self.item, 1))
        loan = self.station.lending.lend(self.item, deposit_note="押金")
        self.expected -= 1
        return loan.id

    @rule(loan=consumes(loans))
    def give_back(self, loan: int) -> None:
        self.station.lending.return_loan(loan)
        self.expected += 1

    @rule(target=visits, quantity=st.integers(1, 4))
    def serve(self, quantity: int) -> tuple[int, int]:
        if quantity > self.expected:
            self.note(self.station.inventory.receive(self.item, quantity))
        visit = self.station.checkin.anonymous("sanitation").visit_ids[0]
        self.station.service_log.record(visit, self.service, quantity)
        self.expected -= quantity
        return visit, quantity

    @rule(visit=consumes(visits))
    def undo_visit(self, visit: tuple[int, int]) -> None:
        # A mis-scan that never happened: the visit's movements are deleted, not reversed.
        visit_id, quantity = visit
        self.station.checkin.undo([visit_id])
        self.expected += quantity

    @rule(change=consumes(changes))
    def undo(self, change: StockChange) -> None:
        stock = self.stock()
        try:
            self.station.inventory.undo(change.movement_id)
        except ServiceError:
            # Only a batch already taken from may refuse, and then nothing was written.
            assert change.quantity > 0
            assert self.stock() == stock
            return
        self.expected -= change.quantity
        assert self.stock() == stock - change.quantity

    # -- invariants ------------------------------------------------------------------

    @invariant()
    def stock_is_the_sum_of_movements_and_never_negative(self) -> None:
        with self.station.db.engine.connect() as conn:
            total = conn.execute(
                text("SELECT coalesce(sum(quantity), 0) FROM stock_movement WHERE item_id = :i"),
                {"i": self.item},
            ).scalar_one()
        assert total == self.stock() == self.expected >= 0
        # And the batches hold exactly the stock.
        assert sum(b.remaining for b in self.station.inventory.batches(self.item)) == total

    @invariant()
    def the_balance_is_the_journal_summed_per_batch(self) -> None:
        with self.station.db.engine.connect() as conn:
            summed = dict(
                conn.execute(
                    text(
                        "SELECT item_id || '/' || CASE WHEN batch_id IS NOT NULL THEN batch_id"
                        " WHEN quantity > 0 THEN id ELSE 0 END AS k, sum(quantity)"
                        " FROM stock_movement GROUP BY k"
                    )
                ).all()
            )
            kept = dict(
                conn.execute(
                    text("SELECT item_id || '/' || batch_key, quantity FROM stock_balance")
                ).all()
            )
            rows = conn.execute(
                text(
                    "SELECT id, quantity, batch_id, batch_expiry FROM stock_movement"
                    " WHERE item_id = :i ORDER BY id"
                ),
                {"i": self.item},
            ).all()
        # Every station's item, every batch: a key whose rows were all deleted keeps 0.
        assert {k: n for k, n in kept.items() if n or k in summed} == summed
        # And the item's batches read from the balance are what its rows give, summed here.
        held = {row.id: row.quantity for row in rows if row.batch_id is None and row.quantity > 0}
        for row in rows:
            if row.batch_id in held:
                held[row.batch_id] += row.quantity
        held = {origin: n for origin, n in held.items() if n}  # emptied batches go unread
        expiry = {row.id: row.batch_expiry for row in rows}
        unassigned = -sum(row.quantity for row in rows if row.batch_id is None and row.quantity < 0)
        recomputed = without_unassigned(
            [
                Batch(origin, dt.date.fromisoformat(expiry[origin]) if expiry[origin] else None, n)
                for origin, n in held.items()
            ],
            unassigned,
        )
        with UnitOfWork(self.station.db) as uow:
            assert stock_journal.batches_of(uow.session, self.item) == recomputed


def test_journal_invariants_hold_for_any_sequence(station: Station) -> None:
    Journal.station = station
    run_state_machine_as_test(
        Journal,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# -- FEFO as a pure rule --------------------------------------------------------------

BATCHES = st.lists(
    st.builds(
        Batch,
        id=st.integers(1, 10_000),
        expiry=st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))),
        remaining=st.integers(0, 50),
    ),
    max_size=8,
    unique_by=lambda b: b.id,
)


@settings(max_examples=300)
@given(BATCHES, st.integers(1, 200))
def test_take_uses_the_earliest_expiry_first_and_undated_last(
    batches: list[Batch], quantity: int
) -> None:
    available = sum(b.remaining for b in batches)
    if quantity > available:
        with pytest.raises(NotEnoughStock):
            take(batches, quantity)
        return
    plan = take(batches, quantity)
    assert sum(used for _b, used in plan) == quantity
    order = fefo(batches)
    assert [b.id for b, _u in plan] == [b.id for b in order[: len(plan)]]
    # Every batch but the last one used is emptied; no dated batch is skipped for an undated.
    assert all(used == b.remaining for b, used in plan[:-1])
    keys = [b.fefo_key for b, _u in plan]
    assert keys == sorted(keys)
    if any(b.expiry is None for b, _u in plan):
        assert all(
            b.remaining == 0 or b.expiry is None or b in [p for p, _u in plan] for b in batches
        )
