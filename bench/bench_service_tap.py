"""Time to hand out one bottle of water, with one year of issue history behind it and with five.

What every service tap that uses stock pays at check-in (and 出库 of 1 on the Inventory
page): ``inventory.issue`` of one unit of 饮用水, the station's busiest item (tens of
thousands of issues a year). The two stations are the demo's (``bench/large_station.py``),
whose every take-out names its batch as the live app writes it. Rounds alternate between
the two stations so that machine noise hits both alike.

Each issue is real: it commits and stays. Before measuring, a station short of water gets
a case delivery (a receive, as the attendant would enter it), so runs never empty the shelf.

    python -m bench.bench_service_tap       (from the project folder, in .venv)

Goal: p50 with five years ≤ 1.5× p50 with one year.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time

from bench.large_station import UNTIL, large_station
from bench.report import summary, write
from station_app.app import Station

ROUNDS = 4 if os.environ.get("BENCH_QUICK") else 10
PER_ROUND = 10
ITEM = "饮用水"
CHINA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime.combine(UNTIL + dt.timedelta(days=1), dt.time(9), tzinfo=CHINA)


def water(station: Station) -> int:
    (item,) = [item for item in station.inventory.items() if item.name == ITEM]
    if item.stock < 2 * ROUNDS * PER_ROUND:
        station.inventory.receive(item.id, 480, expires_on=UNTIL + dt.timedelta(days=365), now=NOW)
    return item.id


def rows(station: Station, item_id: int) -> dict[str, int]:
    with sqlite3.connect(station.paths.database) as conn:
        total, named = conn.execute(
            "SELECT count(*), count(batch_id) FROM stock_movement WHERE item_id = ?", (item_id,)
        ).fetchone()
    return {"movements": total, "naming_a_batch": named}


def main() -> None:
    one, five = large_station(years=1), large_station(years=5)
    try:
        items = {1: water(one), 5: water(five)}
        stations = {1: one, 5: five}
        times: dict[int, list[float]] = {1: [], 5: []}
        for years, station in stations.items():  # warm the page cache and statement cache
            station.inventory.issue(items[years], 1, now=NOW)
        for _round in range(ROUNDS):
            for years, station in stations.items():
                for _ in range(PER_ROUND):
                    started = time.perf_counter()
                    change = station.inventory.issue(items[years], 1, now=NOW)
                    times[years].append(time.perf_counter() - started)
                    assert change.quantity == -1
        short, long = summary(times[1]), summary(times[5])
        checks = [
            {"measure": f"issue of 1 {ITEM}, 5 years vs 1 year of batch-named history",
             "goal": 1.5, "ratio": long["p50_ms"] / short["p50_ms"],
             "baseline": f"{short['p50_ms']:.2f} ms", "measured": f"{long['p50_ms']:.2f} ms"},
        ]  # fmt: skip
        result = {
            "item_rows_1_year": rows(one, items[1]),
            "item_rows_5_years": rows(five, items[5]),
            "one_year": short,
            "five_years": long,
            "checks": checks,
        }
        path = write("service_tap_history", result)
        print(json.dumps(result, indent=2, ensure_ascii=False))
        print(f"written to {path}")
    finally:
        one.close()
        five.close()


if __name__ == "__main__":
    main()
