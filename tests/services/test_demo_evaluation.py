"""A demo station as the union evaluates it: hours kept, medicine in date, the self-check,
activities and campaigns. Every expectation is worked out here from the rows themselves
(the sign-ins, the visits, the activities), the way an inspector would check the figures
the reports show."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.app import Station, open_station
from station_app.config.settings import CLOSED_DAYS, POSTED_HOURS
from station_app.db.models import (
    Activity,
    ActivityItem,
    ActivityParticipant,
    AuditEvent,
    Campaign,
    InventoryItem,
    SelfCheckRow,
    StockMovement,
    Visit,
)
from station_app.domain.periods import day_range, last_full_week
from station_app.domain.self_check import quarter_start
from station_app.domain.stock import MEDICINE_CATEGORIES
from tests.clock_support import frozen_clock

CHINA = dt.timezone(dt.timedelta(hours=8))
UNTIL = dt.date(2026, 8, 31)  # a Monday: the last full week is 24–30 August
DAYS = 365
FIRST = UNTIL - dt.timedelta(days=DAYS - 1)
GRACE = dt.timedelta(minutes=5)  # a hand-over: one signs out, the next signs in


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    opened = open_station(tmp_path_factory.mktemp("evaluation"), clock=frozen_clock())
    opened.demo.fill(seed=11, days=DAYS, until=UNTIL)
    yield opened
    opened.close()


def _stretches(session: Session) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """(from, to, who) for each sign-in and the sign-out after it."""
    events = session.execute(
        select(AuditEvent.at, AuditEvent.action, AuditEvent.attendant_id)
        .where(AuditEvent.action.in_(("account.sign_in", "account.sign_out")))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    stretches = []
    began: tuple[dt.datetime, int] | None = None
    for at, action, who in events:
        if action == "account.sign_in":
            assert began is None, f"signed in twice at {at}"
            began = (at, who)
        else:
            assert began is not None and began[1] == who, f"signed out at {at} unmatched"
            stretches.append((began[0], at, who))
            began = None
    assert began is None
    return stretches


def _posted(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    opens, closes = (dt.time(7), dt.time(19)) if day.weekday() < 5 else (dt.time(8), dt.time(18))
    return dt.datetime.combine(day, opens, CHINA), dt.datetime.combine(day, closes, CHINA)


def _missed(day: dt.date, stretches: list[tuple[dt.datetime, dt.datetime, int]]) -> int:
    """Posted minutes of ``day`` nobody was signed in (a hand-over's minute counts as open)."""
    opens, closes = _posted(day)
    joined: list[list[dt.datetime]] = []
    for start, end, _who in stretches:
        if joined and start - joined[-1][1] <= GRACE:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    covered = sum(
        max(0.0, (min(end, closes) - max(start, opens)).total_seconds()) for start, end in joined
    )
    total = (closes - opens).total_seconds()
    return int(total // 60) - int(covered // 60)


def test_the_posted_hours_and_closed_days_are_the_stations_settings(year: Station) -> None:
    week = year.settings.get(POSTED_HOURS)
    assert week == ("07:00-19:00",) * 5 + ("08:00-18:00",) * 2
    closed = dict(year.settings.get(CLOSED_DAYS))
    assert closed.get("2026-08-26")  # the repair day, with its note
    assert "2026-02-16" in closed and "2026-02-17" in closed  # 除夕 and 春节
    assert "周一至周五 07:00–19:00" in year.station.profile().opening_hours


def test_visits_come_only_while_an_attendant_is_signed_in(year: Station) -> None:
    with year.db.sessions() as session:
        stretches = _stretches(session)
        visits = session.execute(
            select(Visit.checked_in_at, Visit.attendant_id).order_by(Visit.checked_in_at)
        ).all()
    starts = [start for start, _end, _who in stretches]
    for at, attendant in visits:
        index = bisect.bisect_right(starts, at) - 1
        start, end, who = stretches[index]
        assert start <= at < end, at
        assert attendant == who
    # A hand-over after lunch on weekdays: two people a day, one at weekends.
    people = Counter((start.astimezone(CHINA).date(), who) for start, _end, who in stretches)
    weekdays = {day for day, _who in people if day.weekday() < 5}
    two = {day for day in weekdays if sum(1 for d, _w in people if d == day) == 2}
    assert len(two) == len(weekdays)


def test_the_hours_kept_read_like_a_real_station(year: Station) -> None:
    # The whole year as the report reads it
    days = year.reports.opening_days(day_range(FIRST, UNTIL), now=year.clock.now())
    with year.db.sessions() as session:
        stretches = _stretches(session)
    by_day: dict[dt.date, list[tuple[dt.datetime, dt.datetime, int]]] = {}
    for stretch in stretches:
        by_day.setdefault(stretch[0].astimezone(CHINA).date(), []).append(stretch)
    closed = {dt.date.fromisoformat(day) for day, _note in year.settings.get(CLOSED_DAYS)}
    # Every day's minutes missed is what the sign-ins say
    for day in days:
        if day.day in closed:
            assert day.declared_closed and day.minutes_missed == 0
            assert day.day not in by_day  # nobody opened on a declared closed day
        else:
            assert day.minutes_missed == _missed(day.day, by_day.get(day.day, [])), day.day
    open_days = [day for day in days if not day.declared_closed]
    late = [d for d in open_days if d.first_open and d.first_open.time() > _late(d.day)]
    early = [d for d in open_days if d.last_close and d.last_close.time() < _early(d.day)]
    not_opened = [d for d in open_days if d.first_open is None]
    # A station that mostly keeps its hours: late or early now and then, rarely not at all
    assert 8 <= len(late) <= 45
    assert 6 <= len(early) <= 40
    assert 1 <= len(not_opened) <= 6
    posted = sum(d.minutes_open + d.minutes_missed for d in open_days)
    missed = sum(d.minutes_missed for d in open_days)
    assert 0.005 < missed / posted < 0.04


def _late(day: dt.date) -> dt.time:
    return (_posted(day)[0] + dt.timedelta(minutes=5)).time()


def _early(day: dt.date) -> dt.time:
    return (_posted(day)[1] - dt.timedelta(minutes=5)).time()


def test_the_last_weeks_report_shows_its_closed_day_activities_and_expired_medicine(
    year: Station,
) -> None:
    week = last_full_week(UNTIL)
    report = year.reports.period_report(week, now=year.clock.now())
    # The repair day is declared closed; the other days were measured
    (repair,) = [day for day in report.opening if day.declared_closed]
    assert repair.day == dt.date(2026, 8, 26)
    with year.db.sessions() as session:
        stretches = _stretches(session)
        held = session.scalars(
            select(Activity).where(Activity.held_on.between(week.start, week.end))
        ).all()
        people = session.scalar(
            select(func.sum(ActivityParticipant.count)).where(
                ActivityParticipant.activity_id.in_([row.id for row in held])
            )
        )
    assert report.minutes_missed == sum(
        _missed(day, [s for s in stretches if s[0].astimezone(CHINA).date() == day])
        for day in week.dates()
        if day != repair.day
    )
    # A summer week: its 送清凉 Friday and the month's haircut on the last Saturday
    assert report.activities is not None
    assert report.activities.count == len(held) >= 2
    assert report.activities.people == people
    assert {row.type_code for row in held} >= {"summer_cooling", "haircut"}
    # A first-aid batch past its date is still on the shelf at the end of the week
    expired = report.expired_on_shelf(MEDICINE_CATEGORIES)
    assert [line.name for line in expired] == ["碘伏棉签"]
    assert expired[0].expires_on < week.end
    # The self-check the report shows is the quarter's, with the one fault it found
    assert report.self_check is not None
    assert quarter_start(report.self_check.checked_on) == quarter_start(UNTIL)
    assert len(report.self_check.problems) == 1 and report.self_check.problems[0].note


def test_a_self_check_every_quarter_by_the_admin(year: Station) -> None:
    with year.db.sessions() as session:
        checks = session.scalars(select(SelfCheckRow).order_by(SelfCheckRow.checked_on)).all()
        admin_days = {
            at.astimezone(CHINA).date()
            for at in session.scalars(
                select(AuditEvent.at).where(
                    AuditEvent.action == "self_check.saved", AuditEvent.attendant_id == 1
                )
            )
        }
    quarters = [quarter_start(check.checked_on) for check in checks]
    assert len(set(quarters)) == len(quarters)
    # every quarter of the period (the first's may have been before the period began)
    expected = {quarter_start(FIRST + dt.timedelta(days=n)) for n in range(0, DAYS, 28)}
    assert expected - {quarter_start(FIRST)} <= set(quarters) <= expected
    assert all(FIRST <= check.checked_on <= UNTIL for check in checks)
    assert admin_days == {check.checked_on for check in checks}
    latest = year.self_check.latest()
    assert latest is not None and latest.checked_on == checks[-1].checked_on
    assert len(latest.problems) == 1


def test_activities_over_the_year_and_their_stock(year: Station) -> None:
    with year.db.sessions() as session:
        rows = session.scalars(select(Activity)).all()
        handed = session.execute(
            select(ActivityItem, StockMovement, InventoryItem.name)
            .join(StockMovement, StockMovement.id == ActivityItem.movement_id)
            .join(InventoryItem, InventoryItem.id == ActivityItem.item_id)
        ).all()
        campaigns = session.scalars(select(Campaign).order_by(Campaign.starts_on)).all()
        parts = {
            int(head): int(total)
            for head, total in session.execute(
                select(StockMovement.part_of_id, func.sum(StockMovement.quantity))
                .where(StockMovement.part_of_id.is_not(None))
                .group_by(StockMovement.part_of_id)
            )
        }
    by_type = Counter(row.type_code for row in rows)
    months = {(FIRST + dt.timedelta(days=n)).strftime("%Y-%m") for n in range(DAYS)}
    # Legal advice and a haircut every month, held on a day the station was open
    assert by_type["legal_advice"] == by_type["haircut"] == len(months)
    assert by_type["health_check"] == 4 and by_type["union_drive"] == 2
    assert all(row.held_on.month in (7, 8) for row in rows if row.type_code == "summer_cooling")
    assert all(
        row.held_on.month in (12, 1, 2, 3) for row in rows if row.type_code == "winter_warmth"
    )
    assert 7 <= by_type["summer_cooling"] <= 10 and 11 <= by_type["winter_warmth"] <= 15
    # What they handed out left the stock as ordinary issues of the same quantity (one row
    # per batch it came from, the later ones part of the first)
    assert handed
    for item, movement, _name in handed:
        assert (movement.kind, movement.item_id) == ("issue", item.item_id)
        assert movement.quantity + parts.get(movement.id, 0) == -item.quantity
        assert movement.reason.startswith("活动：")
    names = Counter(name for _item, _movement, name in handed)
    assert {"饮用水", "暖宝宝"} <= set(names)
    # A summer campaign and a winter one, each with its activities in the report
    assert [c.name for c in campaigns] == ["2025—2026年冬送温暖", "2026年夏送清凉"]
    views = {view.name: view for view in year.activities.campaigns()}
    summer = year.activities.campaign_report(views["2026年夏送清凉"].id)
    cooling = [row for row in rows if row.type_code == "summer_cooling"]
    assert summer.activities == len(cooling)
    assert summer.people > 30 * len(cooling) - 1
    assert {line.name for line in summer.kit if line.handed_out} == {
        "饮用水",
        "藿香正气水",
        "清凉油",
        "防晒霜",
    }


def test_the_winter_campaign_is_set_up_before_it_starts(tmp_path, clock) -> None:
    station = open_station(tmp_path / "autumn", clock=clock)
    try:
        station.demo.fill(seed=3, days=60, until=dt.date(2026, 11, 23))
        (winter,) = station.activities.campaigns()
        assert (winter.name, winter.starts_on) == ("2026—2027年冬送温暖", dt.date(2026, 12, 1))
        assert set(winter.kit) == {"暖宝宝", "口罩", "饼干"}
    finally:
        station.close()
