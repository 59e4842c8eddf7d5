"""A week's report and the week's summary CSVs, with five years of history behind the week
and with one week.

Two stations built alike by the demo generator (same seed, same busy factor, both ending on
``UNTIL``, a Sunday): one holds five years, the other two weeks: the week reported (the
last, Monday to ``UNTIL``) and one week of history behind it. A report compares its week
with the week before, so that week is read in both; everything older is what the report
must not pay for. (A station holding the reported week alone would have an empty week to
compare with, and measure that instead of history.) The demo draws each station's days
from its own random stream, so the weeks are alike in size, not identical (their row counts
are in the JSON).

Two measures each round, on each station:

- the weekly report's figures (``ReportService.period_report``), as the Reports page and the
  PDF use them;
- the week's daily summaries for HQ: the CSV and signed manifest of each of its seven days
  (``SummaryService.make_batch``), as the outbox makes them.

Rounds alternate between the two stations so that machine noise hits both alike.

    python -m bench.bench_report            (from the project folder, in .venv)

Goal: p50 with five years ≤ 1.2× p50 with one week of history, for each.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Callable

from bench.large_station import UNTIL, large_station
from bench.report import summary, write
from station_app.app import Station
from station_app.domain.periods import last_full_week

QUICK = bool(os.environ.get("BENCH_QUICK"))
ROUNDS = 4 if QUICK else 10
PER_ROUND = 3 if QUICK else 5
CHINA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime.combine(UNTIL + dt.timedelta(days=1), dt.time(9), tzinfo=CHINA)
WEEK = last_full_week(NOW.date())  # Monday to UNTIL


def rows(path: object) -> dict[str, int]:
    with sqlite3.connect(str(path)) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("visit", "service_record", "stock_movement", "loan")
        }


def report(station: Station) -> None:
    figures = station.reports.period_report(WEEK, now=NOW, zone=CHINA)
    assert figures.visits.value > 0


def week_csv(station: Station) -> None:
    day = WEEK.start
    while day <= WEEK.end:
        batch = station.summaries.make_batch(day, 1, now=NOW, zone=CHINA, batch_id="bench")
        assert batch.csv
        day += dt.timedelta(days=1)


def measure(
    stations: dict[str, Station], work: Callable[[Station], None]
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in stations}
    for station in stations.values():  # warm the page cache and SQLAlchemy's statements
        work(station)
    for _round in range(ROUNDS):
        for name, station in stations.items():
            for _ in range(PER_ROUND):
                started = time.perf_counter()
                work(station)
                times[name].append(time.perf_counter() - started)
    return times


def main() -> None:
    week, five = large_station(days=14), large_station(years=5)
    stations = {"one_week": week, "five_years": five}
    try:
        report_times = measure(stations, report)
        csv_times = measure(stations, week_csv)
        result: dict[str, object] = {
            "week": WEEK.code(),
            "rows_one_week": rows(week.paths.database),
            "rows_5_years": rows(five.paths.database),
            "report": {name: summary(t) for name, t in report_times.items()},
            "week_csv": {name: summary(t) for name, t in csv_times.items()},
        }
        checks = []
        for key, what in (("report", "weekly report"), ("week_csv", "week's 7 summary CSVs")):
            short = result[key]["one_week"]  # type: ignore[index]
            long = result[key]["five_years"]  # type: ignore[index]
            checks.append(
                {
                    "measure": f"{what} ({WEEK.code()}), 5 years vs 1 week of history behind it",
                    "goal": 1.2,
                    "ratio": long["p50_ms"] / short["p50_ms"],
                    "baseline": f"{short['p50_ms']:.1f} ms",
                    "measured": f"{long['p50_ms']:.1f} ms",
                }
            )
        result["checks"] = checks
        path = write("report_history", result)
        print(json.dumps(result, indent=2))
        print(f"written to {path}")
    finally:
        week.close()
        five.close()


if __name__ == "__main__":
    main()
