"""What a period report must say, worked out from the raw rows of a station's database file.

An independent oracle for the report service and the printed report: it reads the tables
with the standard library's ``sqlite3`` and computes every number in plain Python, sharing
no code with ``station_app`` (not even the period arithmetic), so a mistake in the service
does not hide itself by being repeated here.

    expected_report(db_path, period, as_of, zone) -> dict

``period`` is anything with ``kind`` ("week", "month" or "range", or an enum with that
value), ``start`` and ``end`` (dates, ``end`` inclusive): a ``Period`` does. ``as_of`` is
an aware datetime (when the state of the shelf is taken), ``zone`` a tzinfo (None: the
PC's zone). The result holds only plain values:

    station_name, station_code   str
    period, previous             (first day, last day) as dates
    as_of                        aware UTC datetime
    visits, distinct_workers, new_registrations, union_members, wants_to_join, services
                                 (value in the period, value in the previous period)
    card_visits, anonymous_visits  int
    visits_by_day                [(date, visits)] for every day of the period
    by_hour                      [24 ints]: visits per local hour
    by_occupation                {occupation code: (visits, previous visits)}, non-zero only
    occupation_names             {occupation code: (stored name, builtin)} for those codes
    services_by_type             {service type code: (quantity, previous quantity)}
    service_names                {service type code: (stored name, builtin)}
    stock                        [(item_id, name, unit, opening, received, issued, lent,
                                 returned, discarded, adjusted, closing, min_stock)] for every
                                 item in the books by as_of (created, or first moved, before
                                 it) that is active or held or moved stock in the period,
                                 ordered by category then name
    expiring                     [(name, unit, expires_on, quantity)], soonest first
    overdue                      [(item_name, worker_id, worker_name, deposit_note, lent_at,
                                 due_at, overdue_by)], longest overdue first

Rules, as the station's manager reads them: a day is a local calendar day; a visit belongs
to the day it was checked in; services count on their visit's day; an issue undone at any
time is not counted, nor is the undo (the books are corrected: stock at any moment
leaves both out); batch remainders and loans are as the journal stood just before
``as_of``; a batch is "expiring" when it still holds stock and expires within 30 days of
``as_of``'s local date (or has expired).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

EXPIRY_DAYS = 30


def _utc(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _midnight(day: dt.date, zone: dt.tzinfo | None) -> dt.datetime:
    naive = dt.datetime(day.year, day.month, day.day)
    local = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return local.astimezone(dt.UTC)


def _kind(period: Any) -> str:
    return str(getattr(period.kind, "value", period.kind))


def _previous(period: Any) -> tuple[dt.date, dt.date]:
    kind, start, end = _kind(period), period.start, period.end
    if kind == "week":
        return start - dt.timedelta(days=7), end - dt.timedelta(days=7)
    if kind == "month":
        last = start - dt.timedelta(days=1)
        return dt.date(last.year, last.month, 1), last
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), end - dt.timedelta(days=days)


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


class _Rows:
    """Every row of the tables a report reads, with times parsed to aware UTC."""

    def __init__(self, db_path: Path) -> None:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            self.profile = conn.execute("SELECT name, code FROM station_profile").fetchall()
            # A visit is counted by what it keeps for counting (the worker's number, card or
            # not, union flags at the visit), which an erasure leaves as they were.
            self.visits = [
                (row["id"], _utc(row["checked_in_at"]), bool(row["came_with_card"]),
                 row["occupation_code"], row["visitor_key"], bool(row["member_at_visit"]),
                 bool(row["wanting_at_visit"]))
                for row in conn.execute("SELECT * FROM visit")
            ]  # fmt: skip
            self.workers = {row["id"]: dict(row) for row in conn.execute("SELECT * FROM worker")}
            self.records = [dict(row) for row in conn.execute("SELECT * FROM service_record")]
            self.types = {
                row["id"]: dict(row) for row in conn.execute("SELECT * FROM service_type")
            }
            self.occupations = {
                row["code"]: dict(row) for row in conn.execute("SELECT * FROM occupation")
            }
            self.items = [dict(row) for row in conn.execute("SELECT * FROM inventory_item")]
            self.movements = [dict(row) for row in conn.execute("SELECT * FROM stock_movement")]
            self.loans = [dict(row) for row in conn.execute("SELECT * FROM loan")]
            self.audit = [dict(row) for row in conn.execute("SELECT * FROM audit_event")]
        finally:
            conn.close()
        for movement in self.movements:
            movement["occurred_at"] = _utc(movement["occurred_at"])
            if movement["batch_expiry"] is not None:
                movement["batch_expiry"] = dt.date.fromisoformat(movement["batch_expiry"])
        for loan in self.loans:
            for key in ("lent_at", "due_at", "returned_at"):
                loan[key] = _utc(loan[key])
        for worker in self.workers.values():
            worker["created_at"] = _utc(worker["created_at"])
        for event in self.audit:
            event["at"] = _utc(event["at"])


def _flows(rows: _Rows, first: dt.date, last: dt.date, zone: dt.tzinfo | None) -> dict[str, Any]:
    start, end = _midnight(first, zone), _midnight(last + dt.timedelta(days=1), zone)
    visits = [v for v in rows.visits if v[1] is not None and start <= v[1] < end]
    visit_ids = {v[0] for v in visits}
    people = {v[4] for v in visits if v[4] is not None}
    services: Counter[str] = Counter()
    for record in rows.records:
        if record["visit_id"] in visit_ids:
            services[rows.types[record["service_type_id"]]["code"]] += record["quantity"]
    return {
        "visits": visits,
        "distinct_workers": len(people),
        "union_members": len({v[4] for v in visits if v[4] is not None and v[5]}),
        "wants_to_join": len({v[4] for v in visits if v[4] is not None and v[6]}),
        "new_registrations": sum(
            1 for w in rows.workers.values() if start <= w["created_at"] < end
        ),
        "services": sum(services.values()),
        "by_service": services,
        "by_occupation": Counter(v[3] for v in visits),
        "start": start,
        "end": end,
    }


def _batches(movements: list[dict[str, Any]]) -> list[tuple[int, dt.date | None, int]]:
    """(batch id, expiry, remaining) of one item's batches, from its rows before as_of,
    replayed in time order: a take-out naming no batch (old rows, the demo) takes from the
    batches on the shelf at that moment, soonest expiry first."""
    remaining: dict[int, int] = {}
    expiry: dict[int, dt.date | None] = {}
    short = 0  # taken when no batch on the shelf could cover it
    for m in sorted(movements, key=lambda m: (m["occurred_at"], m["quantity"] < 0, m["id"])):
        if m["batch_id"] is None and m["quantity"] > 0:
            remaining[m["id"]] = m["quantity"]
            expiry[m["id"]] = m["batch_expiry"]
        elif m["batch_id"] is not None:
            remaining[m["batch_id"]] = remaining.get(m["batch_id"], 0) + m["quantity"]
        else:
            wanted = -m["quantity"]
            for batch in sorted(
                (b for b in remaining if remaining[b] > 0 and b in expiry),
                key=lambda b: (expiry[b] is None, expiry[b] or dt.date.max, b),
            ):
                used = min(wanted, remaining[batch])
                remaining[batch] -= used
                wanted -= used
                if not wanted:
                    break
            short += wanted
    for batch in sorted(
        (b for b in remaining if remaining[b] > 0 and b in expiry),
        key=lambda b: (expiry[b] is None, expiry[b] or dt.date.max, b),
    ):
        used = min(short, remaining[batch])
        remaining[batch] -= used
        short -= used
    return [(b, expiry[b], remaining[b]) for b in remaining if b in expiry]


def expected_report(
    db_path: Path | str, period: Any, as_of: dt.datetime, zone: dt.tzinfo | None
) -> dict[str, Any]:
    """Every number of the period report, computed from the raw rows (see the module)."""
    rows = _Rows(Path(db_path))
    as_of = as_of.astimezone(dt.UTC)
    previous = _previous(period)
    now, before = (
        _flows(rows, period.start, period.end, zone),
        _flows(rows, previous[0], previous[1], zone),
    )
    per_day: Counter[dt.date] = Counter()
    per_hour = [0] * 24
    for visit in now["visits"]:
        local = visit[1].astimezone(zone)
        per_day[local.date()] += 1
        per_hour[local.hour] += 1

    undone = {m["reverses_id"] for m in rows.movements if m["reverses_id"] is not None}
    # The rows that stand: an undo and the row it undid are both out of every figure.
    kept = [m for m in rows.movements if m["reverses_id"] is None and m["id"] not in undone]
    shelf = [m for m in rows.movements if m["occurred_at"] < as_of]
    stock_lines = []
    expiring = []
    window_day = as_of.astimezone(zone).date() + dt.timedelta(days=EXPIRY_DAYS)
    start = now["start"]
    for item in sorted(rows.items, key=lambda i: (i["category"], i["name"])):
        created = [
            a["at"] for a in rows.audit
            if a["action"] == "item_created" and a["entity_id"] == str(item["id"])
        ] + [m["occurred_at"] for m in rows.movements if m["item_id"] == item["id"]]  # fmt: skip
        if created and min(created) >= as_of:
            continue  # not in the books yet
        mine = [m for m in kept if m["item_id"] == item["id"]]
        opening = sum(m["quantity"] for m in mine if m["occurred_at"] < start)
        closing = sum(m["quantity"] for m in mine if m["occurred_at"] < as_of)
        moved: Counter[str] = Counter()
        for m in mine:
            if start <= m["occurred_at"] < as_of:
                moved[m["kind"]] += m["quantity"]
        if not (item["active"] or opening or closing or any(
            start <= m["occurred_at"] < as_of for m in mine
        )):  # fmt: skip
            continue
        stock_lines.append(
            (item["id"], item["name"], item["unit"], opening, moved["receive"],
             -moved["issue"], -moved["lend"], moved["return"], -moved["discard"],
             moved["adjust"], closing, item["min_stock"])
        )  # fmt: skip
        on_shelf = [m for m in shelf if m["item_id"] == item["id"]]
        for _batch, expiry, left in _batches(on_shelf):
            if left > 0 and expiry is not None and expiry <= window_day:
                expiring.append((item["name"], item["unit"], expiry, left))
    expiring.sort(key=lambda line: (line[2], line[0]))

    names = {i["id"]: i["name"] for i in rows.items}
    late = [
        loan
        for loan in rows.loans
        if loan["lent_at"] < as_of
        and loan["due_at"] < as_of
        and (loan["returned_at"] is None or loan["returned_at"] >= as_of)
    ]
    late.sort(key=lambda loan: (loan["due_at"], loan["id"]))
    overdue = [
        (
            names[loan["item_id"]],
            loan["worker_id"],
            rows.workers[loan["worker_id"]]["display_name"] if loan["worker_id"] else "",
            loan["deposit_note"],
            loan["lent_at"],
            loan["due_at"],
            as_of - loan["due_at"],
        )
        for loan in late
    ]

    def pair(key: str) -> tuple[int, int]:
        return (now[key], before[key])

    def both(key: str) -> dict[str, tuple[int, int]]:
        codes = set(now[key]) | set(before[key])
        return {c: (now[key][c], before[key][c]) for c in codes if now[key][c] or before[key][c]}

    by_occupation = both("by_occupation")
    by_service = both("by_service")
    type_of = {t["code"]: t for t in rows.types.values()}
    anonymous = sum(1 for v in now["visits"] if not v[2])
    name, code = (rows.profile[0]["name"], rows.profile[0]["code"]) if rows.profile else ("", "")
    return {
        "station_name": name,
        "station_code": code,
        "period": (period.start, period.end),
        "previous": previous,
        "as_of": as_of,
        "visits": (len(now["visits"]), len(before["visits"])),
        "distinct_workers": pair("distinct_workers"),
        "new_registrations": pair("new_registrations"),
        "union_members": pair("union_members"),
        "wants_to_join": pair("wants_to_join"),
        "services": pair("services"),
        "card_visits": len(now["visits"]) - anonymous,
        "anonymous_visits": anonymous,
        "visits_by_day": [(day, per_day[day]) for day in _days(period.start, period.end)],
        "by_hour": per_hour,
        "by_occupation": by_occupation,
        "occupation_names": {
            c: (rows.occupations[c]["name"], bool(rows.occupations[c]["builtin"]))
            for c in by_occupation
            if c in rows.occupations
        },
        "services_by_type": by_service,
        "service_names": {c: (type_of[c]["name"], bool(type_of[c]["builtin"])) for c in by_service},
        "stock": stock_lines,
        "expiring": expiring,
        "overdue": overdue,
    }
