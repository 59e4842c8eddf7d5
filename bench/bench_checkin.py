"""Scan-to-committed latency of the check-in service on a million-visit station.

Baseline, measured in the same run on the same file: a raw sqlite3 INSERT of one visit
plus COMMIT, with the app's pragmas and its transaction mode for a write (``BEGIN
IMMEDIATE``, db/engine.py) — the least any check-in can cost. Rounds of baseline and
service scans alternate so that machine noise hits both alike.

    python -m bench.bench_checkin            (from the project folder, in .venv)

Goal: p50 ≤ 3×, p99 ≤ 6× the baseline.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time

from bench.bench_report import NOW as REPORTED_AT
from bench.large_station import UNTIL, large_station
from bench.report import summary, write
from station_app.app import Station
from station_app.db.engine import apply_pragmas
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput

CARDS = 400  # scanned in turn, so no card comes back inside the 30-minute window
ROUNDS = 4 if os.environ.get("BENCH_QUICK") else 10
PER_ROUND = 200
STEP = dt.timedelta(seconds=6)  # 400 cards x 6 s = 40 min between two scans of one card


def bench_cards(station: Station) -> list[str]:
    """QR texts of the benchmark's own workers (registered once, kept in the cache)."""
    stash = station.paths.root / "bench-cards.json"
    if stash.exists():
        return list(json.loads(stash.read_text()))
    texts = []
    for n in range(CARDS):
        worker = station.workers.register(
            WorkerInput(f"测试{n:03d}", "delivery_rider", consent=True)
        )
        # Dated before the benchmark's scans, which happen at the large station's last day.
        texts.append(station.cards.issue(worker.id, today=UNTIL - dt.timedelta(days=30)).qr_text)
    stash.write_text(json.dumps(texts))
    return texts


def latest_visit(station: Station) -> dt.datetime:
    with sqlite3.connect(station.paths.database) as conn:
        (text,) = conn.execute("SELECT max(checked_in_at) FROM visit").fetchone()
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def main() -> None:
    station = large_station()
    try:
        cards = bench_cards(station)
        # After the moment the report benchmark stands at: scans in the week it reports
        # would make the five-year station's week busier than the one-week station's.
        now = max(latest_visit(station), REPORTED_AT).astimezone(dt.UTC) + dt.timedelta(hours=1)
        raw = sqlite3.connect(station.paths.database, isolation_level=None)
        apply_pragmas(raw)
        visits_before = raw.execute("SELECT count(*) FROM visit").fetchone()[0]
        baseline: list[float] = []
        service: list[float] = []
        scan = 0
        for _round in range(ROUNDS):
            for _ in range(PER_ROUND):
                stamp = now.replace(tzinfo=None).isoformat(sep=" ")
                started = time.perf_counter()
                raw.execute("BEGIN IMMEDIATE")  # as the app begins a unit that writes
                raw.execute(
                    "INSERT INTO visit (checked_in_at, source, occupation_code)"
                    " VALUES (?, 'anonymous', 'other')",
                    (stamp,),
                )
                raw.execute("COMMIT")
                baseline.append(time.perf_counter() - started)
            for _ in range(PER_ROUND):
                now += STEP
                code = cards[scan % len(cards)]
                scan += 1
                started = time.perf_counter()
                result = station.checkin.scan(code, now=now)
                service.append(time.perf_counter() - started)
                assert result.status is CheckinStatus.ACCEPTED, result.message
        raw.close()
        base, app = summary(baseline), summary(service)
        checks = [
            {"measure": "check-in p50 vs raw INSERT+COMMIT", "goal": 3,
             "ratio": app["p50_ms"] / base["p50_ms"],
             "baseline": f"{base['p50_ms']:.2f} ms", "measured": f"{app['p50_ms']:.2f} ms"},
            {"measure": "check-in p99 vs raw INSERT+COMMIT", "goal": 6,
             "ratio": app["p99_ms"] / base["p99_ms"],
             "baseline": f"{base['p99_ms']:.2f} ms", "measured": f"{app['p99_ms']:.2f} ms"},
        ]  # fmt: skip
        path = write(
            "checkin_latency",
            {"visits_in_database": visits_before, "baseline": base, "checkin": app,
             "checks": checks},
        )  # fmt: skip
        print(json.dumps({"baseline": base, "checkin": app, "checks": checks}, indent=2))
        print(f"written to {path}")
    finally:
        station.close()


if __name__ == "__main__":
    main()
