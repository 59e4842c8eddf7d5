"""HQ receiving a week from 1,000 stations: ``ingest()`` against raw inserts of the same rows.

1,000 stations in ten districts, registered with their Ed25519 key files through
``add_station``, each send seven daily batches (signed as a station signs them,
``summary_format.sign``): 7,000 batches of 60–80 rows, built in memory from a fixed seed
before anything is timed, and delivered as a week arrives: Monday's from every station,
then Tuesday's, and so on. Timed, each into an empty HQ database (made by
``HqDatabase.open``: the same tables, keys, indexes and pragmas; the stations registered):

- ``ingest()``: every batch through the whole path: manifest, station lock and key,
  signature, hash, CSV parse and checks, the batch's rows and the dashboard's rollups, one
  transaction (one commit) per batch;
- the baseline, ``raw_per_batch``: for each batch, one transaction holding a raw DB-API
  ``executemany`` of its ``hq_batch`` row and one of its ``hq_value`` rows, then the commit:
  the same rows into the same tables with the same commits, and nothing else (no checks, no
  reads, no rollups);
- for reference, ``raw_one_transaction``: the same two executemany over all 7,000 batches in
  a single transaction (what the rows cost without a commit per batch);
- on PostgreSQL, ``copy_one_transaction``: the same rows by ``COPY … FROM STDIN`` in one
  transaction, the fastest way into those tables: the engine's limit.

Rounds alternate the variants so that machine noise hits them alike; each figure is the
median over the rounds. The checks a batch goes through that need no database (manifest,
signature, the CSV's hash, parse and rules) are timed apart over all batches, to say where
``ingest()``'s time goes.

Linearity: the same is run with 4,000 stations (``BENCH_HQ_BIG_STATIONS``; ingest and the
baseline only, ``BENCH_HQ_BIG_ROUNDS`` rounds), and ingest's time per batch compared with
the 1,000 stations' one.

    python -m bench hq_ingest               (from the project folder, in .venv)

PostgreSQL: the database of ``BENCH_HQ_INGEST_URL``, else of ``STATION_TEST_POSTGRES_URL``
(its tables are dropped and made again); without either only SQLite is measured, and the
result says so. ``BENCH_HQ_STATIONS``, ``BENCH_HQ_BIG_STATIONS`` (0: no linearity run) and
``BENCH_HQ_ROUNDS`` make a quicker trial; ``BENCH_HQ_PROFILE=1`` adds a profile of one
ingest per backend (cProfile's top functions and the time per SQL statement, printed and
kept in ``bench/.cache``), not timed with the rest.
"""

from __future__ import annotations

import base64
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import shutil
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench.report import write
from station_app.clock import SystemClock
from station_app.domain.cards import key_id_of
from station_app.domain.summary_format import (
    Manifest,
    Metric,
    SummaryRow,
    check_file,
    hour_dimension,
    item_dimension,
    occupation_dimension,
    service_dimension,
    sha256_hex,
    sign,
    source_dimension,
    verify,
    write_csv,
)
from station_app.hq import validation
from station_app.hq.db import HqDatabase
from station_app.hq.ingest import Outcome, ingest
from station_app.hq.schema import drop_schema
from station_app.hq.stations import add_station

SEED = 20261124
STATIONS = int(os.environ.get("BENCH_HQ_STATIONS", "1000"))
BIG_STATIONS = int(os.environ.get("BENCH_HQ_BIG_STATIONS", "4000"))
DAYS = 7
ROUNDS = int(os.environ.get("BENCH_HQ_ROUNDS", "3"))
BIG_ROUNDS = int(os.environ.get("BENCH_HQ_BIG_ROUNDS", "1"))
BIG_DAYS = int(os.environ.get("BENCH_HQ_BIG_DAYS", str(DAYS)))
PROFILE = bool(os.environ.get("BENCH_HQ_PROFILE"))
FIRST_DAY = dt.date(2026, 11, 16)  # a Monday: the week 2026-W47
CREATED = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
CACHE = Path(__file__).resolve().parent / ".cache"  # a real disk: commits pay their fsync
POSTGRES_URL = os.environ.get("BENCH_HQ_INGEST_URL") or os.environ.get(
    "STATION_TEST_POSTGRES_URL", ""
)

