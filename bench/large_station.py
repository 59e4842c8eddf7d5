"""A benchmark-sized station: five busy years (about a million visits), made once and reused.

The demo generator's bulk path builds it in about a minute; the file is cached under
``bench/.cache`` (ignored by git) keyed by the schema head and by the demo generator's
source, so a new migration or a change to the generated data rebuilds it.
Benchmarks copy nothing: they open the cached file read-write, and every row they add is
ordinary station data (check-ins, issues), dated after the week the report benchmark reads,
so it does not disturb the next run's measurements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sys
import time
from pathlib import Path

import station_app.demo
from station_app.app import Station, open_station
from station_app.db.migrate import head_revision
from station_app.demo.fill import DemoService

CACHE = Path(__file__).resolve().parent / ".cache"
UNTIL = dt.date(2026, 11, 22)
YEARS = 5
BUSY = 6.0  # ≈ 550 visits a day
# Raised whenever a benchmark changes which rows it writes into a cached station, so that a
# station holding rows written the old way is built afresh rather than measured.
WRITES = 2


def demo_version() -> str:
    """A digest of the demo generator's modules: the same code writes the same station, and
    any change to them (even a comment) builds a fresh one rather than measure a stale file."""
    digest = hashlib.sha256()
    for module in sorted(Path(station_app.demo.__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


def large_station(*, years: int = YEARS, busy: float = BUSY, days: int | None = None) -> Station:
    """Open (building it first if needed) the cached large station: ``years`` of history
    ending on ``UNTIL``, or only its last ``days`` (the one-week station)."""
    span = f"{days}d" if days else f"{years}y"
    folder = CACHE / f"station-{span}-{busy:g}x-rev{head_revision()}-demo{demo_version()}-w{WRITES}"
    ready = folder / "READY"
    if not ready.exists():
        shutil.rmtree(folder, ignore_errors=True)
        station = open_station(folder)
        started = time.perf_counter()
        print(f"building a {span} station in {folder} …", file=sys.stderr)
        summary = DemoService(station.db).fill(
            seed=7, days=days or years * 365, until=UNTIL, busy=busy
        )
        print(
            f"  {summary.visits:,} visits, {summary.services:,} services in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        station.close()
        ready.write_text("ok")
    return open_station(folder)
