"""Format v2 end to end: a real station's day (hours kept, an expired medicine batch, an item
short, a self-check with two items broken) made by the station, uploaded over HTTPS and
stored by HQ beside a v1 batch from an older station (read from a folder, byte for byte as
it was written); the station page and the reporting page show what the station sent."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.config.settings import POSTED_HOURS
from station_app.domain.activities import ActivityInput, HandOut
from station_app.domain.periods import day_range
from station_app.domain.self_check import SelfCheckAnswer
from station_app.domain.station import StationProfile
from station_app.domain.summary_format import SCHEMA_V2, Manifest, Metric, counts_by, read_csv
from station_app.hq import figures
from station_app.hq.feedback import Rating, store_rating
from station_app.hq.figures import Scope
from station_app.hq.ingest import Outcome, ingest_folder
from station_app.hq.rollup import district_day
from station_app.hq.stations import add_station
from station_app.i18n import _
from station_app.services.stock.stock_data import ItemInput
from tests.clock_support import BEIJING
from tests.hq.batches import stored_values
from tests.hq.web.conftest import ADMIN, ADMIN_PASSWORD, Browser, Hq
from tests.hq.web.test_figures_pages import _get
from tests.reports.tools import pdf_text

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples"
CODE = "HF-LY-0012"
OLD = "HF-LY-0001"  # the v1 example's station
DAY = dt.date(2026, 11, 24)
PIN = "2468"


@dataclass(frozen=True)
class Sent:
    csv: bytes
    manifest: Manifest

    def figure(self, metric: Metric) -> int:
        return counts_by(read_csv(self.csv))[(metric, "total")]


def _live_the_day(data_dir: Path) -> tuple[Sent, str]:
    """The admin opens at 08:47 (the app's first use), posts 07:00–19:00 every day, stocks an
    aspirin batch expired four days ago and two bottles of water (minimum 5), saves a
    self-check with two items broken, records a legal-advice morning for five people (a
    bottle of water handed out) and signs out at 18:00; the summary is made after
    midnight. Returns the batch and the station's key file."""
    clock = FrozenClock(dt.datetime.combine(DAY, dt.time(8, 47), BEIJING))
    station: Station = open_station(data_dir, console=False, clock=clock)
    try:
        station.accounts.create_first_admin("王站长", PIN, PIN)
        station.station.save_profile(StationProfile(CODE, "庐阳区环卫工人爱心驿站"))
        station.config.change({POSTED_HOURS.key: ["07:00-19:00"] * 7})
        aspirin = station.inventory.create_item(ItemInput("阿司匹林", "first_aid", "盒")).id
        station.inventory.receive(aspirin, 4, expires_on=DAY - dt.timedelta(days=4))
        water = station.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=5)).id
        station.inventory.receive(water, 2)
        broken = {"microwave", "rating_qr"}
        station.self_check.save(
            [
                SelfCheckAnswer(answer.code, answer.code not in broken, "")
                for answer in station.self_check.blank()
            ]
        )
        station.activities.record(
            ActivityInput(
                DAY,
                "legal_advice",
                "庐阳区法律援助中心",
                {"sanitation": 3, "courier": 2},
                (HandOut(water, 1),),
            )
        )
        clock.set(dt.datetime.combine(DAY, dt.time(18, 0), BEIJING))
        station.accounts.sign_out()
        clock.set(dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(1, 0), BEIJING))
        batch = station.summaries.make_batch(DAY, 1)
        key = station.keyring.export_public_key()
    finally:
        station.close()
    return Sent(batch.csv, batch.manifest), key


