"""The large station as the live app would have written it: every take-out names its batch.

The demo generator writes issues, discards, adjustments down and lends without ``batch_id``
(it keeps its own FEFO), so on its stations the journal treats the whole history as rows
from before batches were tracked. A live station writes ``batch_id`` on every take-out, and
that is the history an issue must not pay for. This copies the cached demo station and
replays each item's movements in time order through the journal's own FEFO order
(``Batch.fefo_key``: earliest expiry first, undated last, older batch first), naming on each
take-out the batch it comes from — split over several rows with ``part_of_id`` where one
batch does not hold enough, as ``stock_journal.take_out`` does — and on each return the
batch its lend came from, as ``stock_journal.put_back`` does. The operations, their times
and quantities, and every item's stock are unchanged; only which batch each row names is
filled in. The copy is cached next to the demo station, keyed alike.
"""

from __future__ import annotations

import bisect
import datetime as dt
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from bench.large_station import BUSY, YEARS, large_station
from station_app.app import Station, open_station
from station_app.domain.stock import Batch

LIVE_COLUMNS = (
    "item_id, kind, quantity, occurred_at, batch_expiry, donor, reason, visit_id,"
    " attendant_id, reverses_id, batch_id, part_of_id"
)


def batched_station(*, years: int = YEARS, busy: float = BUSY) -> Station:
    """Open (building it first if needed) the cached large station with named batches."""
    source = large_station(years=years, busy=busy)
    folder = source.paths.root.with_name(source.paths.root.name + "-batched")
    database = source.paths.database
    source.close()
    ready = folder / "READY"
    if not ready.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        print(f"naming the batches of every take-out in {folder} …", file=sys.stderr)
        target = folder / database.name
        shutil.copyfile(database, target)
        rows = name_batches(target)
        print(f"  {rows:,} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        ready.write_text("ok")
    return open_station(folder)


def name_batches(database: Path) -> int:
    """Fill in ``batch_id`` on every take-out and return of ``database``; rows touched."""
    with sqlite3.connect(database) as conn:
        lend_of_return = dict(
            conn.execute(
                "SELECT return_movement_id, lend_movement_id FROM loan"
                " WHERE return_movement_id IS NOT NULL"
            ).fetchall()
        )
        next_id = conn.execute("SELECT max(id) FROM stock_movement").fetchone()[0] + 1
        updates: list[tuple[int, str | None, int, int]] = []
        parts: list[tuple[object, ...]] = []
        items = [row[0] for row in conn.execute("SELECT id FROM inventory_item ORDER BY id")]
        for item_id in items:
            replay = _Shelf()
            movements = conn.execute(
                "SELECT id, quantity, batch_expiry, " + LIVE_COLUMNS + " FROM stock_movement"
                " WHERE item_id = ? ORDER BY occurred_at, id",
                (item_id,),
            ).fetchall()
            for movement_id, quantity, expiry, *columns in movements:
                if quantity > 0 and movement_id in lend_of_return:
                    batch = replay.named[lend_of_return[movement_id]]
                    replay.put_back(batch, quantity)
                    updates.append((batch, replay.expiry[batch], quantity, movement_id))
                elif quantity > 0:
                    replay.bring_in(movement_id, expiry, quantity)
                else:
                    plan = replay.take(-quantity)
                    (first, used), rest = plan[0], plan[1:]
                    replay.named[movement_id] = first
                    updates.append((first, replay.expiry[first], -used, movement_id))
                    for batch, used in rest:
                        row = dict(zip(LIVE_COLUMNS.split(", "), columns, strict=True))
                        row.update(
                            quantity=-used,
                            batch_id=batch,
                            batch_expiry=replay.expiry[batch],
                            part_of_id=movement_id,
                        )
                        parts.append((next_id, *row.values()))
                        next_id += 1
        conn.executemany(
            "UPDATE stock_movement SET batch_id = ?, batch_expiry = ?, quantity = ? WHERE id = ?",
            updates,
        )
        conn.executemany(
            f"INSERT INTO stock_movement (id, {LIVE_COLUMNS})"
            f" VALUES ({', '.join('?' * (len(LIVE_COLUMNS.split(', ')) + 1))})",
            parts,
        )
    return len(updates) + len(parts)


class _Shelf:
    """One item's batches during the replay: the live ones kept in FEFO order."""

    def __init__(self) -> None:
        self.held: dict[int, int] = {}
        self.expiry: dict[int, str | None] = {}
        self.named: dict[int, int] = {}  # a lend → the batch it took from
        self._live: list[tuple[tuple[int, dt.date, int], int]] = []  # (fefo key, batch)

    def bring_in(self, batch: int, expiry: str | None, quantity: int) -> None:
        self.held[batch], self.expiry[batch] = quantity, expiry
        self._enliven(batch)

    def put_back(self, batch: int, quantity: int) -> None:
        self.held[batch] += quantity
        self._enliven(batch)

    def take(self, quantity: int) -> list[tuple[int, int]]:
        plan = []
        while quantity:
            if not self._live:
                raise RuntimeError("the demo journal takes more than its batches hold")
            batch = self._live[0][1]
            used = min(quantity, self.held[batch])
            plan.append((batch, used))
            self.held[batch] -= used
            quantity -= used
            if self.held[batch] == 0:
                self._live.pop(0)
        return plan

    def _enliven(self, batch: int) -> None:
        expiry = self.expiry[batch]
        key = Batch(batch, dt.date.fromisoformat(expiry) if expiry else None, 1).fefo_key
        entry = (key, batch)
        spot = bisect.bisect_left(self._live, entry)
        if spot == len(self._live) or self._live[spot] != entry:
            self._live.insert(spot, entry)
