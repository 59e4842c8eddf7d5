"""The daily summary for HQ: one local day's counts, checked against the independent report
oracle (tests/report_oracle.py) on a demo station, with no personal data in the file, and a
signed manifest that HQ can check with the station's public key."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterator

import pytest

from station_app.app import Station, open_station
from station_app.demo.fill import DemoService
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.periods import day_range
from station_app.domain.stock import IN_DATE_CATEGORIES
from station_app.domain.summary_format import (
    MAX_VALUE,
    Metric,
    check_file,
    counts_by,
    read_csv,
    verify,
)
from station_app.services.people.keyring import parse_key_file
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput
from tests.clock_support import frozen_clock
from tests.report_oracle import expected_report
from tests.services.helpers import CHINA, STATION_CODE, beijing

UNTIL = dt.date(2026, 8, 31)
LATER = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """Two demo months to the end of August 2026."""
    opened = open_station(tmp_path_factory.mktemp("demo"), clock=frozen_clock())
    DemoService(opened.db).fill(seed=5, days=60, until=UNTIL, busy=0.6)
    yield opened
    opened.close()


def expected_figures(station: Station, day: dt.date) -> dict[tuple[Metric, str], int]:
    """What the file must say, from the oracle's one-day report (all its non-zero rows and
    every total), worked out without the service's code."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=CHINA)
    report = expected_report(station.paths.database, day_range(day, day), end, CHINA)
    figures = {
        (Metric.VISITS, "total"): report["visits"][0],
        (Metric.DISTINCT_WORKERS, "total"): report["distinct_workers"][0],
        (Metric.NEW_REGISTRATIONS, "total"): report["new_registrations"][0],
        (Metric.UNION_MEMBERS, "total"): report["union_members"][0],
        (Metric.WANTS_TO_JOIN, "total"): report["wants_to_join"][0],
        (Metric.OVERDUE_LOANS, "total"): len(report["overdue"]),
        (Metric.VISITS, "source:card"): report["card_visits"],
        (Metric.VISITS, "source:anonymous"): report["anonymous_visits"],
    }
    for hour, n in enumerate(report["by_hour"]):
        figures[(Metric.VISITS, f"hour:{hour:02d}")] = n
    for code, (n, _before) in report["by_occupation"].items():
        figures[(Metric.VISITS, f"occupation:{code}")] = n
    for code, (n, _before) in report["services_by_type"].items():
        figures[(Metric.SERVICES, f"type:{code}")] = n
    issued: Counter[str] = Counter()
    for _id, name, _unit, _opening, _received, out, *_others, stock, min_stock in report["stock"]:
        issued[name] += out
        if min_stock > 0:
            figures[(Metric.STOCK_LEVEL, f"item:{name}")] = stock
    for name, n in issued.items():
        figures[(Metric.ITEMS_ISSUED, f"item:{name}")] = n
    below = sum(1 for *_rest, stock, least in report["stock"] if least > 0 and stock < least)
    figures[(Metric.BELOW_MINIMUM, "total")] = below
    with sqlite3.connect(station.paths.database) as connection:
        category = dict(connection.execute("SELECT name, category FROM inventory_item"))
    expired = [
        line
        for line in report["expiring"]
        if line[2] < day and category[line[0]] in IN_DATE_CATEGORIES
    ]
    figures[(Metric.EXPIRED_BATCHES, "total")] = len(expired)
    # The demo filled without the station's settings: no posted hours.
    for metric in (Metric.POSTED_MINUTES, Metric.OPEN_MINUTES, Metric.MISSED_MINUTES):
        figures[(metric, "total")] = 0
    figures[(Metric.CLOSED_DAY, "total")] = 0
    # The demo's quarterly self-check: the latest by that day, and what it found wrong.
    with sqlite3.connect(station.paths.database) as connection:
        latest = connection.execute(
            "SELECT id, checked_on FROM self_check WHERE checked_on <= ?"
            " ORDER BY checked_on DESC, id DESC LIMIT 1",
            (day.isoformat(),),
        ).fetchone()
        if latest is not None:
            (missing,) = connection.execute(
                "SELECT count(*) FROM self_check_item WHERE self_check_id = ? AND NOT ok",
                (latest[0],),
            ).fetchone()
            age = (day - dt.date.fromisoformat(latest[1])).days
            figures[(Metric.SELF_CHECK_AGE_DAYS, "total")] = age
            figures[(Metric.SELF_CHECK_MISSING, "total")] = missing
        # The day's activities: how many of each type, whom they reached, what they gave.
        held = "SELECT id FROM activity WHERE held_on = :day"
        figures[(Metric.ACTIVITIES, "total")] = 0
        figures[(Metric.ACTIVITY_PEOPLE, "total")] = 0
        for type_code, n in connection.execute(
            "SELECT type_code, count(*) FROM activity WHERE held_on = :day GROUP BY type_code",
            {"day": day.isoformat()},
        ):
            figures[(Metric.ACTIVITIES, f"type:{type_code}")] = n
            figures[(Metric.ACTIVITIES, "total")] += n
        for code, n in connection.execute(
            "SELECT occupation_code, sum(count) FROM activity_participant"
            f" WHERE activity_id IN ({held}) GROUP BY occupation_code",
            {"day": day.isoformat()},
        ):
            figures[(Metric.ACTIVITY_PEOPLE, f"occupation:{code}")] = n
            figures[(Metric.ACTIVITY_PEOPLE, "total")] += n
        for name, n in connection.execute(
            "SELECT i.name, sum(a.quantity) FROM activity_item a"
            " JOIN inventory_item i ON i.id = a.item_id"
            f" WHERE a.activity_id IN ({held}) GROUP BY i.name",
            {"day": day.isoformat()},
        ):
            figures[(Metric.ACTIVITY_ITEMS, f"item:{name}")] = n
    return {
        key: n for key, n in figures.items() if n or key[1] == "total" or key[0] == "stock_level"
    }


