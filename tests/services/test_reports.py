"""The period report's numbers, checked against an independent oracle (tests/report_oracle.py)
that recomputes each one from the raw rows, on demo stations and on hand-made edge cases."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from station_app.app import Station, open_station
from station_app.config.settings import REPORT_LOGO
from station_app.demo.fill import DemoService
from station_app.domain.period_report import PeriodReport
from station_app.domain.periods import Period, day_range, month_of, parse_week, week_of
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput
from tests.clock_support import frozen_clock
from tests.report_oracle import expected_report
from tests.services.helpers import CHINA, beijing

UNTIL = dt.date(2026, 8, 31)
LATER = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)  # long after the demo's last day
PLUS8 = dt.timezone(dt.timedelta(hours=8))


def shape(report: PeriodReport) -> dict[str, Any]:
    """The report in the oracle's plain shape (labels checked separately)."""
    return {
        "station_name": report.station_name,
        "station_code": report.station_code,
        "period": (report.period.start, report.period.end),
        "previous": (report.previous.start, report.previous.end),
        "as_of": report.as_of,
        **{
            name: (getattr(report, name).value, getattr(report, name).previous)
            for name in (
                "visits",
                "distinct_workers",
                "new_registrations",
                "union_members",
                "wants_to_join",
                "services",
            )
        },
        "card_visits": report.card_visits,
        "anonymous_visits": report.anonymous_visits,
        "visits_by_day": [(line.day, line.value) for line in report.visits_by_day],
        "by_hour": report.by_hour,
        "by_occupation": {c.code: (c.value, c.previous) for c in report.by_occupation},
        "services_by_type": {c.code: (c.value, c.previous) for c in report.services_by_type},
        "stock": [
            (
                s.item_id,
                s.name,
                s.unit,
                s.opening,
                s.received,
                s.issued,
                s.lent,
                s.returned,
                s.discarded,
                s.adjusted,
                s.closing,
                s.min_stock,
            )
            for s in report.stock
        ],
        "expiring": [(e.name, e.unit, e.expires_on, e.quantity) for e in report.expiring],
        "overdue": [(o.item_name, o.due_at, o.overdue_by) for o in report.overdue_loans],
    }


def oracle(station: Station, period: Period, as_of: dt.datetime, zone: dt.tzinfo) -> dict:
    expected = expected_report(station.paths.database, period, as_of, zone)
    del expected["occupation_names"], expected["service_names"]
    expected["overdue"] = [(line[0], line[5], line[6]) for line in expected["overdue"]]
    return expected


def assert_matches(station: Station, period: Period, now: dt.datetime, zone: dt.tzinfo) -> None:
    report = station.reports.period_report(period, now=now, zone=zone)
    as_of = min(now, dt.datetime.combine(period.after_end, dt.time(), tzinfo=zone))
    assert shape(report) == oracle(station, period, as_of, zone)
    for rows in (report.by_occupation, report.services_by_type):
        assert [row.value for row in rows] == sorted((row.value for row in rows), reverse=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """A demo year to September 2026, read by many tests."""
    opened = open_station(tmp_path_factory.mktemp("demo"), clock=frozen_clock())
    DemoService(opened.db).fill(seed=3, days=365, until=UNTIL, busy=0.5)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    "period",
    [
        week_of(UNTIL),  # the demo's last week
        parse_week("2026-W27"),  # mid-summer: heatstroke relief, long queues
        parse_week("2026-W01"),  # crosses the new year
        week_of(UNTIL - dt.timedelta(days=364)),  # the first week: nothing before it
        month_of(dt.date(2026, 7, 1)),
        month_of(dt.date(2026, 3, 1)),  # its previous month is February
        day_range(dt.date(2026, 5, 3), dt.date(2026, 5, 19)),
    ],
    ids=lambda period: period.code(),
)
def test_demo_reports_agree_with_the_raw_rows(demo, period) -> None:
    assert_matches(demo, period, LATER, CHINA)


