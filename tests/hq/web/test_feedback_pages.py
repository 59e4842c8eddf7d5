"""Workers' feedback in real Chromium: a worker rates a station on a phone-sized window,
HQ's staff see the rating and the suggestion (the number masked) on the station's page and
the suggestions page, each only for the stations of their district; the station's answer
comes back through the exchange and shows there."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from selenium.webdriver.common.by import By

from station_app.hq.feedback import Rating, store_rating
from station_app.hq.stations import add_station
from tests.clock_support import START
from tests.hq.batches import new_station
from tests.hq.web.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    LAPTOP,
    VIEWER,
    VIEWER_PASSWORD,
    Browser,
    Hq,
)

CODE = "HF-LY-0001"
OTHER = "HF-FT-0002"
PHONE_WINDOW = (390, 844)


def _stations(hq: Hq) -> str:
    """Two stations, in the viewer's district and in another; the first one's token."""
    token = ""
    for code, name, district in ((CODE, "龙岗环卫驿站", "龙岗区"), (OTHER, "福田驿站", "福田区")):
        key = new_station(code)
        added = add_station(
            hq.db, code, name=name, district=district, key_text=key.key_file, now=START
        )
        token = token or added.token
    return token


def _exchange(hq: Hq, token: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        hq.url + "/api/v1/feedback",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        answer: dict[str, object] = json.load(response)
    return answer


def test_a_worker_rates_on_a_phone_and_hq_sees_it_masked_then_answered(
    browser: Browser, hq: Hq
) -> None:
    token = _stations(hq)
    store_rating(
        hq.db, OTHER, Rating(1, "福田的建议", "13900001111"), client_key="x", now=hq.clock.now()
    )
    # A worker scans the poster with a phone set to Chinese: the page fits its window
    with chinese_phone(browser):
        _rate_on_the_phone(browser)

    # the next day HQ's admin sees it on the station's page (the last 30 days up to
    # yesterday), the number masked
    hq.clock.advance(dt.timedelta(days=1))
    browser.sign_in(ADMIN, ADMIN_PASSWORD)
    browser.open(f"/stations/{CODE}")
    assert browser.text("#average-rating") == "4.0 / 5"
    assert (browser.text("#rating-count"), browser.text("#open-count")) == ("1", "1")
    [row] = browser.table("#open-suggestions")
    assert row[1:] == ["1", "职工评价页", "4", "热水不够热，希望修一修", "138****5678"]
    assert "13812345678" not in browser.driver.page_source
    browser.find("#feedback").location_once_scrolled_into_view  # noqa: B018
    browser.driver.save_screenshot(str(browser.shots / "station-feedback-1366x768.png"))

    # the station's sync brings it the suggestion, with the number, and sends its answer
    hq.clock.advance(dt.timedelta(hours=2))
    fetched = _exchange(hq, token, {"schema": "station-feedback/1", "answers": [], "in_person": []})
    [suggestion] = fetched["suggestions"]  # type: ignore[misc]
    assert suggestion["phone"] == "13812345678"
    answered_at = hq.clock.now().isoformat()
    answer = {"id": suggestion["id"], "answered_at": answered_at, "action": "已修好热水器"}
    in_person = {
        "id": "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5",
        "given_at": answered_at,
        "rating": None,
        "text": "希望多放几把椅子",
        "action": None,
        "answered_at": None,
    }
    done = _exchange(
        hq, token, {"schema": "station-feedback/1", "answers": [answer], "in_person": [in_person]}
    )
    assert done["accepted"] == [suggestion["id"], in_person["id"]]

    browser.open(f"/stations/{CODE}")
    assert browser.text("#open-count") == "1"  # the one given in person
    [open_row] = browser.table("#open-suggestions")
    assert open_row[2:5] == ["当面", "—", "希望多放几把椅子"]
    [answered] = browser.table("#answered-suggestions")
    assert answered[4:6] == ["热水不够热，希望修一修", "已修好热水器"]

    # the suggestions page: every district for the admin
    browser.open("/suggestions?status=all")
    names = {row[2] for row in browser.table("#suggestions")}
    assert names == {"龙岗环卫驿站", "福田驿站"}
    browser.open("/suggestions")
    assert "福田的建议" in browser.text("#suggestions")
    assert "139****1111" in browser.text("#suggestions")
    browser.shot("suggestions")


@contextmanager
def chinese_phone(browser: Browser) -> Iterator[None]:
    """The window of a phone whose browser asks for Chinese pages."""
    driver = browser.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": "zh-CN,zh;q=0.9"}}
    )
    driver.set_window_size(*PHONE_WINDOW)
    try:
        yield
    finally:
        driver.set_window_size(*LAPTOP)
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
        driver.execute_cdp_cmd("Network.disable", {})


def _rate_on_the_phone(browser: Browser) -> None:
    browser.open(f"/r/{CODE}")
    assert browser.text("#station-name") == "龙岗环卫驿站"
    assert browser.driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    browser.find("label[for=star-4]").click()
    browser.fill("#text", "热水不够热，希望修一修")
    assert not browser.find("#phone").is_displayed()
    browser.find("label[for=callback]").click()
    assert browser.find("#phone").is_displayed()
    browser.fill("#phone", "1381234567")  # one digit short
    browser.driver.save_screenshot(str(browser.shots / "rate-filled-390x844.png"))
    browser.submit("#send")
    # refused with the reason; what was chosen and written is still there
    assert "11 位手机号码" in browser.text("#problem-phone")
    assert browser.find("#star-4").is_selected()
    browser.driver.save_screenshot(str(browser.shots / "rate-refused-390x844.png"))
    assert browser.find("#text").get_attribute("value") == "热水不够热，希望修一修"
    browser.fill("#phone", "13812345678")
    browser.submit("#send")
    assert browser.text("h1") == "谢谢您！"
    assert "龙岗环卫驿站" in browser.text("#message")
    browser.driver.save_screenshot(str(browser.shots / "rate-thanks-390x844.png"))


def test_a_district_viewer_sees_only_the_suggestions_of_their_district(
    browser: Browser, hq: Hq
) -> None:
    _stations(hq)
    for code, text in ((CODE, "龙岗的建议"), (OTHER, "福田的建议")):
        store_rating(hq.db, code, Rating(3, text, None), client_key=code, now=hq.clock.now())

    browser.sign_in(VIEWER, VIEWER_PASSWORD)
    browser.open("/suggestions?status=all")
    rows = browser.table("#suggestions")
    browser.open(f"/stations/{OTHER}")

    assert [row[5] for row in rows] == ["龙岗的建议"]
    assert browser.text("#refusal") == "没有这个驿站。"
    assert browser.driver.find_elements(By.CSS_SELECTOR, "nav a[href='/suggestions']")
