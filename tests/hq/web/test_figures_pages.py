"""The figures pages in a real browser, over a week of real signed batches: what they show
equals what the stations sent; Reporting follows a missed day; a district viewer sees only
their district, on the pages and in the downloads."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from station_app.domain.summary_format import METRIC_LABELS, Metric
from station_app.hq.audit import recent_events
from station_app.hq.trust import list_revocations
from station_app.i18n import _
from tests.hq.web.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    VIEWER,
    VIEWER_PASSWORD,
    WALL,
    Browser,
    Hq,
)
from tests.hq.web.week import DAYS, FLAGGED, MISSED, WEEK, Sent, send_the_week, upload

W47 = DAYS[:7]
EVERY = {"HF-LG-0001", "HF-LG-0002", "HF-FT-0001"}
LONGGANG = {"HF-LG-0001", "HF-LG-0002"}


@pytest.fixture
def sent(hq: Hq) -> Sent:
    return send_the_week(hq)


def _get(browser: Browser, path: str) -> tuple[int, bytes]:
    """A download, with the browser's session (what clicking the link fetches)."""
    request = urllib.request.Request(
        browser.base + path, headers={"Cookie": f"hq_session={browser.cookie('hq_session')}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _row(browser: Browser, table: str, first: str) -> list[str]:
    return next(row for row in browser.table(f"#{table}") if row[0] == first)


def _charts_drawn(browser: Browser) -> int:
    browser.wait_ready()
    figures = browser.all("figure.chart")
    for figure in figures:
        browser.find(f"#{figure.get_attribute('id')}[data-drawn=true] canvas")
    return len(figures)


def test_the_overview_shows_what_the_stations_sent(browser: Browser, hq: Hq, sent: Sent) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    assert browser.path == "/"
    browser.open(f"/?p={WEEK}")
    visits = _row(browser, "metrics", _(METRIC_LABELS[Metric.VISITS]))
    assert visits[1:3] == [str(sent.total("visits", "total", W47, EVERY)), "0"]
    for metric in ("distinct_workers", "union_members", "wants_to_join", "new_registrations"):
        row = _row(browser, "metrics", _(METRIC_LABELS[Metric(metric)]))
        assert row[1] == str(sent.total(metric, "total", W47, EVERY)), metric
    card = _row(browser, "metrics", _("Visits with a card"))
    assert card[1] == str(sent.total("visits", "source:card", W47, EVERY))
    services = _row(browser, "metrics", _(METRIC_LABELS[Metric.SERVICES]))
    assert services[1] == str(sent.total("services", "type:hot_water", W47, EVERY))
    occupations = {row[0]: row[2] for row in browser.table("#occupation")}
    assert occupations == {
        code: str(value) for code, value in sent.by_occupation(W47, EVERY).items()
    }
    per_day = {row[0]: row[1] for row in browser.table("#days")}
    assert per_day == {
        day.isoformat(): str(sent.total("visits", "total", [day], EVERY)) for day in W47
    }
    assert _charts_drawn(browser) == 5
    browser.shot("overview")
    browser.shot("overview", WALL)

    # The week after, beside this one: the previous period is this week's figures.
    browser.open("/?p=2026-W48")
    visits = _row(browser, "metrics", _(METRIC_LABELS[Metric.VISITS]))
    assert visits[1:3] == [
        str(sent.total("visits", "total", [DAYS[7]], EVERY)),
        str(sent.total("visits", "total", W47, EVERY)),
    ]
    status, csv = _get(browser, f"/export/overview/metrics.csv?p={WEEK}")
    text = csv.decode("utf-8-sig")
    assert status == 200 and csv.startswith(b"\xef\xbb\xbf") and "\r\n" in text
    assert (
        f"{_(METRIC_LABELS[Metric.VISITS])},{sent.total('visits', 'total', W47, EVERY)},0" in text
    )
    status, pdf = _get(browser, f"/rollup.pdf?p={WEEK}")
    assert status == 200 and pdf.startswith(b"%PDF")


def test_reporting_follows_a_missed_day_and_a_silent_station(
    browser: Browser, hq: Hq, sent: Sent
) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open(f"/reporting?p={WEEK}")
    late = _row(browser, "stations", "HF-LG-0002")
    # Six days expected (closed on Sunday), five received, all on time; Friday missing.
    assert late[3:9] == ["6", "5", "83.3 %", "5", "83.3 %", MISSED.strftime("%m-%d")]
    silent = [row[0] for row in browser.table("#silent")]
    assert silent == ["HF-FT-0001"]
    assert _row(browser, "silent", "HF-FT-0001")[3] == "2026-11-19"
    full = _row(browser, "stations", "HF-LG-0001")
    assert full[3:8] == ["7", "7", "100.0 %", "7", "100.0 %"]
    flags = browser.table("#flags")
    assert [row[:3] for row in flags] == [[FLAGGED.isoformat(), "HF-LG-0001", "unknown_occupation"]]
    assert "astronaut" in flags[0][3]
    browser.shot("reporting")

    # Friday's figures arrive on Tuesday morning: received, but four days late.
    upload(hq, sent, "HF-LG-0002", MISSED)
    browser.open(f"/reporting?p={WEEK}")
    late = _row(browser, "stations", "HF-LG-0002")
    assert late[3:9] == ["6", "6", "100.0 %", "5", "83.3 %", "—"]
    total = browser.table("#districts")
    assert [row[0] for row in total] == ["福田区", "龙岗区"]

    # With timeliness set to five days at HQ, it counts as on time.
    browser.open("/settings")
    browser.fill("#timely_days", "5")
    browser.submit("#save")
    browser.open(f"/reporting?p={WEEK}")
    assert _row(browser, "stations", "HF-LG-0002")[6:8] == ["6", "100.0 %"]
    assert recent_events(hq.db)[0].action == "setting.change"


def test_a_station_page_shows_its_days_stock_loans_and_flags(
    browser: Browser, hq: Hq, sent: Sent
) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open(f"/stations/HF-LG-0002?p={WEEK}")
    days = {row[0]: row for row in browser.table("#days")}
    friday = days[MISSED.isoformat()]
    assert friday[1] == "未收到"
    monday = days["2026-11-16"]
    assert monday[2] == str(sent.total("visits", "total", [DAYS[0]], {"HF-LG-0002"}))
    assert browser.text("#last-day") == "2026-11-23"
    assert browser.text("#overdue").startswith("2")
    assert _charts_drawn(browser) == 1
    browser.shot("station-figures")
    browser.open(f"/stations/HF-LG-0001?p={WEEK}")
    assert [row[1] for row in browser.table("#flags")] == ["unknown_occupation"]
    status, csv = _get(browser, f"/export/station/HF-LG-0001/days.csv?p={WEEK}")
    assert status == 200 and csv.decode("utf-8-sig").count("\r\n") == 8  # header + 7 days


def test_a_district_viewer_sees_only_their_district_everywhere(
    browser: Browser, hq: Hq, sent: Sent
) -> None:
    browser.sign_in(VIEWER, VIEWER_PASSWORD)
    browser.open(f"/?p={WEEK}")
    visits = _row(browser, "metrics", _(METRIC_LABELS[Metric.VISITS]))
    assert visits[1] == str(sent.total("visits", "total", W47, LONGGANG))
    assert [row[0] for row in browser.table("#district")] == ["龙岗区"]
    browser.open(f"/reporting?p={WEEK}")
    assert {row[0] for row in browser.table("#stations")} == LONGGANG
    assert browser.table("#silent") == [["没有这个时段的数据。"]]  # 福田's silence is not theirs
    browser.open(f"/stations/HF-FT-0001?p={WEEK}")
    assert browser.text("#refusal")
    for path in (
        f"/export/reporting/stations.csv?p={WEEK}",
        f"/export/overview/district.csv?p={WEEK}",
        "/stations.csv",
    ):
        status, csv = _get(browser, path)
        assert status == 200
        text = csv.decode("utf-8-sig")
        assert "HF-FT-0001" not in text and "福田" not in text, path
    assert _get(browser, f"/export/station/HF-FT-0001/days.csv?p={WEEK}")[0] == 404
    status, pdf = _get(browser, f"/rollup.pdf?p={WEEK}")
    assert status == 200 and pdf.startswith(b"%PDF")
    assert _get(browser, "/cards")[0] == 403
    browser.open("/screen")
    assert {row[0] for row in browser.table("#live")} == {"龙岗一号驿站", "龙岗二号驿站"}


def test_the_big_screen_shows_yesterday_and_refreshes_itself(
    browser: Browser, hq: Hq, sent: Sent
) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open("/screen")
    assert browser.text("#reported-yesterday") == "2 / 3"
    refresh = browser.find("meta[http-equiv=refresh]").get_attribute("content")
    assert refresh == "60"
    assert _charts_drawn(browser) == 1
    browser.shot("screen", WALL)
    browser.shot("screen")


def test_a_card_withdrawn_on_the_dashboard_is_in_the_list_and_the_audit_trail(
    browser: Browser, hq: Hq, sent: Sent
) -> None:
    key_id = sent.keys["HF-LG-0001"].key_file.split()[1]
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open("/cards")
    browser.fill("#key_id", key_id)
    browser.fill("#card_no", "LG-000123")
    browser.fill("#reason", "挂失")
    browser.submit("#revoke")
    assert [(row.key_id, row.card_no) for row in list_revocations(hq.db)] == [(key_id, "LG-000123")]
    assert browser.table("#revocations")[0][1:3] == [key_id, "LG-000123"]
    assert recent_events(hq.db)[0].action == "card.revoke"
    browser.fill("#key_id", "00000000")
    browser.fill("#card_no", "LG-000124")
    browser.fill("#reason", "x")
    browser.submit("#revoke")
    assert "00000000" in browser.text("#problem")
    browser.shot("cards")


def test_a_station_moved_to_another_district_takes_its_figures_along(
    browser: Browser, hq: Hq, sent: Sent
) -> None:
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open("/stations/HF-FT-0001/edit")
    browser.fill("#district", "龙岗区")
    browser.submit("#save")
    browser.open(f"/?p={WEEK}")
    by_district = {row[0]: row[1] for row in browser.table("#district")}
    assert by_district.pop("龙岗区") == str(sent.total("visits", "total", W47, EVERY))
    assert set(by_district.values()) <= {"0"}  # 福田区 keeps nothing of it
    browser.open(f"/reporting?p={WEEK}")
    assert [row[0] for row in browser.table("#districts")] == ["龙岗区"]
