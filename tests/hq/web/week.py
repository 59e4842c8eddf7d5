"""A week of real signed batches from three stations, sent to HQ over its upload API as the
stations send them, each on the morning after its day (one day missed, one station silent),
and the totals the stations themselves sent, for the pages to be checked against."""

from __future__ import annotations

import base64
import datetime as dt
import json
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from station_app.hq.stations import StationDetails, add_station
from tests.clock_support import BEIJING
from tests.hq.batches import Figures, StationKey, make_batch, new_station
from tests.hq.web.conftest import Hq

MONDAY = dt.date(2026, 11, 16)  # week 2026-W47; the clock's today is Tuesday 24 November
WEEK = "2026-W47"
DAYS = [MONDAY + dt.timedelta(days=n) for n in range(8)]  # 16 … 23 November
MISSED = dt.date(2026, 11, 20)  # HF-LG-0002 sends nothing that Friday
SUNDAY = dt.date(2026, 11, 22)  # HF-LG-0002 is closed on Sundays
FT_LAST = dt.date(2026, 11, 19)  # HF-FT-0001 falls silent after Thursday
FLAGGED = dt.date(2026, 11, 18)  # HF-LG-0001 counts an occupation HQ does not know


@dataclass(frozen=True)
class Planned:
    code: str
    name: str
    district: str
    closed: str
    days: tuple[dt.date, ...]


PLAN = (
    Planned("HF-LG-0001", "龙岗一号驿站", "龙岗区", "", tuple(DAYS)),
    Planned(
        "HF-LG-0002",
        "龙岗二号驿站",
        "龙岗区",
        "7",
        tuple(d for d in DAYS if d not in (MISSED, SUNDAY)),
    ),
    Planned("HF-FT-0001", "福田驿站", "福田区", "", tuple(d for d in DAYS if d <= FT_LAST)),
)


def day_figures(code: str, day: dt.date) -> Figures:
    """A plausible day: the parts add up, members among the card-holders."""
    n = int(code[-1]) + (7 if "FT" in code else 0)
    visits = 10 + (day.day * 7 + n * 3) % 15
    card = visits - 3
    workers = card - 2
    courier = visits // 2
    other = "astronaut" if (code, day) == ("HF-LG-0001", FLAGGED) else "sanitation"
    return {
        ("visits", "total"): visits,
        ("visits", "occupation:courier"): courier,
        (("visits", f"occupation:{other}")): visits - courier,
        ("visits", "source:card"): card,
        ("visits", "source:anonymous"): visits - card,
        ("distinct_workers", "total"): workers,
        ("new_registrations", "total"): 1,
        ("union_members", "total"): workers // 2,
        ("wants_to_join", "total"): 1,
        ("overdue_loans", "total"): n % 3,
        ("services", "type:hot_water"): visits - 1,
    }


@dataclass
class Sent:
    """What the stations sent: their keys, tokens and per-day figures."""

    keys: dict[str, StationKey] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    figures: dict[tuple[str, dt.date], Figures] = field(default_factory=dict)

    def total(self, metric: str, dimension: str, days: list[dt.date], codes: set[str]) -> int:
        return sum(
            figures.get((metric, dimension), 0)
            for (code, day), figures in self.figures.items()
            if day in days and code in codes
        )

    def by_occupation(self, days: list[dt.date], codes: set[str]) -> Counter[str]:
        counted: Counter[str] = Counter()
        for (code, day), figures in self.figures.items():
            if day in days and code in codes:
                for (metric, dimension), value in figures.items():
                    if metric == "visits" and dimension.startswith("occupation:"):
                        counted[dimension.removeprefix("occupation:")] += value
        return counted


def upload(hq: Hq, sent: Sent, code: str, day: dt.date) -> None:
    """The station sends its day over HTTPS, as its sync does."""
    figures = day_figures(code, day)
    batch = make_batch(sent.keys[code], figures, day=day)
    body = json.dumps(
        {
            "manifest": batch.manifest.to_dict(),
            "csv": base64.b64encode(batch.csv).decode("ascii"),
        }
    ).encode("utf-8")
    request = urllib.request.Request(hq.url + "/api/v1/batches", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {sent.tokens[code]}")
    with urllib.request.urlopen(request, timeout=20) as answer:
        assert answer.status == 200, answer.read()
    sent.figures[(code, day)] = figures


def send_the_week(hq: Hq) -> Sent:
    """Register the three stations, then send each day's batches the next morning (Beijing
    time) on HQ's clock; the clock ends where it started (Tuesday 24 November, 08:47)."""
    start = hq.clock.now()
    sent = Sent()
    for planned in PLAN:
        key = new_station(planned.code)
        added = add_station(
            hq.db,
            planned.code,
            name=planned.name,
            district=planned.district,
            key_text=key.key_file,
            now=dt.datetime(2026, 11, 1, tzinfo=BEIJING),
            details=StationDetails(
                planned.name, planned.district, opened_on=MONDAY, closed_weekdays=planned.closed
            ),
        )
        sent.keys[planned.code], sent.tokens[planned.code] = key, added.token
    for day in DAYS:
        hq.clock.set(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(1, 0), BEIJING))
        for planned in PLAN:
            if day in planned.days:
                upload(hq, sent, planned.code, day)
    hq.clock.set(start)
    return sent
