"""An acknowledged check-in is never lost: a process writing visits and stock issues is
killed with SIGKILL at random moments, and after every kill each visit and movement it had
reported as committed is in the database, which passes SQLite's integrity check.

The quick run (the normal suite) kills it 15 times; set STATION_CRASH_ROUNDS (for example
500) for the long nightly run. The seed is printed so a failing run can be repeated with
STATION_CRASH_SEED.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.app import open_station
from station_app.clock import FrozenClock
from station_app.services.stock.inventory import MAX_STOCK
from station_app.services.stock.stock_data import ItemInput

CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("STATION_CRASH_ROUNDS", "15"))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _run_and_kill(database: Path, item_id: int, delay: float) -> tuple[set[int], set[int]]:
    """Start the writer, let it work ``delay`` seconds, kill it; what it acknowledged."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(database), str(item_id)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out, _err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    visits: set[int] = set()
    movements: set[int] = set()
    for line in out.splitlines():
        kind, _, number = line.partition(" ")
        if not number.isdigit():  # the last line, cut off by the kill
            continue
        (visits if kind == "visit" else movements).add(int(number))
    return visits, movements


def test_every_acknowledged_write_survives_sigkill(data_dir: Path, clock: FrozenClock) -> None:
    seed = int(os.environ.get("STATION_CRASH_SEED", str(random.randrange(2**32))))
    print(f"STATION_CRASH_SEED={seed}")
    rng = random.Random(seed)
    station = open_station(data_dir, clock=clock)
    item = station.inventory.create_item(ItemInput("矿泉水", "drinks", "瓶"))
    station.inventory.receive(item.id, MAX_STOCK)  # enough for every issue of the run
    database = station.paths.database
    station.close()
    acknowledged_visits: set[int] = set()
    acknowledged_moves: set[int] = set()
    for round_no in range(ROUNDS):
        visits, moves = _run_and_kill(database, item.id, rng.uniform(0.0, 0.4))
        acknowledged_visits |= visits
        acknowledged_moves |= moves
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok", round_no
            stored_visits = {row[0] for row in conn.execute("SELECT id FROM visit")}
            stored_moves = {row[0] for row in conn.execute("SELECT id FROM stock_movement")}
        assert acknowledged_visits <= stored_visits, f"round {round_no}, seed {seed}"
        assert acknowledged_moves <= stored_moves, f"round {round_no}, seed {seed}"
    # The kills landed while it was writing, not before it began
    assert len(acknowledged_visits) > ROUNDS and acknowledged_moves
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