def test_a_report_on_a_period_still_running_is_taken_as_of_now(demo) -> None:
    now = dt.datetime.combine(UNTIL - dt.timedelta(days=3), dt.time(15, 30), tzinfo=CHINA)
    report = demo.reports.period_report(week_of(UNTIL), now=now, zone=CHINA)
    assert report.as_of == now and report.generated_at == now
    assert_matches(demo, week_of(UNTIL), now, CHINA)


def test_the_demo_week_has_the_numbers_a_manager_expects(demo) -> None:
    report = demo.reports.period_report(parse_week("2026-W27"), now=LATER, zone=CHINA)
    assert report.station_name == "庐阳区环卫工人爱心驿站（演示）"
    assert report.station_code == "HF-LY-0001"
    assert report.visits.value > 0 and report.visits.previous > 0
    assert report.card_visits + report.anonymous_visits == report.visits.value
    assert sum(day.value for day in report.visits_by_day) == report.visits.value
    assert sum(report.by_hour) == report.visits.value
    assert len(report.visits_by_day) == 7 and len(report.by_hour) == 24
    assert report.distinct_workers.value <= report.card_visits
    assert report.union_members.value <= report.distinct_workers.value
    labels = {count.code: count.label for count in report.by_occupation}
    assert labels.get("sanitation") == "环卫工人"
    services = {count.code: count.label for count in report.services_by_type}
    assert services.get("hot_water") == "热水"
    assert report.previous == parse_week("2026-W26")
    issued = {line.name: line.issued for line in report.stock}
    assert issued["饮用水"] > 0


def test_the_inventory_page_and_the_report_agree_on_today(demo) -> None:
    """A report running to now shows what the inventory page shows: same items, same order,
    same stock (lent-out units are not on the shelf)."""
    now = LATER
    report = demo.reports.period_report(week_of(now.date()), now=now, zone=CHINA)
    assert [(line.item_id, line.stock) for line in report.stock] == [
        (item.id, item.stock) for item in demo.inventory.items()
    ]
    page_alerts = demo.inventory.alerts(today=now.astimezone(CHINA).date())
    assert [(b.item_name, b.expiry, b.remaining) for b in page_alerts.expiring] == [
        (e.name, e.expires_on, e.quantity) for e in report.expiring
    ]
    assert [line.name for line in report.below_minimum] == [
        item.name for item in page_alerts.below_minimum
    ]


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """A demo station over four months, every week of which is checked."""
    opened = open_station(tmp_path_factory.mktemp("months"), clock=frozen_clock())
    DemoService(opened.db).fill(seed=11, days=120, until=UNTIL, busy=0.4)
    yield opened
    opened.close()


def test_every_item_of_every_demo_week_balances(months) -> None:
    """opening + received − issued − lent + returned − discarded ± adjusted = closing, for
    every item of every week, and the next week opens where the last one closed."""
    first = UNTIL - dt.timedelta(days=119)
    week = week_of(first)
    closed: dict[int, int] = {}
    weeks = 0
    while week.start <= UNTIL:
        report = months.reports.period_report(week, now=LATER, zone=CHINA)
        for line in report.stock:
            assert line.balances, (week.code(), line)
            assert line.opening == closed.get(line.item_id, 0), (week.code(), line)
        closed = {line.item_id: line.closing for line in report.stock}
        assert_matches(months, week, LATER, CHINA)
        weeks += 1
        week = week_of(week.end + dt.timedelta(days=1))
    assert weeks >= 17


# -- hand-made edge cases -------------------------------------------------------------


def _week(ready: Station, day: int = 23) -> Period:
    return week_of(dt.date(2026, 11, day))