@pytest.fixture
def sent(hq: Hq, tmp_path: Path, china_time: None) -> Iterator[Sent]:
    """The v2 day uploaded as the station's sync sends it; the v1 example from a folder."""
    batch, key = _live_the_day(tmp_path / "station-data")
    added = add_station(
        hq.db,
        CODE,
        name="庐阳区环卫工人爱心驿站",
        district="庐阳区",
        key_text=key,
        now=hq.clock.now(),
    )
    old_key = (EXAMPLES / "summary-example.key").read_text("utf-8")
    add_station(hq.db, OLD, name="老驿站", district="庐阳区", key_text=old_key, now=hq.clock.now())
    start = hq.clock.now()
    hq.clock.set(dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(9), BEIJING))
    body = json.dumps(
        {"manifest": batch.manifest.to_dict(), "csv": base64.b64encode(batch.csv).decode("ascii")}
    ).encode("utf-8")
    request = urllib.request.Request(hq.url + "/api/v1/batches", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {added.token}")
    with urllib.request.urlopen(request, timeout=20) as answer:
        assert answer.status == 200, answer.read()
    folder = tmp_path / "usb"
    folder.mkdir()
    for suffix in (".csv", ".manifest.json"):
        shutil.copyfile(
            EXAMPLES / f"summary-example{suffix}", folder / f"{OLD}_2026-11-23_r1{suffix}"
        )
    (report,) = ingest_folder(hq.db.sessions, folder, hq.clock)
    assert report.result.outcome is Outcome.APPLIED, report
    hq.clock.set(start)
    yield batch


def test_the_station_sends_v2_and_hq_stores_it_beside_v1(hq: Hq, sent: Sent) -> None:
    assert sent.manifest.schema == SCHEMA_V2
    figures_sent = counts_by(read_csv(sent.csv))
    assert stored_values(hq.db, CODE, DAY) == {
        (metric.value, dimension): value for (metric, dimension), value in figures_sent.items()
    }
    # What the day was: 720 posted, open 08:47 to 18:00, the last hour missed; before the
    # app's first use nothing is missed.
    assert sent.figure(Metric.POSTED_MINUTES) == 720
    assert sent.figure(Metric.OPEN_MINUTES) == 553
    assert sent.figure(Metric.MISSED_MINUTES) == 60
    assert sent.figure(Metric.CLOSED_DAY) == 0
    assert sent.figure(Metric.EXPIRED_BATCHES) == 1
    assert sent.figure(Metric.BELOW_MINIMUM) == 1
    assert sent.figure(Metric.SELF_CHECK_AGE_DAYS) == 0
    assert sent.figure(Metric.SELF_CHECK_MISSING) == 2
    assert (sent.figure(Metric.ACTIVITIES), sent.figure(Metric.ACTIVITY_PEOPLE)) == (1, 5)
    # The v1 day is stored as it came: v1's metrics only.
    old = stored_values(hq.db, OLD, dt.date(2026, 11, 23))
    v1 = counts_by(read_csv((EXAMPLES / "summary-example.csv").read_bytes()))
    assert old == {(metric.value, dimension): value for (metric, dimension), value in v1.items()}

    week = figures.evaluations(
        hq.db, Scope.everything(), day_range(DAY - dt.timedelta(days=6), DAY)
    )
    assert set(week) == {CODE}  # the v1 station reported none of these figures
    (kept,) = week.values()
    assert (kept.days, kept.posted_minutes, kept.open_minutes, kept.missed_minutes) == (
        1,
        720,
        553,
        60,
    )
    assert (kept.expired_batches, kept.below_minimum) == (1, 1)
    assert (kept.self_check_on, kept.self_check_missing) == (DAY, 2)
    assert (kept.activities, kept.activity_people) == (1, 5)
    assert figures.evaluations(hq.db, Scope.of({"福田区"}), day_range(DAY, DAY)) == {}


def test_the_rollups_carry_the_v2_figures_as_a_rebuild_makes_them(hq: Hq, sent: Sent) -> None:
    def district_rows() -> set[tuple[object, ...]]:
        with hq.db.engine.connect() as connection:
            rows = connection.execute(select(district_day))
            # Applying keeps a row that sums to zero; a rebuild leaves it out.
            return {tuple(row) for row in rows if row.value_hi or row.value_lo}

    applied = district_rows()
    assert (DAY, "庐阳区", "missed_minutes", "total", 0, 60) in applied
    figures.rebuild(hq.db)
    assert district_rows() == applied


def test_the_pages_show_what_the_station_sent(browser: Browser, hq: Hq, sent: Sent) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    expected = [
        "1",
        str(sent.figure(Metric.MISSED_MINUTES)),
        "76.8 %",  # 553 of 720 minutes
        str(sent.figure(Metric.EXPIRED_BATCHES)),
        str(sent.figure(Metric.BELOW_MINIMUM)),
        DAY.isoformat(),
        str(sent.figure(Metric.SELF_CHECK_MISSING)),
        "1",  # the legal-advice morning
        "5",
        DAY.isoformat(),
    ]
    browser.open(f"/stations/{CODE}?p={DAY.isoformat()}_{DAY.isoformat()}")
    assert browser.table("#evaluation") == [expected]
    browser.open(f"/stations/{OLD}?p=2026-11-23_2026-11-23")
    # v1 only: nothing to show, rather than zeros.
    assert browser.table("#evaluation") == [[_("Nothing in this period.")]]
    noon = dt.datetime.combine(DAY, dt.time(12), BEIJING)
    store_rating(hq.db, CODE, Rating(4, "", None), client_key="a phone", now=noon)
    browser.open(f"/reporting?p={DAY.isoformat()}_{DAY.isoformat()}")
    (row,) = browser.table("#evaluation")
    assert row == [CODE, "庐阳区环卫工人爱心驿站", "庐阳区", *expected, "4.0", "1"]
    assert _("Hours kept, medicine and self-check, worst first") in browser.text("body")


def test_the_districts_and_the_rollup_pdf_rank_what_the_stations_sent(
    browser: Browser, hq: Hq, sent: Sent, tmp_path: Path
) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    period = f"{DAY.isoformat()}_{DAY.isoformat()}"
    # 庐阳区: the v2 station counts, the v1 one (nothing of these figures) does not
    expected = [
        "1",
        str(sent.figure(Metric.MISSED_MINUTES)),
        "76.8 %",
        str(sent.figure(Metric.EXPIRED_BATCHES)),
        "1",  # a station with expired stock
        DAY.isoformat(),  # the oldest self-check: the day itself
        "0",  # nobody owes this quarter's self-check
        "1",
        "5",
    ]
    for page in ("/", "/reporting"):
        browser.open(f"{page}?p={period}")
        assert browser.table("#standing") == [["庐阳区", *expected]]
        footer = [cell.text for cell in browser.all("#standing tfoot td")]
        assert footer == [_("Total"), *expected]
    # The rollup PDF has the same figures, by district and by station
    status, pdf = _get(browser, f"/rollup.pdf?p={period}")
    assert status == 200
    target = tmp_path / "rollup.pdf"
    target.write_bytes(pdf)
    text = pdf_text(target)
    assert _("Hours kept, medicine, self-check and activities by district") in text
    assert _("Hours kept, medicine and self-check, worst first") in text
    lines = text.splitlines()
    station_line = next(line for line in lines if line.startswith("庐阳区环卫工人爱心驿站 60"))
    assert station_line.split() == [
        "庐阳区环卫工人爱心驿站",
        "60",
        "76.8%",
        "1",
        DAY.isoformat(),
        "1",
        "5",
    ]
