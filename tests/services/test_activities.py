"""Activities and campaigns as the station records them: a 送清凉 day handing out heatstroke
medicine earliest expiry first, in the weekly report and the campaign's report; an activity
whose items the shelf cannot cover refused whole; the station's own activity type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.activities import ActivityInput, HandOut, KitLine, Tally
from station_app.domain.enums import Role
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.periods import week_of
from station_app.domain.station import StationProfile
from station_app.reports.period_pdf import period_report_pdf
from station_app.services.accounts.access import NotPermitted
from station_app.services.stock.stock_data import ItemInput
from tests.reports.tools import needs_poppler, pdf_text
from tests.services.helpers import CHINA

ADMIN_PIN = "2580"
CLERK_PIN = "1357"


@pytest.fixture
def desk(data_dir: Path, clock: FrozenClock, china_time: None) -> Iterator[Station]:
    """A station in mid-July: the admin 王站长 signed in, an attendant 李明 on the list."""
    clock.set(dt.datetime(2027, 7, 15, 9, 30, tzinfo=CHINA))
    opened = open_station(data_dir, console=False, clock=clock)
    opened.accounts.create_first_admin("王站长", ADMIN_PIN, ADMIN_PIN)
    opened.station.save_profile(StationProfile("HF-LY-0012", "庐阳区环卫工人爱心驿站"))
    opened.accounts.add("李明", Role.ATTENDANT, CLERK_PIN, CLERK_PIN)
    yield opened
    opened.close()


def _item(station: Station, name: str, unit: str, *batches: tuple[int, dt.date]) -> int:
    item = station.inventory.create_item(ItemInput(name, "heatstroke", unit))
    for quantity, expiry in batches:
        station.inventory.receive(item.id, quantity, expires_on=expiry)
    return item.id


def _sign_in_clerk(station: Station) -> None:
    clerk = next(view.id for view in station.accounts.on_duty() if view.name == "李明")
    station.accounts.sign_in(clerk, CLERK_PIN)


def _rows(station: Station, sql: str) -> list[tuple[object, ...]]:
    with station.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


@needs_poppler
def test_a_cooling_day_issues_fefo_and_shows_in_the_week_and_the_campaign(
    desk: Station, clock: FrozenClock, tmp_path: Path
) -> None:
    # The later batch is received first: the issue must still take the sooner one first.
    huoxiang = _item(
        desk, "藿香正气水", "瓶", (40, dt.date(2028, 6, 30)), (20, dt.date(2027, 8, 31))
    )
    water = _item(desk, "矿泉水", "瓶", (100, dt.date(2028, 1, 1)))
    campaign = desk.activities.define_campaign(
        "2027 夏送清凉", dt.date(2027, 6, 1), dt.date(2027, 8, 31), [huoxiang, water]
    )
    assert campaign.kit == ("矿泉水", "藿香正气水")

    _sign_in_clerk(desk)  # an attendant on duty records the day
    cooling = next(t for t in desk.activities.types() if t.code == "summer_cooling")
    assert cooling.label == "送清凉"
    held = desk.activities.record(
        ActivityInput(
            held_on=clock.today(),
            type_code=cooling.code,
            partner="庐阳区总工会",
            participants={"sanitation": 30},
            items=(HandOut(huoxiang, 30),),
        )
    )
    assert held.people == 30
    assert held.participants == (Tally("环卫工人", 30),)
    assert held.items == (Tally("藿香正气水", 30, "瓶"),)

    left = {(b.expiry, b.remaining) for b in desk.inventory.batches(huoxiang)}
    assert left == {(dt.date(2028, 6, 30), 30)}  # the August batch is gone, 10 from June's
    assert desk.inventory.item(huoxiang).stock == 30
    assert _rows(desk, "SELECT action FROM audit_event WHERE action LIKE 'activity%'") == [
        ("activity.recorded",)
    ]

    report = desk.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)
    assert report.activities is not None
    assert report.activities.count == 1
    assert report.activities.people == 30
    assert report.activities.by_type == (Tally("送清凉", 1),)
    assert report.activities.items == (Tally("藿香正气水", 30, "瓶"),)
    target = tmp_path / "week.pdf"
    period_report_pdf(report, target, zone=CHINA)
    printed = " ".join(pdf_text(target).split())
    assert "活动" in printed and "送清凉" in printed and "环卫工人" in printed
    assert "30 瓶" in printed

    # One of its issues undone alone would leave the reports counting stock that came back.
    head = _rows(desk, "SELECT movement_id FROM activity_item")[0][0]
    assert isinstance(head, int)
    with pytest.raises(ServiceError, match="活动"):
        desk.inventory.undo(head)
    assert desk.inventory.item(huoxiang).stock == 30

    summary = desk.activities.campaign_report(campaign.id)
    assert summary.activities == 1
    assert summary.people == 30
    assert summary.by_occupation == (Tally("环卫工人", 30),)
    assert summary.kit == (
        KitLine("矿泉水", "瓶", handed_out=0, left=100),
        KitLine("藿香正气水", "瓶", handed_out=30, left=30),
    )


def test_an_activity_the_shelf_cannot_cover_is_refused_whole(desk: Station) -> None:
    huoxiang = _item(desk, "藿香正气水", "瓶", (40, dt.date(2028, 6, 30)))
    water = _item(desk, "矿泉水", "瓶", (10, dt.date(2028, 1, 1)))
    _sign_in_clerk(desk)
    with pytest.raises(ServiceError, match="10"):
        desk.activities.record(
            ActivityInput(
                held_on=dt.date(2027, 7, 14),
                type_code="summer_cooling",
                partner="",
                participants={"sanitation": 25, "courier": 5},
                items=(HandOut(huoxiang, 30), HandOut(water, 30)),
            )
        )
    assert desk.inventory.item(huoxiang).stock == 40
    assert desk.inventory.item(water).stock == 10
    assert _rows(desk, "SELECT count(*) FROM activity") == [(0,)]
    assert _rows(desk, "SELECT count(*) FROM activity_participant") == [(0,)]
    assert desk.activities.recent() == []


def test_bad_input_is_refused_with_a_message_per_field(desk: Station, clock: FrozenClock) -> None:
    with pytest.raises(ValidationFailed) as refused:
        desk.activities.record(
            ActivityInput(
                held_on=clock.today() + dt.timedelta(days=1),
                type_code="haircut",
                partner="",
                participants={},
            )
        )
    assert set(refused.value.problems) == {"held_on", "participants"}
    assert _rows(desk, "SELECT count(*) FROM activity") == [(0,)]


def test_the_station_adds_its_own_activity_type_and_an_attendant_may_not(
    desk: Station, clock: FrozenClock
) -> None:
    own = desk.activities.add_type("防暑知识讲座")
    assert [t.label for t in desk.activities.types()][-1] == "防暑知识讲座"
    with pytest.raises(ValidationFailed):
        desk.activities.add_type("义剪")  # the built-in haircut, in Chinese
    _sign_in_clerk(desk)
    with pytest.raises(NotPermitted):
        desk.activities.add_type("读书会")
    with pytest.raises(NotPermitted):
        desk.activities.define_campaign(
            "2027 冬送温暖", dt.date(2027, 12, 1), dt.date(2028, 2, 28), [1]
        )
    held = desk.activities.record(
        ActivityInput(clock.today(), own.code, "市疾控中心", {"courier": 12, "delivery_rider": 8})
    )
    assert held.type_label == "防暑知识讲座"
    assert held.people == 20
    week = desk.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)
    assert week.activities is not None
    assert week.activities.by_type == (Tally("防暑知识讲座", 1),)
    assert week.activities.items == ()