def test_a_visit_at_2359_counts_on_its_day_and_one_at_midnight_on_the_next(ready) -> None:
    sunday_night = dt.datetime(2026, 11, 29, 23, 59, 59, tzinfo=PLUS8)
    monday = dt.datetime(2026, 11, 30, 0, 0, tzinfo=PLUS8)
    first_monday = dt.datetime(2026, 11, 23, 0, 0, tzinfo=PLUS8)
    last_sunday = dt.datetime(2026, 11, 22, 23, 59, tzinfo=PLUS8)
    for moment in (sunday_night, monday, first_monday, last_sunday):
        ready.checkin.anonymous("courier", now=moment)
    week = week_of(dt.date(2026, 11, 23))
    report = ready.reports.period_report(week, now=LATER.replace(year=2027), zone=PLUS8)
    assert report.visits == type(report.visits)(2, 1)
    assert report.visits_by_day[0].value == 1 and report.visits_by_day[-1].value == 1
    assert report.by_hour[0] == 1 and report.by_hour[23] == 1
    # Seen from UTC the week holds the two visits of the 29th local evening (15:59, 16:00).
    utc = ready.reports.period_report(week, now=LATER.replace(year=2027), zone=dt.UTC)
    assert (utc.visits.value, utc.by_hour[15], utc.by_hour[16]) == (2, 1, 1)
    assert [day.value for day in utc.visits_by_day] == [0, 0, 0, 0, 0, 0, 2]
    assert_matches(ready, week, LATER.replace(year=2027), PLUS8)


def test_an_erased_workers_visits_still_count(ready) -> None:
    worker = ready.workers.register(
        WorkerInput("老王", "sanitation", union_member=True, consent=True)
    )
    card = ready.cards.issue(worker.id, today=dt.date(2026, 11, 1))
    ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    ready.checkin.scan(card.qr_text, now=beijing(25, 9))
    ready.checkin.anonymous("courier", now=beijing(25, 10))
    before = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    assert (before.visits.value, before.card_visits, before.anonymous_visits) == (3, 2, 1)
    assert (before.distinct_workers.value, before.union_members.value) == (1, 1)
    ready.workers.erase(worker.id)
    after = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    assert shape(after) == shape(before)
    assert [(c.code, c.value) for c in after.by_occupation] == [("sanitation", 2), ("courier", 1)]
    assert_matches(ready, _week(ready), beijing(30, 12), CHINA)


def test_a_past_week_prints_the_same_numbers_after_an_erasure_and_a_change(ready) -> None:
    """Reprinting a past week after a worker left the union and another was erased."""
    leaving = ready.workers.register(
        WorkerInput("老李", "courier", union_member=True, consent=True)
    )
    erased = ready.workers.register(
        WorkerInput("老王", "sanitation", wants_to_join=True, consent=True)
    )
    for worker in (leaving, erased):
        card = ready.cards.issue(worker.id, today=dt.date(2026, 11, 1))
        ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    week = _week(ready)
    printed = shape(ready.reports.period_report(week, now=beijing(30, 12), zone=CHINA))
    assert (printed["distinct_workers"], printed["union_members"]) == ((2, 0), (1, 0))
    assert printed["wants_to_join"] == (1, 0)
    ready.workers.update(
        leaving.id, WorkerInput("老李", "courier", union_member=False, consent=True)
    )
    ready.workers.erase(erased.id)
    again = shape(ready.reports.period_report(week, now=beijing(30, 12), zone=CHINA))
    assert again == printed


def test_an_item_shows_only_from_the_day_it_was_added(ready, clock) -> None:
    clock.set(beijing(26, 10))
    gloves = ready.inventory.create_item(ItemInput("手套", "drinks", "副", min_stock=5)).id
    before = ready.reports.period_report(_week(ready, 16), now=beijing(30, 12), zone=CHINA)
    assert before.stock == [] and before.below_minimum == []
    (line,) = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA).stock
    assert (line.item_id, line.opening, line.closing, line.below_minimum) == (gloves, 0, 0, True)
    assert_matches(ready, _week(ready, 16), beijing(30, 12), CHINA)


def test_every_kind_of_movement_adds_up(ready, clock) -> None:
    clock.set(beijing(20, 8))
    umbrella = ready.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True)).id
    ready.inventory.receive(umbrella, 6, now=beijing(20, 8))
    ready.inventory.receive(umbrella, 4, now=beijing(24, 8))
    ready.lending.lend(umbrella, deposit_note="身份证", now=beijing(24, 9))
    back = ready.lending.lend(umbrella, deposit_note="工作证", now=beijing(24, 10))
    ready.lending.return_loan(back.id, now=beijing(25, 10))
    ready.inventory.discard(umbrella, 1, "坏了", now=beijing(26, 9))
    ready.inventory.adjust(umbrella, -1, "盘点", now=beijing(27, 9))
    (line,) = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA).stock
    assert (line.opening, line.received, line.lent, line.returned, line.discarded) == (
        6, 4, 2, 1, 1,
    )  # fmt: skip
    assert (line.adjusted, line.closing) == (-1, 7) and line.balances
    assert_matches(ready, _week(ready), beijing(30, 12), CHINA)


