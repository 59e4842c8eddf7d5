"""HQ receiving a week from 1,000 stations: ``ingest()`` against a raw executemany.

1,000 stations, registered with their Ed25519 key files through ``add_station``, each send
seven daily batches (signed as a station signs them, ``summary_format.sign``): 7,000 batches
of 60–90 rows, built in memory from a fixed seed before anything is timed. Timed, each on a
fresh database file made by ``HqDatabase.open`` (so the same tables, keys, indexes and
pragmas):

- ``ingest()``: every batch through the whole path: manifest, station and key lookup,
  signature, hash, CSV parse and checks, then one transaction storing the batch;
- baseline: one raw DB-API ``executemany`` of the same batch and value rows, one
  transaction: the least any ingest of those rows can cost;
- for reference, the same raw inserts with one transaction (one commit, so one fsync with
  ``synchronous=FULL``) per batch, as ``ingest()`` commits: the part of the gap that is
  commits, not Python.

Rounds alternate the three so that machine noise hits them alike; each figure is the median
over the rounds. The checks (pure Python, no database) a batch goes through are timed apart
over all batches once per round, to say where ``ingest()``'s time goes.

    python -m bench.bench_hq_ingest          (from the project folder, in .venv)

With STATION_TEST_POSTGRES_URL set (``scripts/dev.sh``), the same runs on that PostgreSQL
database too (its tables are dropped and made again for every run).

No goal is set: the ratio is reported, not judged.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
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
from station_app.hq.db import HqDatabase
from station_app.hq.ingest import Outcome, ingest
from station_app.hq.schema import drop_schema
from station_app.hq.stations import add_station

SEED = 20261124
STATIONS = int(os.environ.get("BENCH_HQ_STATIONS", "1000"))
DAYS = 7
ROUNDS = int(os.environ.get("BENCH_HQ_ROUNDS", "3"))
FIRST_DAY = dt.date(2026, 11, 16)  # a Monday: the week 2026-W47
CREATED = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
CACHE = Path(__file__).resolve().parent / ".cache"  # a real disk: commits pay their fsync
POSTGRES_URL = os.environ.get("STATION_TEST_POSTGRES_URL", "")

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


def build(rng: random.Random) -> tuple[list[Sender], list[Batch]]:
    """The stations and their week's batches, deterministic for a seed (signatures included:
    Ed25519 signing is deterministic)."""
    senders: list[Sender] = []
    batches: list[Batch] = []
    for n in range(STATIONS):
        code = f"HF-{DISTRICTS[n % len(DISTRICTS)]}-{n + 1:04d}"
        private = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        encoded = base64.b32encode(public).decode("ascii").rstrip("=")
        senders.append(Sender(code, f"YZKEY1 {key_id_of(public)} {encoded} {code} 测试驿站\n"))
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
            batches.append(Batch(manifest.to_json().encode("utf-8"), csv, tuple(rows), manifest))
    return senders, batches


def fresh(url: str, senders: list[Sender]) -> HqDatabase:
    """An empty HQ database (tables made as HQ makes them) with every station registered."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
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
            district="",
            key_text=sender.key_file,
            now=CLOCK.now(),
        )
    return db


def time_ingest(db: HqDatabase, batches: list[Batch]) -> float:
    started = time.perf_counter()
    for batch in batches:
        result = ingest(
            db.sessions, batch.manifest_json, batch.csv, station_code_from_token=None, clock=CLOCK
        )
        assert result.outcome is Outcome.APPLIED, result.message()
    return time.perf_counter() - started


