"""HQ's dashboard figures at 1,000 stations × one year, on PostgreSQL.

Two databases hold the same stations and the same last two months (every station's day is
drawn from a random stream seeded by the station and the day, so a day is the same in both):
one holds the year before them as well, the other only those two months (a month page shows
its month beside the one before, so both databases show the same page). On each, every
figures function a dashboard page calls is timed (server time: the call, database and
Python, as a page's handler spends it) for the last full week and the last month, each call
on the two databases one right after the other, in turns, so machine noise hits them alike.
Checked: each call's p95 on a year of history ≤ 200 ms, and ≤ 1.2 × its p95 on two months.

Loading does not go through ``ingest()`` (a year of a thousand stations is 365,000 signed
batches: hours); the rows HQ would hold are written with COPY (``hq_batch``, ``hq_value``;
the value table's indexes and keys dropped during the load and made again after), then
``rebuild_rollups`` makes the rollups as the repair command does. That the rollups ingest
keeps equal the rebuilt ones is the tests' business (``tests/hq/test_figures.py``). A
database that already holds this load (same seed and size, recorded in a small table of
its own) is reused.

    python -m bench hq_dashboard               (or: python -m bench.bench_hq_dashboard)

Databases: ``BENCH_HQ_DASHBOARD_URL`` (default: st_figures_bench on the test server) and
the same name with ``_month`` for the one-month one. ``BENCH_HQ_STATIONS`` and
``BENCH_HQ_DAYS`` make a smaller trial; ``BENCH_QUICK`` fewer rounds.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.report import percentile, write
from station_app.domain.periods import Period, last_full_week, month_of
from station_app.hq.db import HqBase, HqDatabase
from station_app.hq.figures import (
    DEFAULT_TIMELY_DAYS,
    Scope,
    live_state,
    overview,
    reporting,
    station_figures,
    station_totals,
    table_csv,
)
from station_app.hq.figures.pdf import rollup_pdf
from station_app.hq.figures.rollups import rebuild_rollups
from station_app.hq.rollup import ROLLUP_METADATA

SEED = 20261205
STATIONS = int(os.environ.get("BENCH_HQ_STATIONS", "1000"))
YEAR_DAYS = int(os.environ.get("BENCH_HQ_DAYS", "365"))
# The short history: the last month and the one before it, the two a month page reads (its
# figures beside the previous month's), so that both databases show the same page.
MONTH_DAYS = 61
ROUNDS = 6 if os.environ.get("BENCH_QUICK") else 100
TODAY = dt.date(2026, 12, 1)  # the day HQ looks: the history ends the day before
LAST_DAY = TODAY - dt.timedelta(days=1)
GOAL_MS = 200.0
GOAL_RATIO = 1.2
URL = os.environ.get(
    "BENCH_HQ_DASHBOARD_URL", "postgresql+psycopg://station@127.0.0.1:55432/st_figures_bench"
)
MONTH_URL = URL + "_month"
CACHE = Path(__file__).resolve().parent / ".cache"

DISTRICTS = (
    "庐阳区", "瑶海区", "蜀山区", "包河区", "肥东县", "肥西县", "长丰县", "庐江县", "巢湖市",
    "经开区",
)  # fmt: skip
OCCUPATIONS = (
    "sanitation", "courier", "delivery_rider", "taxi_driver", "truck_driver",
    "domestic_worker", "construction", "traffic_warden", "security_guard", "other",
    "custom_1", "custom_2",
)  # fmt: skip
SERVICES = (
    "hot_water", "microwave", "phone_charging", "rest_cooling", "warming", "drinking_water",
    "toilet", "first_aid", "reading", "repair_tools", "legal_advice",
)  # fmt: skip
ITEMS = (
    "矿泉水 550ml", "绿豆汤", "藿香正气水", "创可贴", "口罩", "暖宝宝", "雨衣", "毛巾",
    "方便面", "面包", "风油精", "防晒霜", "手套", "纸巾",
)  # fmt: skip


def code_of(n: int) -> str:
    return f"HF-{n % len(DISTRICTS):02d}-{n + 1:04d}"


def station_day(n: int, day: dt.date) -> list[tuple[str, str, int]]:
    """One station's day as (metric, dimension, value) rows: about seventy, as a busy
    station sends (visits by hour, occupation and source, services, items, stock)."""
    rng = random.Random(SEED * 1_000_003 + n * 40_009 + day.toordinal())
    busy = 0.5 + (n % 7) / 4
    by_hour = {hour: max(0, round(rng.gauss(8, 3) * busy)) for hour in range(6, 22)}
    visits = sum(by_hour.values())
    anonymous = rng.randint(0, visits // 4)
    card = visits - anonymous
    distinct = rng.randint(card // 2, card) if card else 0
    members = rng.randint(0, distinct)
    rows = [
        ("visits", "total", visits),
        ("visits", "source:card", card),
        ("visits", "source:anonymous", anonymous),
        ("distinct_workers", "total", distinct),
        ("new_registrations", "total", rng.randint(0, 3)),
        ("union_members", "total", members),
        ("wants_to_join", "total", rng.randint(0, distinct - members)),
        ("overdue_loans", "total", rng.randint(0, 2)),
    ]
    rows += [("visits", f"hour:{hour:02d}", count) for hour, count in by_hour.items() if count]
    left = visits
    for occupation in OCCUPATIONS[:-1]:
        share = rng.randint(0, left // 3 + 1) if left else 0
        left -= share
        if share:
            rows.append(("visits", f"occupation:{occupation}", share))
    if left:
        rows.append(("visits", f"occupation:{OCCUPATIONS[-1]}", left))
    rows += [("services", f"type:{s}", rng.randint(1, visits + 1)) for s in SERVICES[:10]]
    rows += [("items_issued", f"item:{item}", rng.randint(1, 40)) for item in ITEMS[:12]]
    rows += [("stock_level", f"item:{item}", rng.randint(0, 200)) for item in ITEMS[:12]]
    return rows


def _copy(cursor: Any, statement: str, lines: io.StringIO) -> None:
    with cursor.copy(statement) as copy:
        copy.write(lines.getvalue())


def _marker(days: int) -> str:
    return f"seed={SEED} stations={STATIONS} days={days} last={LAST_DAY.isoformat()} v5"


def _loaded(db: HqDatabase, marker: str) -> bool:
    with db.engine.connect() as connection:
        found = connection.execute(
            text("SELECT to_regclass('bench_figures_load') IS NOT NULL")
        ).scalar()
        if not found:
            return False
        held = connection.execute(text("SELECT marker FROM bench_figures_load")).scalar()
    return held == marker


Keys = tuple[list[Any], list[Any]]


def _drop_value_keys(db: HqDatabase) -> Keys:
    """The value table's keys and indexes, as the catalog has them, dropped for the load
    (to be made again after it: one sort each instead of millions of index insertions)."""
    with db.engine.begin() as connection:
        constraints = connection.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'hq_value'::regclass AND contype <> 'p'"
            )
        ).all()
        indexes = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'hq_value' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint "
                "WHERE conrelid = 'hq_value'::regclass)"
            )
        ).all()
        for name, _definition in constraints:
            connection.execute(text(f'ALTER TABLE hq_value DROP CONSTRAINT "{name}"'))
        for name, _definition in indexes:
            connection.execute(text(f'DROP INDEX "{name}"'))
    return list(constraints), list(indexes)


def _restore_value_keys(db: HqDatabase, keys: Keys) -> None:
    constraints, indexes = keys
    with db.engine.begin() as connection:
        connection.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for name, definition in constraints:
            connection.execute(text(f'ALTER TABLE hq_value ADD CONSTRAINT "{name}" {definition}'))
        for _name, definition in indexes:
            connection.execute(text(definition))


def _copy_stations(cursor: Any) -> None:
    added = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    stations = io.StringIO()
    for n in range(STATIONS):
        token = uuid.UUID(int=n + 1).hex * 2
        closed = "7" if n % 10 == 0 else ""  # one station in ten closes on Sundays
        stations.write(
            f"{code_of(n)}\t测试驿站{n + 1:04d}\t{DISTRICTS[n % len(DISTRICTS)]}\t{token}\t"
            f"ABCDEF01\t\\\\x00\t{added.isoformat()}\t\t\t\\N\t{closed}\tt\n"
        )
    _copy(
        cursor,
        "COPY hq_station (code, name, district, token_hash, key_id, public_key, added_at, "
        "address, opening_hours, opened_on, closed_weekdays, active) FROM STDIN",
        stations,
    )


def _copy_day(cursor: Any, day: dt.date) -> int:
    """Every station's batch of ``day`` and its values, in the order ingest would write
    them (day after day, so a period's rows lie together as they do at HQ); the rows."""
    batches = io.StringIO()
    values = io.StringIO()
    rows = 0
    for n in range(STATIONS):
        code = code_of(n)
        if (n * 31 + day.toordinal()) % 53 == 0:
            continue  # a day the station did not send
        batch_id = str(uuid.UUID(int=(n << 20) + day.toordinal(), version=4))
        day_rows = station_day(n, day)
        late = 3 if (n + day.toordinal()) % 17 == 0 else 0
        received = dt.datetime.combine(day + dt.timedelta(days=1 + late), dt.time(1, 30))
        batches.write(
            f"{batch_id}\t{code}\t{day}\t1\t{'0' * 64}\t{len(day_rows)}\t"
            f"{received.isoformat()}\tt\n"
        )
        for metric, dimension, value in day_rows:
            values.write(f"{code}\t{day}\t{metric}\t{dimension}\t{value}\t{batch_id}\n")
        rows += len(day_rows)
    _copy(
        cursor,
        "COPY hq_batch (batch_id, station_code, day, revision, sha256, row_count, "
        "received_at, applied) FROM STDIN",
        batches,
    )
    _copy(
        cursor,
        "COPY hq_value (station_code, date, metric, dimension, value, batch_id) FROM STDIN",
        values,
    )
    return rows


def load(url: str, days: int) -> HqDatabase:
    """The database at ``url`` holding ``days`` days of every station up to LAST_DAY,
    loaded unless it holds them already."""
    db = HqDatabase.open(url, create=False)
    marker = _marker(days)
    name = make_url(url).database
    if _loaded(db, marker):
        print(f"{name}: already loaded ({marker})", flush=True)
        return db
    started = time.perf_counter()
    ROLLUP_METADATA.drop_all(db.engine)
    HqBase.metadata.drop_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bench_figures_load"))
    HqBase.metadata.create_all(db.engine)
    ROLLUP_METADATA.create_all(db.engine)
    keys = _drop_value_keys(db)
    raw = db.engine.raw_connection()
    rows = 0
    try:
        cursor = raw.cursor()
        _copy_stations(cursor)
        first = LAST_DAY - dt.timedelta(days=days - 1)
        for offset in range(days):
            rows += _copy_day(cursor, first + dt.timedelta(days=offset))
            if offset % 30 == 29:
                raw.commit()
                elapsed = time.perf_counter() - started
                print(f"  {offset + 1} days, {rows:,} rows, {elapsed:.0f} s", flush=True)
        raw.commit()
    finally:
        raw.close()
    _restore_value_keys(db, keys)
    print(f"  keys and indexes made: {time.perf_counter() - started:.0f} s", flush=True)
    with db.engine.begin() as connection:
        connection.execute(text("SET LOCAL work_mem = '256MB'"))
        rebuild_rollups(connection)
    print(f"  rollups rebuilt: {time.perf_counter() - started:.0f} s", flush=True)
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_figures_load (marker TEXT)"))
        connection.execute(text("INSERT INTO bench_figures_load VALUES (:m)"), {"m": marker})
    print(f"{name}: loaded {rows:,} rows in {time.perf_counter() - started:.0f} s", flush=True)
    return db


Call = Callable[[HqDatabase], object]


def calls(period: Period) -> dict[str, Call]:
    """What each dashboard page calls for ``period``."""
    everything = Scope.everything()
    viewer = Scope.of([DISTRICTS[2]])
    previous = period.previous()
    a_station = code_of(STATIONS // 2)

    def reporting_csv(db: HqDatabase) -> bytes:
        report = reporting(db, everything, period, timely_days=DEFAULT_TIMELY_DAYS, today=TODAY)
        return table_csv(
            ["code", "name", "district", "expected", "received", "on_time"],
            [
                (r.code, r.name, r.district, r.expected, r.received, r.on_time)
                for r in report.stations
            ],
        )

    return {
        "overview": lambda db: overview(db, everything, period, previous=previous),
        "overview (district viewer)": lambda db: overview(db, viewer, period, previous=previous),
        "reporting": lambda db: reporting(
            db, everything, period, timely_days=DEFAULT_TIMELY_DAYS, today=TODAY
        ),
        "reporting as CSV": reporting_csv,
        "station totals": lambda db: station_totals(db, everything, period),
        "station page": lambda db: station_figures(db, a_station, period),
        "big screen": lambda db: live_state(db, everything, TODAY),
    }


def measure(year: HqDatabase, month: HqDatabase) -> dict[str, Any]:
    periods = {"week": last_full_week(TODAY), "month": month_of(LAST_DAY)}
    samples: dict[tuple[str, str, str], list[float]] = {}
    for period_name, period in periods.items():
        chosen = calls(period)
        for db in (year, month):  # warm: plans cached, pages in memory
            for call in chosen.values():
                call(db)
        for index in range(ROUNDS):
            # Each call on both databases one right after the other, in turns: a burst of
            # the machine's other work hits both sides alike.
            order = (("year", year), ("month", month))
            for name, call in chosen.items():
                for history, db in order if index % 2 == 0 else order[::-1]:
                    # The garbage of the calls before is collected first, not in the call
                    # timed: otherwise a few full collections decide the p95 of either side.
                    gc.collect()
                    begun = time.perf_counter()
                    call(db)
                    elapsed = time.perf_counter() - begun
                    samples.setdefault((period_name, name, history), []).append(elapsed)
    results: dict[str, Any] = {}
    for (period_name, name, history), times in samples.items():
        results.setdefault(period_name, {}).setdefault(name, {})[history] = {
            "p50_ms": round(percentile(times, 0.50) * 1000, 2),
            "p95_ms": round(percentile(times, 0.95) * 1000, 2),
            "mean_ms": round(statistics.fmean(times) * 1000, 2),
            "n": len(times),
        }
    return results


def time_pdf(db: HqDatabase, period: Period) -> float:
    target = CACHE / "hq-dashboard-bench.pdf"
    CACHE.mkdir(exist_ok=True)
    begun = time.perf_counter()
    rollup_pdf(db, Scope.everything(), period, target, today=TODAY)
    elapsed = time.perf_counter() - begun
    target.unlink(missing_ok=True)
    return elapsed


def main() -> None:
    begun = time.perf_counter()
    year = load(URL, YEAR_DAYS)
    month = load(MONTH_URL, MONTH_DAYS)
    load_s = time.perf_counter() - begun
    try:
        results = measure(year, month)
        pdf_s = {
            "week": time_pdf(year, last_full_week(TODAY)),
            "month": time_pdf(year, month_of(LAST_DAY)),
        }
        with year.engine.connect() as connection:
            counts = {
                table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("hq_value", "hq_batch", "hq_roll_district_day", "hq_roll_station_day")
            }
    finally:
        year.close()
        month.close()
    checks: list[dict[str, Any]] = []
    for period_name, by_call in results.items():
        for name, held in by_call.items():
            p95_year, p95_month = held["year"]["p95_ms"], held["month"]["p95_ms"]
            checks.append(
                {
                    "measure": f"{name}, a {period_name}: p95 at 1 year of history vs 200 ms",
                    "baseline": f"{GOAL_MS:g} ms",
                    "measured": f"{p95_year:.1f} ms (p50 {held['year']['p50_ms']:.1f})",
                    "ratio": p95_year / GOAL_MS,
                    "goal": 1.0,
                }
            )
            checks.append(
                {
                    "measure": f"{name}, a {period_name}: p95, 1 year vs 2 months of history",
                    "baseline": f"{p95_month:.1f} ms",
                    "measured": f"{p95_year:.1f} ms",
                    "ratio": p95_year / p95_month if p95_month else 1.0,
                    "goal": GOAL_RATIO,
                }
            )
    result = {
        "stations": STATIONS,
        "days": {"year": YEAR_DAYS, "month": MONTH_DAYS},
        "rows": counts,
        "rounds": ROUNDS,
        "load_s": round(load_s, 1),
        "rollup_pdf_s": {k: round(v, 2) for k, v in pdf_s.items()},
        "results": results,
        "checks": checks,
    }
    path = write("hq_dashboard", result)
    for period_name, by_call in results.items():
        for name, held in by_call.items():
            print(
                f"{period_name:5} {name:28} year p50 {held['year']['p50_ms']:7.1f} "
                f"p95 {held['year']['p95_ms']:7.1f} | month p50 {held['month']['p50_ms']:7.1f} "
                f"p95 {held['month']['p95_ms']:7.1f} ms"
            )
    print(f"rollup PDF (1 year of history): {pdf_s}")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