def test_take_outs_naming_no_batch_come_from_the_batches_on_the_shelf_then(ready) -> None:
    """Rows written before batches were tracked: ten bottles taken in November came from
    the only batch there was, not from the one received later that expires sooner."""
    item = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    ready.inventory.receive(item, 10, expires_on=dt.date(2027, 9, 1), now=beijing(16, 8))
    with sqlite3.connect(ready.paths.database) as conn:
        conn.execute(
            "INSERT INTO stock_movement (item_id, kind, quantity, occurred_at, donor, reason)"
            " VALUES (?, 'issue', -10, ?, '', '')",
            (item, "2026-11-17 02:00:00.000000"),
        )
    ready.inventory.receive(item, 8, expires_on=dt.date(2026, 12, 10), now=beijing(24, 8))
    report = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    assert [(e.expires_on, e.quantity) for e in report.expiring] == [(dt.date(2026, 12, 10), 8)]
    assert report.stock[0].closing == 8
    alerts = ready.inventory.alerts(today=dt.date(2026, 11, 30))
    assert [(b.expiry, b.remaining) for b in alerts.expiring] == [(dt.date(2026, 12, 10), 8)]
    assert_matches(ready, _week(ready), beijing(30, 12), CHINA)


@pytest.fixture
def water(ready: Station) -> int:
    item = ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=5)).id
    ready.inventory.receive(item, 10, expires_on=dt.date(2026, 12, 10), now=beijing(20, 8))
    ready.inventory.receive(item, 10, expires_on=dt.date(2027, 6, 1), now=beijing(20, 8))
    ready.service_log.set_consumption("drinking_water", item, 1)
    return item


def test_an_undone_issue_is_not_counted_and_a_correction_counts_once(ready, water) -> None:
    kept = ready.inventory.issue(water, 3, now=beijing(24, 10))
    undone = ready.inventory.issue(water, 4, now=beijing(24, 11))
    ready.inventory.undo(undone.movement_id, now=beijing(24, 12))
    visit = ready.checkin.anonymous("courier", now=beijing(25, 9)).visit_ids[0]
    record = ready.service_log.record(visit, "drinking_water", now=beijing(25, 9))
    ready.service_log.correct(record.id, quantity=2, now=beijing(25, 10))
    report = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    (line,) = report.stock
    assert kept.quantity == -3
    assert (line.issued, line.stock) == (3 + 2, 20 - 5)
    assert report.services.value == 2
    assert [(c.code, c.label, c.value) for c in report.services_by_type] == [
        ("drinking_water", "饮水", 2)
    ]
    # The batch expiring within 30 days of the week's end is listed with what it held then.
    assert [(e.name, e.expires_on, e.quantity) for e in report.expiring] == [
        ("饮用水", dt.date(2026, 12, 10), 5)
    ]
    assert_matches(ready, _week(ready), beijing(30, 12), CHINA)


def test_an_undo_in_the_next_week_takes_the_issue_out_of_its_own_week(ready, water) -> None:
    issue = ready.inventory.issue(water, 4, now=beijing(29, 20))
    ready.inventory.undo(issue.movement_id, now=beijing(30, 9))
    report = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    (line,) = report.stock
    # The undo corrects the books: neither week counts the issue, and both add up.
    assert (line.opening, line.received, line.issued, line.closing) == (20, 0, 0, 20)
    following = ready.reports.period_report(_week(ready, 30), now=beijing(30, 12), zone=CHINA)
    assert (following.stock[0].opening, following.stock[0].issued) == (20, 0)
    assert line.balances and following.stock[0].balances
    assert_matches(ready, _week(ready), beijing(30, 12), CHINA)