@pytest.mark.parametrize(
    "day",
    # The last, a Friday of the summer campaign: its 送清凉 hand-out
    [
        UNTIL,
        dt.date(2026, 7, 15),
        dt.date(2026, 7, 4),
        UNTIL - dt.timedelta(days=59),
        dt.date(2026, 8, 28),
    ],
    ids=str,
)
def test_a_demo_days_figures_agree_with_the_raw_rows(demo: Station, day: dt.date) -> None:
    batch = demo.summaries.make_batch(day, 1, now=LATER, zone=CHINA)
    rows = read_csv(batch.csv)
    assert {row.station_code for row in rows} == {"HF-LY-0001"} and {r.day for r in rows} == {day}
    assert counts_by(rows) == expected_figures(demo, day)
    assert rows == demo.summaries.day_rows(day, zone=CHINA)
    # The demo's busy day has all kinds of rows.
    assert {row.metric for row in rows} >= {Metric.VISITS, Metric.SERVICES, Metric.STOCK_LEVEL}
    if day == dt.date(2026, 8, 28):
        assert {row.metric for row in rows} >= {Metric.ACTIVITY_PEOPLE, Metric.ACTIVITY_ITEMS}


def test_hq_can_check_the_batch_with_the_stations_public_key(demo: Station) -> None:
    batch = demo.summaries.make_batch(UNTIL, 2, now=LATER, zone=CHINA)
    _key_id, public, _owner = parse_key_file(demo.keyring.export_public_key())
    assert verify(batch.manifest, public)
    assert check_file(batch.csv, batch.manifest) == read_csv(batch.csv)
    manifest = batch.manifest
    assert (manifest.station_code, manifest.period_start, manifest.period_end) == (
        "HF-LY-0001",
        UNTIL,
        UNTIL,
    )
    assert manifest.revision == 2 and manifest.created_at == LATER
    assert manifest.key_id == demo.keyring.own_key_id()
    assert batch.stem == "HF-LY-0001_2026-08-31_r2"
    # A new batch id each time unless the caller keeps one (a re-sent revision).
    again = demo.summaries.make_batch(UNTIL, 2, now=LATER, zone=CHINA)
    assert again.manifest.batch_id != manifest.batch_id and again.csv == batch.csv
    kept = demo.summaries.make_batch(UNTIL, 2, batch_id=manifest.batch_id, now=LATER, zone=CHINA)
    assert kept.manifest == manifest