Row = tuple[Any, ...]


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
    """Raw executemany of the batch and value rows, in one transaction or one per batch."""
    sqlite = not db.is_postgresql
    mark = "?" if sqlite else "%s"
    insert_batch = (
        "INSERT INTO hq_batch (batch_id, station_code, day, revision, sha256, row_count,"
        f" received_at, applied) VALUES ({', '.join([mark] * 8)})"
    )
    insert_value = (
        "INSERT INTO hq_value (station_code, date, metric, dimension, value, batch_id)"
        f" VALUES ({', '.join([mark] * 6)})"
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


def time_checks(batches: list[Batch], keys: dict[str, bytes]) -> dict[str, float]:
    """Seconds spent, over all batches, in each check ``ingest()`` makes before storing."""
    spent = {"manifest_json": 0.0, "signature": 0.0, "hash_parse_check": 0.0}
    steps: list[tuple[str, Callable[[Batch], object]]] = [
        ("manifest_json", lambda b: Manifest.from_json(b.manifest_json)),
        ("signature", lambda b: verify(b.manifest, keys[b.manifest.station_code])),
        ("hash_parse_check", lambda b: check_file(b.csv, b.manifest)),
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


def run(url: str, senders: list[Sender], batches: list[Batch]) -> dict[str, Any]:
    rows = sum(len(batch.rows) for batch in batches)
    keys = {}
    for sender in senders:
        encoded = sender.key_file.split()[2]
        keys[sender.code] = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    times: dict[str, list[float]] = {"ingest": [], "raw_one_transaction": [], "raw_per_batch": []}
    checks: list[dict[str, float]] = []
    for _round in range(ROUNDS):
        for name, samples in times.items():
            db = fresh(url, senders)
            try:
                if name == "ingest":
                    samples.append(time_ingest(db, batches))
                else:
                    samples.append(time_raw(db, batches, per_batch=name == "raw_per_batch"))
                assert count_values(db) == rows
            finally:
                db.close()
        checks.append(time_checks(batches, keys))
    seconds = {name: statistics.median(samples) for name, samples in times.items()}
    ingest_s = seconds["ingest"]
    check_s = {name: statistics.median(c[name] for c in checks) for name in checks[0]}
    return {
        "rows": rows,
        "batches": len(batches),
        "rounds": ROUNDS,
        "seconds": {name: {"median": seconds[name], "all": times[name]} for name in times},
        "rows_per_s": {name: rows / s for name, s in seconds.items()},
        "batches_per_s_ingest": len(batches) / ingest_s,
        # Where ingest()'s time goes: the checks timed apart, the rest is the database
        # (station lookup, the batch's transaction) and SQLAlchemy around it.
        "ingest_share": {
            **{name: s / ingest_s for name, s in check_s.items()},
            "database_and_orm": 1 - sum(check_s.values()) / ingest_s,
        },
    }


def main() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    senders, batches = build(rng)
    sizes = [len(batch.rows) for batch in batches]
    print(
        f"built {len(batches)} batches of {min(sizes)}–{max(sizes)} rows "
        f"({sum(sizes)} rows) in {time.perf_counter() - started:.1f} s"
    )
    CACHE.mkdir(exist_ok=True)
    backends = {"sqlite": f"sqlite:///{CACHE / 'hq-ingest-bench.sqlite3'}"}
    if POSTGRES_URL:
        backends["postgresql"] = POSTGRES_URL
    result: dict[str, Any] = {
        "stations": STATIONS,
        "days": DAYS,
        "rows_per_batch": {"min": min(sizes), "max": max(sizes), "mean": statistics.fmean(sizes)},
        "checks": [],
    }
    for backend, url in backends.items():
        measured = run(url, senders, batches)
        result[backend] = measured
        rate = measured["rows_per_s"]
        result["checks"].extend(
            [
                {"measure": f"{backend}: week of {STATIONS} stations, ingest() vs one raw "
                 "executemany (time)", "goal": None,
                 "ratio": rate["raw_one_transaction"] / rate["ingest"]},
                {"measure": f"{backend}: ingest() vs raw executemany, one transaction per "
                 "batch (time)", "goal": None,
                 "ratio": rate["raw_per_batch"] / rate["ingest"]},
            ]
        )  # fmt: skip
        print(backend, json.dumps(measured, indent=2))
    if backends["sqlite"].startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{CACHE / 'hq-ingest-bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    path = write("hq_ingest", result)
    print(json.dumps(result["checks"], indent=2, ensure_ascii=False))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