def test_a_loan_returned_after_the_period_counts_as_overdue_in_it(ready) -> None:
    umbrella = ready.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True)).id
    ready.inventory.receive(umbrella, 3, now=beijing(20, 8))
    worker = ready.workers.register(WorkerInput("小李", "courier", consent=True))
    late = ready.lending.lend(umbrella, worker_id=worker.id, now=beijing(27, 18))
    ready.lending.lend(umbrella, deposit_note="押金 20 元", now=beijing(28, 9))
    on_time = ready.lending.lend(umbrella, deposit_note="50元", now=beijing(24, 9))
    ready.lending.return_loan(on_time.id, now=beijing(24, 17))
    ready.lending.return_loan(late.id, now=beijing(30, 10))  # after the week
    report = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    assert [(o.item_name, o.borrower) for o in report.overdue_loans] == [
        ("雨伞", "小李"),
        ("雨伞", "匿名：押金 20 元"),  # what was left, said once
    ]
    assert report.overdue_loans[0].overdue_by == report.as_of - late.due_at
    # Two lent out at the end of the week: one on the shelf.
    assert report.stock[0].stock == 1
    # Printed again after the return, the week says the same.
    assert_matches(ready, _week(ready), beijing(30, 12), CHINA)
    ready.workers.erase(worker.id)
    erased = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    assert erased.overdue_loans[0].borrower == "（个人信息已删除）"


def test_previous_period_figures_and_registrations(ready, clock) -> None:
    today = clock.now().astimezone(CHINA).date()
    this_week = week_of(today)
    workers = [
        ready.workers.register(
            WorkerInput(f"工人{n}", "courier", wants_to_join=n == 0, consent=True)
        )
        for n in range(3)
    ]
    cards = [
        ready.cards.issue(worker.id, today=this_week.start - dt.timedelta(days=7)).qr_text
        for worker in workers
    ]
    last_week_day = dt.datetime.combine(
        this_week.start - dt.timedelta(days=3), dt.time(10), tzinfo=CHINA
    )
    for code in cards[:2]:
        ready.checkin.scan(code, now=last_week_day)
    ready.checkin.anonymous("sanitation", 3, now=last_week_day)
    now = clock.now()
    report = ready.reports.period_report(this_week, now=now, zone=CHINA)
    assert report.new_registrations.value == 3
    assert (report.visits.value, report.visits.previous) == (0, 5)
    assert report.distinct_workers.previous == 2
    assert report.visits.change == -5
    assert [(c.code, c.value, c.previous) for c in report.by_occupation] == [
        ("sanitation", 0, 3),
        ("courier", 0, 2),
    ]
    assert_matches(ready, this_week, now, CHINA)


def test_a_station_not_set_up_yet_reports_zeros(station) -> None:
    report = station.reports.period_report(week_of(dt.date(2026, 11, 23)), now=LATER, zone=CHINA)
    assert (report.station_name, report.visits.value, report.stock) == ("", 0, [])
    assert report.by_hour == [0] * 24


def test_the_report_carries_the_stations_own_logo_when_one_is_set(ready, tmp_path) -> None:
    week = _week(ready)
    assert ready.reports.period_report(week, now=beijing(30, 12), zone=CHINA).logo is None
    logo = tmp_path / "徽标.png"
    logo.write_bytes(b"a picture")
    ready.settings.set(REPORT_LOGO, str(logo))
    assert ready.reports.period_report(week, now=beijing(30, 12), zone=CHINA).logo == logo
    logo.unlink()  # moved away: the report is printed without it
    assert ready.reports.period_report(week, now=beijing(30, 12), zone=CHINA).logo is None


def test_the_first_week_of_a_station_has_nothing_to_compare_with(ready) -> None:
    ready.checkin.anonymous("courier", now=beijing(24, 9))
    first = ready.reports.period_report(_week(ready), now=beijing(30, 12), zone=CHINA)
    second = ready.reports.period_report(_week(ready, 30), now=beijing(30, 12), zone=CHINA)
    assert (first.has_previous, second.has_previous) == (False, True)
