"""Time to gather a busy week's report, with one year of history behind it and with five.

Two stations built alike by the demo generator (same seed, same busy factor, both ending on
``UNTIL``): one holds one year, the other five. The week reported is the same calendar week
(the last full one) in both, so the visits, services and stock movements *in* the week are
alike and only the history behind it differs: what a report must not pay for. (A week in the
first year against one in the last year of the same station would compare different seasons
and different amounts of data after the week, not history behind it.) Rounds alternate
between the two stations so that machine noise hits both alike.

    python -m bench.bench_report            (from the project folder, in .venv)

Goal (issue 5): p50 with five years ≤ 1.5× p50 with one year.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

from bench.large_station import UNTIL, large_station
from bench.report import summary, write
from station_app.domain.periods import last_full_week

ROUNDS = 10
PER_ROUND = 5
CHINA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime.combine(UNTIL + dt.timedelta(days=1), dt.time(9), tzinfo=CHINA)


def rows(path: object) -> dict[str, int]:
    with sqlite3.connect(str(path)) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("visit", "service_record", "stock_movement", "loan")
        }


def main() -> None:
    week = last_full_week(UNTIL)
    one, five = large_station(years=1), large_station(years=5)
    try:
        times: dict[int, list[float]] = {1: [], 5: []}
        for station in (one, five):  # warm the page cache and SQLAlchemy's statement cache
            station.reports.period_report(week, now=NOW, zone=CHINA)
        for _round in range(ROUNDS):
            for years, station in ((1, one), (5, five)):
                for _ in range(PER_ROUND):
                    started = time.perf_counter()
                    report = station.reports.period_report(week, now=NOW, zone=CHINA)
                    times[years].append(time.perf_counter() - started)
                    assert report.visits.value > 0
        short, long = summary(times[1]), summary(times[5])
        checks = [
            {"measure": f"busy week {week.code()} report, 5 years vs 1 year of history",
             "goal": 1.5, "ratio": long["p50_ms"] / short["p50_ms"]},
        ]  # fmt: skip
        result = {
            "week": week.code(),
            "rows_1_year": rows(one.paths.database),
            "rows_5_years": rows(five.paths.database),
            "one_year": short,
            "five_years": long,
            "checks": checks,
        }
        path = write("report_history", result)
        print(json.dumps(result, indent=2))
        print(f"written to {path}")
    finally:
        one.close()
        five.close()


if __name__ == "__main__":
    main()