def test_no_personal_data_leaves_the_station(demo: Station) -> None:
    with sqlite3.connect(demo.paths.database) as conn:
        names = [r[0] for r in conn.execute("SELECT display_name FROM worker") if r[0]]
        phones = [r[0] for r in conn.execute("SELECT phone FROM worker") if r[0]]
        cards = [r[0] for r in conn.execute("SELECT card_no FROM card")]
        worker_ids = [r[0] for r in conn.execute("SELECT id FROM worker")]
    assert names and phones and cards
    for day in (UNTIL, dt.date(2026, 7, 15)):
        batch = demo.summaries.make_batch(day, 1, now=LATER, zone=CHINA)
        text = batch.csv.decode("utf-8") + batch.manifest.to_json()
        assert [name for name in names if name in text] == []
        assert [phone for phone in phones if phone in text] == []
        assert [card for card in cards if card in text] == []
        # Nothing names a person: every dimension is a total, a code, an hour or an item.
        kinds = {row.dimension.partition(":")[0] for row in read_csv(batch.csv)}
        assert kinds <= {"total", "occupation", "hour", "source", "type", "item"}
    assert worker_ids


# -- hand-made days ---------------------------------------------------------------------

PLUS8 = dt.timezone(dt.timedelta(hours=8))


def test_the_day_is_the_stations_local_day(ready: Station) -> None:
    for moment in (
        dt.datetime(2026, 11, 22, 23, 59, 59, tzinfo=PLUS8),  # the day before
        dt.datetime(2026, 11, 23, 0, 0, tzinfo=PLUS8),  # 16:00 UTC on the 22nd
        dt.datetime(2026, 11, 23, 23, 59, 59, tzinfo=PLUS8),
        dt.datetime(2026, 11, 24, 0, 0, tzinfo=PLUS8),  # the next day
    ):
        ready.checkin.anonymous("courier", now=moment)
    # ``ready`` sets the PC to Beijing time: its days are those of UTC+8.
    figures = counts_by(ready.summaries.day_rows(dt.date(2026, 11, 23)))
    assert figures[(Metric.VISITS, "total")] == 2
    assert (figures[(Metric.VISITS, "hour:00")], figures[(Metric.VISITS, "hour:23")]) == (1, 1)
    assert figures[(Metric.VISITS, "occupation:courier")] == 2
    assert (Metric.VISITS, "hour:16") not in figures
    # Seen in UTC the 23rd holds the two visits of the 23rd's local evening and the 24th's
    # first second (16:00 UTC) — not the same file at all.
    utc = counts_by(ready.summaries.day_rows(dt.date(2026, 11, 23), zone=dt.UTC))
    assert (utc[(Metric.VISITS, "total")], utc[(Metric.VISITS, "hour:15")]) == (2, 1)


def test_every_total_is_present_on_a_quiet_day(ready: Station) -> None:
    batch = ready.summaries.make_batch(dt.date(2026, 11, 23), 1, now=beijing(24, 1))
    assert batch.csv.decode("utf-8").splitlines() == [
        "station_code,date,metric,dimension,value",
        f"{STATION_CODE},2026-11-23,activities,total,0",
        f"{STATION_CODE},2026-11-23,activity_people,total,0",
        f"{STATION_CODE},2026-11-23,below_minimum,total,0",
        f"{STATION_CODE},2026-11-23,closed_day,total,0",
        f"{STATION_CODE},2026-11-23,distinct_workers,total,0",
        f"{STATION_CODE},2026-11-23,expired_batches,total,0",
        f"{STATION_CODE},2026-11-23,missed_minutes,total,0",
        f"{STATION_CODE},2026-11-23,new_registrations,total,0",
        f"{STATION_CODE},2026-11-23,open_minutes,total,0",
        f"{STATION_CODE},2026-11-23,overdue_loans,total,0",
        f"{STATION_CODE},2026-11-23,posted_minutes,total,0",
        f"{STATION_CODE},2026-11-23,union_members,total,0",
        f"{STATION_CODE},2026-11-23,visits,total,0",
        f"{STATION_CODE},2026-11-23,wants_to_join,total,0",
    ]
    assert batch.manifest.row_count == 14