CLOCK = SystemClock()  # HQ's, as in production: a benchmark runs on the real time

DISTRICTS = ("LY", "YH", "BH", "SS", "FD", "CF", "FX", "LJ", "JZ", "CH")
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


@dataclass(frozen=True)
class Sender:
    code: str
    district: str
    key_file: str


@dataclass(frozen=True)
class Batch:
    manifest_json: bytes
    csv: bytes
    rows: tuple[SummaryRow, ...]
    manifest: Manifest


def _station_day(rng: random.Random, code: str, day: dt.date, busy: float) -> list[SummaryRow]:
    """A plausible day: visits spread over the open hours, some of them anonymous, shared
    out over occupations; services, items handed out and tracked stock."""
    open_hours = range(rng.randint(5, 7), rng.randint(21, 24))
    by_hour = {hour: max(0, round(rng.gauss(8, 3) * busy)) for hour in open_hours}
    visits = sum(by_hour.values())
    anonymous = rng.randint(0, visits // 4)
    card = visits - anonymous
    occupations = rng.sample(OCCUPATIONS, rng.randint(11, 12))
    shares = [rng.random() for _ in occupations]
    by_occupation = {
        occupation: int(visits * share / sum(shares))
        for occupation, share in zip(occupations, shares, strict=True)
    }
    by_occupation[occupations[0]] += visits - sum(by_occupation.values())
    distinct = rng.randint(card // 2, card) if card else 0
    members = rng.randint(0, distinct)
    figures: dict[tuple[Metric, str], int] = {
        (Metric.VISITS, "total"): visits,
        (Metric.VISITS, source_dimension("card")): card,
        (Metric.VISITS, source_dimension("anonymous")): anonymous,
        (Metric.DISTINCT_WORKERS, "total"): distinct,
        (Metric.NEW_REGISTRATIONS, "total"): rng.randint(0, 3),
        (Metric.UNION_MEMBERS, "total"): members,
        (Metric.WANTS_TO_JOIN, "total"): rng.randint(0, distinct - members),
        (Metric.OVERDUE_LOANS, "total"): rng.randint(0, 2),
    }
    for hour, count in by_hour.items():
        if count:
            figures[(Metric.VISITS, hour_dimension(hour))] = count
    for occupation, count in by_occupation.items():
        if count:
            figures[(Metric.VISITS, occupation_dimension(occupation))] = count
    for service in rng.sample(SERVICES, rng.randint(9, 11)):
        figures[(Metric.SERVICES, service_dimension(service))] = rng.randint(1, visits + 1)
    for item in rng.sample(ITEMS, rng.randint(11, 14)):
        figures[(Metric.ITEMS_ISSUED, item_dimension(item))] = rng.randint(1, 40)
    for item in ITEMS[: rng.randint(10, 14)]:  # tracked items: a row even at 0
        figures[(Metric.STOCK_LEVEL, item_dimension(item))] = rng.randint(0, 200)
    return [SummaryRow(code, day, metric, dim, value) for (metric, dim), value in figures.items()]


def build(rng: random.Random, stations: int, days: int) -> tuple[list[Sender], list[Batch]]:
    """The stations and their week's batches in the order a week arrives (each day's from
    every station, day after day), deterministic for a seed (signatures included: Ed25519
    signing is deterministic). The first stations of a larger build are a smaller one's."""
    senders: list[Sender] = []
    batches: list[tuple[int, int, Batch]] = []
    for n in range(stations):
        district = DISTRICTS[n % len(DISTRICTS)]
        code = f"HF-{district}-{n + 1:04d}"
        private = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        encoded = base64.b32encode(public).decode("ascii").rstrip("=")
        senders.append(
            Sender(code, district, f"YZKEY1 {key_id_of(public)} {encoded} {code} 测试驿站\n")
        )
        busy = rng.uniform(0.5, 2.0)
        for offset in range(DAYS):
            day = FIRST_DAY + dt.timedelta(days=offset)
            rows = _station_day(rng, code, day, busy)
            csv = write_csv(rows)
            manifest = sign(
                Manifest(
                    batch_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    station_code=code,
                    period_start=day,
                    period_end=day,
                    revision=1,
                    row_count=len(rows),
                    sha256=sha256_hex(csv),
                    created_at=CREATED,
                ),
                private,
            )
            batch = Batch(manifest.to_json().encode("utf-8"), csv, tuple(rows), manifest)
            if offset < days:  # the later days drawn all the same: the same stations, figures
                batches.append((offset, n, batch))
    batches.sort(key=lambda item: item[:2])
    return senders, [batch for _day, _n, batch in batches]


# Every table a delivery writes, emptied between runs on PostgreSQL (the stations stay).
WRITTEN = (
    "hq_value", "hq_flag", "hq_batch", "hq_roll_district_day", "hq_roll_station_day",
    "hq_roll_station", "hq_roll_station_month",
)  # fmt: skip


class Databases:
    """Empty HQ databases with every station registered, one per timed run: registering
    thousands of stations (a commit each) is done once per backend, then a SQLite file is
    copied from that template and a PostgreSQL database has the written tables truncated."""

    def __init__(self, url: str, senders: list[Sender]) -> None:
        self.url = url
        self.sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.sqlite:
            self.path = Path(make_url(url).database or "")
            self.template = self.path.with_suffix(".template")
            self._remove(self.path)
        else:
            db = HqDatabase.open(url, create=False)
            drop_schema(db.engine)
            db.close()
        db = HqDatabase.open(url)
        for sender in senders:
            add_station(
                db,
                sender.code,
                name=f"{sender.code} 驿站",
                district=sender.district,
                key_text=sender.key_file,
                now=CLOCK.now(),
            )
        db.close()  # SQLite: the last connection's close checkpoints and removes the WAL
        if self.sqlite:
            shutil.copyfile(self.path, self.template)

    @staticmethod
    def _remove(path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def fresh(self) -> HqDatabase:
        if self.sqlite:
            self._remove(self.path)
            shutil.copyfile(self.template, self.path)
            return HqDatabase.open(self.url)
        db = HqDatabase.open(self.url)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {', '.join(WRITTEN)}")
        with db.engine.connect() as conn:  # the planner's statistics of empty tables
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        return db

    def close(self) -> None:
        if self.sqlite:
            self._remove(self.path)
            self.template.unlink(missing_ok=True)


def time_ingest(db: HqDatabase, batches: list[Batch]) -> float:
    started = time.perf_counter()
    for batch in batches:
        result = ingest(
            db.sessions, batch.manifest_json, batch.csv, station_code_from_token=None, clock=CLOCK
        )
        assert result.outcome is Outcome.APPLIED, result.message()
    return time.perf_counter() - started


Row = tuple[Any, ...]
BATCH_COLUMNS = (
    "batch_id", "station_code", "day", "revision", "sha256", "row_count", "received_at", "applied",
)  # fmt: skip
VALUE_COLUMNS = ("station_code", "date", "metric", "dimension", "value", "batch_id")


def _raw_rows(batches: list[Batch], sqlite: bool) -> tuple[list[Row], list[list[Row]]]:
    """The rows ``ingest()`` stores, as the DB-API gets them from SQLAlchemy's types (SQLite
    holds dates as ISO text, datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff``)."""
    received = CREATED.replace(tzinfo=None)
    batch_rows = []
    value_rows = []
    for batch in batches:
        m = batch.manifest
        day: Any = m.period_start.isoformat() if sqlite else m.period_start
        batch_rows.append(
            (m.batch_id, m.station_code, day, m.revision, m.sha256, len(batch.rows),
             received.isoformat(sep=" ", timespec="microseconds") if sqlite else received,
             True)
        )  # fmt: skip
        value_rows.append(
            [
                (row.station_code, day, row.metric.value, row.dimension, row.value, m.batch_id)
                for row in batch.rows
            ]
        )
    return batch_rows, value_rows


def time_raw(db: HqDatabase, batches: list[Batch], *, per_batch: bool) -> float:
    """Raw executemany of the batch and value rows, in one transaction or one per batch
    (each: BEGIN, the batch's row, its values, COMMIT)."""
    sqlite = not db.is_postgresql
    mark = "?" if sqlite else "%s"
    insert_batch = (
        f"INSERT INTO hq_batch ({', '.join(BATCH_COLUMNS)})"
        f" VALUES ({', '.join([mark] * len(BATCH_COLUMNS))})"
    )
    insert_value = (
        f"INSERT INTO hq_value ({', '.join(VALUE_COLUMNS)})"
        f" VALUES ({', '.join([mark] * len(VALUE_COLUMNS))})"
    )
    batch_rows, value_rows = _raw_rows(batches, sqlite)
    conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()

        def transaction(batch_part: list[Row], values: list[Row]) -> None:
            if sqlite:  # autocommit driver (hq/db.py): begin as the engine does
                cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(insert_batch, batch_part)
            cursor.executemany(insert_value, values)
            conn.commit()

        started = time.perf_counter()
        if per_batch:
            for one, values in zip(batch_rows, value_rows, strict=True):
                transaction([one], values)
        else:
            transaction(batch_rows, [row for values in value_rows for row in values])
        return time.perf_counter() - started
    finally:
        conn.close()


def time_copy(db: HqDatabase, batches: list[Batch]) -> float:
    """PostgreSQL: the same rows by COPY FROM STDIN, in one transaction."""
    batch_rows, value_rows = _raw_rows(batches, sqlite=False)
    conn = db.engine.raw_connection()
    try:
        driver = conn.driver_connection
        assert driver is not None
        started = time.perf_counter()
        with driver.cursor() as cursor:
            with cursor.copy(f"COPY hq_batch ({', '.join(BATCH_COLUMNS)}) FROM STDIN") as copy:
                for row in batch_rows:
                    copy.write_row(row)
            with cursor.copy(f"COPY hq_value ({', '.join(VALUE_COLUMNS)}) FROM STDIN") as copy:
                for values in value_rows:
                    for row in values:
                        copy.write_row(row)
        conn.commit()
        return time.perf_counter() - started
    finally:
        conn.close()


def time_checks(batches: list[Batch], keys: dict[str, bytes]) -> dict[str, float]:
    """Seconds spent, over all batches, in each check ``ingest()`` makes before storing."""
    spent = {"manifest_json": 0.0, "signature": 0.0, "hash_parse": 0.0, "rules": 0.0}
    parsed: dict[str, list[SummaryRow]] = {}

    def parse(batch: Batch) -> bool:
        parsed[batch.manifest.batch_id] = check_file(batch.csv, batch.manifest)
        return True

    steps: list[tuple[str, Callable[[Batch], object]]] = [
        ("manifest_json", lambda b: Manifest.from_json(b.manifest_json)),
        ("signature", lambda b: verify(b.manifest, keys[b.manifest.station_code])),
        ("hash_parse", parse),
        (
            "rules",
            lambda b: (
                not validation.refusals(
                    validation.check(
                        parsed[b.manifest.batch_id], b.manifest.period_start, CLOCK.now()
                    )
                )
            ),
        ),
    ]
    for name, step in steps:
        started = time.perf_counter()
        for batch in batches:
            assert step(batch)
        spent[name] = time.perf_counter() - started
    return spent


def count_values(db: HqDatabase) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM hq_value").scalar_one())


def run(
    url: str,
    senders: list[Sender],
    batches: list[Batch],
    *,
    rounds: int,
    variants: tuple[str, ...],
    profile_too: bool,
) -> dict[str, Any]:
    rows = sum(len(batch.rows) for batch in batches)
    keys = {}
    for sender in senders:
        encoded = sender.key_file.split()[2]
        keys[sender.code] = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    databases = Databases(url, senders)
    times: dict[str, list[float]] = {name: [] for name in variants}
    checks: list[dict[str, float]] = []
    try:
        for _round in range(rounds):
            for name, samples in times.items():
                db = databases.fresh()
                try:
                    if name == "ingest":
                        samples.append(time_ingest(db, batches))
                    elif name == "copy_one_transaction":
                        samples.append(time_copy(db, batches))
                    else:
                        samples.append(time_raw(db, batches, per_batch=name == "raw_per_batch"))
                    assert count_values(db) == rows
                finally:
                    db.close()
                print(f"  {name}: {samples[-1]:.2f} s", flush=True)
            checks.append(time_checks(batches, keys))
        profile = profiled(databases, batches) if profile_too else None
    finally:
        databases.close()
    seconds = {name: statistics.median(samples) for name, samples in times.items()}
    ingest_s = seconds["ingest"]
    check_s = {name: statistics.median(c[name] for c in checks) for name in checks[0]}
    result: dict[str, Any] = {
        "stations": len(senders),
        "rows": rows,
        "batches": len(batches),
        "rounds": rounds,
        "seconds": {name: {"median": seconds[name], "all": times[name]} for name in times},
        "rows_per_s": {name: rows / s for name, s in seconds.items()},
        "ms_per_batch": {name: 1000 * s / len(batches) for name, s in seconds.items()},
        # Where ingest()'s time goes: the checks timed apart, the rest is the database
        # (the reads and writes of the batch's transaction, its commit) and SQLAlchemy.
        "ingest_share": {
            **{name: s / ingest_s for name, s in check_s.items()},
            "database": 1 - sum(check_s.values()) / ingest_s,
        },
    }
    if profile is not None:
        result["profile"] = profile
    return result


def profiled(databases: Databases, batches: list[Batch]) -> dict[str, Any]:
    """One more ingest of every batch, under cProfile, with each SQL statement's time summed
    (SQLAlchemy's cursor events): where the time goes, not a timing."""
    db = databases.fresh()
    spent: dict[str, list[float]] = {}

    def before(conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = " ".join(statement.split()[:4])
        held = spent.setdefault(words, [0, 0.0])
        held[0] += 1
        held[1] += time.perf_counter() - conn.info["bench_started"]

    def commit(conn: Any) -> None:
        conn.info["bench_commit"] = time.perf_counter()

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        total = time_ingest(db, batches)
        profiler.disable()
    finally:
        db.close()
    stats = pstats.Stats(profiler)
    commits = sum(
        cumtime
        for (_file, _line, name), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items()  # type: ignore[attr-defined]
        if name in ("<method 'commit' of 'sqlite3.Connection' objects>",)
        or (name == "commit" and _file.endswith("psycopg/connection.py"))
    )
    out = io.StringIO()
    listing = pstats.Stats(profiler, stream=out)
    listing.sort_stats("tottime").print_stats(25)
    listing.sort_stats("cumulative").print_stats(40)
    backend = "sqlite" if databases.sqlite else "postgresql"
    (CACHE / f"hq_ingest_profile_{backend}.txt").write_text(out.getvalue(), encoding="utf-8")
    print(out.getvalue())
    statements = {
        words: {"calls": int(n), "share": s / total}
        for words, (n, s) in sorted(spent.items(), key=lambda item: -item[1][1])
    }
    return {"seconds_profiled": total, "commit_share": commits / total, "statements": statements}


def measure(
    backend: str,
    url: str,
    stations: int,
    days: int,
    *,
    rounds: int,
    variants: tuple[str, ...],
    profile_too: bool = False,
) -> dict[str, Any]:
    rng = random.Random(SEED)
    started = time.perf_counter()
    senders, batches = build(rng, stations, days)
    sizes = [len(batch.rows) for batch in batches]
    print(
        f"{backend}, {stations} stations: built {len(batches)} batches of "
        f"{min(sizes)}–{max(sizes)} rows ({sum(sizes)} rows) in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    measured = run(url, senders, batches, rounds=rounds, variants=variants, profile_too=profile_too)
    measured["days"] = days
    measured["rows_per_batch"] = {
        "min": min(sizes),
        "max": max(sizes),
        "mean": statistics.fmean(sizes),
    }
    print(backend, json.dumps(measured, indent=2), flush=True)
    return measured


def _check(
    measured: dict[str, Any], measure_: str, baseline: str, goal: float | None = None
) -> dict[str, Any]:
    per = measured["ms_per_batch"]
    return {
        "measure": measure_,
        "baseline": f"{measured['seconds'][baseline]['median']:.2f} s",
        "measured": f"{measured['seconds']['ingest']['median']:.2f} s",
        "ratio": per["ingest"] / per[baseline],
        "goal": goal,
    }


def main() -> None:
    CACHE.mkdir(exist_ok=True)
    backends = {"sqlite": f"sqlite:///{CACHE / 'hq-ingest-bench.sqlite3'}"}
    if POSTGRES_URL:
        backends["postgresql"] = POSTGRES_URL
    else:
        print("no PostgreSQL URL (BENCH_HQ_INGEST_URL or STATION_TEST_POSTGRES_URL): SQLite only")
    result: dict[str, Any] = {
        "stations": STATIONS,
        "big_stations": BIG_STATIONS,
        "days": DAYS,
        "big_days": BIG_DAYS,
        "postgresql_measured": bool(POSTGRES_URL),
        "checks": [],
    }
    for backend, url in backends.items():
        variants = ("ingest", "raw_per_batch", "raw_one_transaction")
        if backend == "postgresql":
            variants += ("copy_one_transaction",)
        measured = measure(
            backend, url, STATIONS, DAYS, rounds=ROUNDS, variants=variants, profile_too=PROFILE
        )
        result[backend] = measured
        per = measured["ms_per_batch"]
        label = f"{backend}: week of {STATIONS:,} stations ({measured['rows']:,} rows), ingest()"
        result["checks"].append(
            _check(
                measured,
                f"{label} vs raw executemany, one transaction per batch",
                "raw_per_batch",
                3,
            )
        )
        result["checks"].append(
            _check(
                measured,
                f"{label} vs raw executemany, all in one transaction",
                "raw_one_transaction",
            )
        )
        if backend == "postgresql":
            result["checks"].append(
                _check(measured, f"{label} vs COPY, all in one transaction", "copy_one_transaction")
            )
        if BIG_STATIONS:
            big = measure(
                backend,
                url,
                BIG_STATIONS,
                BIG_DAYS,
                rounds=BIG_ROUNDS,
                variants=("ingest", "raw_per_batch"),
            )
            result[f"{backend}_big"] = big
            big_per = big["ms_per_batch"]
            result["checks"].append(
                {
                    "measure": f"{backend}: ingest() time per batch, {BIG_STATIONS:,} stations "
                    f"({BIG_DAYS} days) vs {STATIONS:,} ({DAYS} days) (linear: 1×)",
                    "baseline": f"{per['ingest']:.2f} ms",
                    "measured": f"{big_per['ingest']:.2f} ms",
                    "ratio": big_per["ingest"] / per["ingest"],
                    "goal": 1.2,
                }
            )
            result["checks"].append(
                {
                    "measure": f"{backend}: {BIG_DAYS} days of {BIG_STATIONS:,} stations, ingest() "
                    "vs raw executemany, one transaction per batch",
                    "baseline": f"{big['seconds']['raw_per_batch']['median']:.2f} s",
                    "measured": f"{big['seconds']['ingest']['median']:.2f} s",
                    "ratio": big_per["ingest"] / big_per["raw_per_batch"],
                    "goal": 3,
                }
            )
    path = write("hq_ingest", result)
    print(json.dumps(result["checks"], indent=2, ensure_ascii=False))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
