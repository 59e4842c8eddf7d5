"""The weekly report says whether first-aid medicine and food are in date: "全部在有效期内",
or the expired batches still on the shelf (item, expiry date, quantity left), as printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.domain.period_report import PeriodReport
from station_app.domain.periods import week_of
from station_app.domain.stock import FOOD_CATEGORIES, MEDICINE_CATEGORIES
from station_app.reports.period_pdf import period_report_pdf
from station_app.services.stock.stock_data import ItemInput
from tests.reports.tools import needs_poppler, pdf_text
from tests.services.helpers import CHINA

pytestmark = needs_poppler


def this_week(station: Station, clock: FrozenClock) -> PeriodReport:
    """The week so far, taken a minute after the last change to the shelf."""
    clock.advance(dt.timedelta(minutes=1))
    return station.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)


def printed(report: PeriodReport, tmp_path: Path) -> str:
    target = tmp_path / "week.pdf"
    period_report_pdf(report, target, zone=CHINA)
    return pdf_text(target)


@pytest.fixture
def shelf(ready: Station, clock: FrozenClock) -> dict[str, int]:
    """Aspirin with 4 boxes expired three days ago and 10 good ones; bread expired
    yesterday; soap (not medicine nor food) past its date too; a plaster in date."""
    inventory = ready.inventory
    today = clock.today()
    aspirin = inventory.create_item(ItemInput("阿司匹林", "first_aid", "盒")).id
    inventory.receive(aspirin, 4, expires_on=today - dt.timedelta(days=3))
    inventory.receive(aspirin, 10, expires_on=today + dt.timedelta(days=300))
    bread = inventory.create_item(ItemInput("面包", "food", "个")).id
    inventory.receive(bread, 6, expires_on=today - dt.timedelta(days=1))
    soap = inventory.create_item(ItemInput("肥皂", "hygiene", "块")).id
    inventory.receive(soap, 3, expires_on=today - dt.timedelta(days=1))
    plaster = inventory.create_item(ItemInput("创可贴", "first_aid", "盒")).id
    inventory.receive(plaster, 5, expires_on=today + dt.timedelta(days=5))
    return {"aspirin": aspirin, "bread": bread, "soap": soap}


def test_expired_medicine_and_food_are_listed_until_discarded(
    ready: Station, clock: FrozenClock, shelf: dict[str, int], tmp_path: Path
) -> None:
    report = this_week(ready, clock)
    (medicine,) = report.expired_on_shelf(MEDICINE_CATEGORIES)
    assert (medicine.name, medicine.quantity) == ("阿司匹林", 4)
    assert medicine.expires_on == clock.today() - dt.timedelta(days=3)
    (food,) = report.expired_on_shelf(FOOD_CATEGORIES)
    assert (food.name, food.quantity) == ("面包", 6)

    text = printed(report, tmp_path)
    assert "药品和食品有效期" in text
    assert "急救药品：1 批已过期，仍在架上" in text
    assert "食品饮料：1 批已过期，仍在架上" in text
    assert "全部在有效期内" not in text

    # The one-step discard of each expired batch: the report is clean again.
    for item in ("aspirin", "bread"):
        (expired, *_rest) = ready.inventory.batches(shelf[item])
        ready.inventory.discard(shelf[item], expired.remaining, "已过期", batch_id=expired.batch_id)
    clean = this_week(ready, clock)
    assert clean.expired_on_shelf(MEDICINE_CATEGORIES) == []
    assert clean.expired_on_shelf(FOOD_CATEGORIES) == []
    text = printed(clean, tmp_path)
    assert "急救药品：全部在有效期内" in text
    assert "食品饮料：全部在有效期内" in text


def test_nothing_expired_reads_all_in_date(
    ready: Station, clock: FrozenClock, tmp_path: Path
) -> None:
    plaster = ready.inventory.create_item(ItemInput("创可贴", "first_aid", "盒")).id
    ready.inventory.receive(plaster, 5, expires_on=clock.today() + dt.timedelta(days=90))
    text = printed(this_week(ready, clock), tmp_path)
    assert "急救药品：全部在有效期内" in text
    assert "食品饮料：全部在有效期内" in text


def test_the_stock_alerts_name_only_medicine_and_food(
    ready: Station, shelf: dict[str, int]
) -> None:
    expired = ready.inventory.alerts().expired_medicine_and_food
    assert sorted((b.item_name, b.remaining) for b in expired) == [("阿司匹林", 4), ("面包", 6)]