def test_a_late_correction_changes_the_days_rows(ready: Station) -> None:
    water = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=5)).id
    ready.inventory.receive(water, 20, now=beijing(20, 8))
    ready.service_log.set_consumption("drinking_water", water, 1)
    worker = ready.workers.register(WorkerInput("老王", "sanitation", consent=True))
    card = ready.cards.issue(worker.id, today=dt.date(2026, 11, 1))
    visit = ready.checkin.scan(card.qr_text, now=beijing(23, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "drinking_water", 2, now=beijing(23, 9))
    first = ready.summaries.make_batch(dt.date(2026, 11, 23), 1, now=beijing(24, 1))
    before = counts_by(read_csv(first.csv))
    assert before[(Metric.SERVICES, "type:drinking_water")] == 2
    assert before[(Metric.ITEMS_ISSUED, "item:饮用水")] == 2
    assert before[(Metric.STOCK_LEVEL, "item:饮用水")] == 18
    assert before[(Metric.VISITS, "source:card")] == 1

    # Two days later the attendant sees it was one bottle, not two.
    ready.service_log.correct(record.id, quantity=1, now=beijing(25, 10))
    second = ready.summaries.make_batch(dt.date(2026, 11, 23), 2, now=beijing(25, 11))
    after = counts_by(read_csv(second.csv))
    assert after[(Metric.SERVICES, "type:drinking_water")] == 1
    # The journal undid the 23rd's issue and issued one bottle on the 25th (as the weekly
    # report counts it): the 23rd's row disappears, and the 25th's file has the bottle.
    assert (Metric.ITEMS_ISSUED, "item:饮用水") not in after
    later = counts_by(ready.summaries.day_rows(dt.date(2026, 11, 25)))
    assert later[(Metric.ITEMS_ISSUED, "item:饮用水")] == 1
    # The shelf is as it stood at the end of the 23rd.
    assert after[(Metric.STOCK_LEVEL, "item:饮用水")] == 18
    assert second.manifest.sha256 != first.manifest.sha256
    assert second.manifest.batch_id != first.manifest.batch_id


def test_a_day_not_over_yet_is_refused(ready: Station) -> None:
    with pytest.raises(ServiceError, match="2026-11-23"):
        ready.summaries.make_batch(dt.date(2026, 11, 23), 1, now=beijing(23, 23, 59))
    ready.summaries.make_batch(dt.date(2026, 11, 23), 1, now=beijing(24, 0))


def test_a_station_without_its_code_cannot_send(station: Station) -> None:
    with pytest.raises(ServiceError):
        station.summaries.make_batch(dt.date(2026, 11, 23), 1, now=LATER)


def test_a_stock_the_summary_could_not_carry_is_refused_at_the_counter(ready: Station) -> None:
    water = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=5)).id
    ready.inventory.receive(water, MAX_VALUE, now=beijing(20, 8))
    # One bottle more would be more than a day's summary can say: refused, nothing written
    with pytest.raises(ValidationFailed, match="999"):
        ready.inventory.receive(water, 1, now=beijing(20, 9))
    assert ready.inventory.item(water).stock == MAX_VALUE
    batch = ready.summaries.make_batch(dt.date(2026, 11, 23), 1, now=beijing(24, 1))
    assert counts_by(read_csv(batch.csv))[(Metric.STOCK_LEVEL, "item:饮用水")] == MAX_VALUE


def test_a_day_the_format_cannot_carry_names_the_figure_to_correct(ready: Station) -> None:
    # Given books from before stock was bounded: two million bottles on the shelf
    water = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=5)).id
    ready.inventory.receive(water, 10, now=beijing(20, 8))
    with sqlite3.connect(ready.paths.database) as raw:
        raw.execute("UPDATE stock_movement SET quantity = 2000000 WHERE item_id = ?", (water,))
    # Then the day's summary is refused with the item, the figure and what to do
    with pytest.raises(ServiceError) as refused:
        ready.summaries.make_batch(dt.date(2026, 11, 23), 1, now=beijing(24, 1))
    message = str(refused.value)
    assert "2026-11-23" in message and "饮用水" in message and "2000000" in message
    assert "ValueError" not in message and "SummaryRow" not in message
