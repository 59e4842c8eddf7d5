"""The workers' rating page (``/r/<code>``) under a real uvicorn server, spoken to as a
phone's browser would: no sign-in, Chinese first, the rating kept once, bad input refused
with a message and nothing stored, floods and forged forms refused."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import urljoin

import pytest

from station_app.hq.feedback import PER_DAY, PER_HOUR, suggestion_rows
from station_app.hq.stations import set_active
from tests.clock_support import START
from tests.hq.feedback_support import CODE, OTHER, FeedbackHq, Phone, fhq, visible_text

__all__ = ["fhq"]


def test_the_page_needs_no_sign_in_and_speaks_chinese_first(fhq: FeedbackHq) -> None:
    page = Phone(fhq).open()

    assert page.status == 200
    assert "龙岗驿站" in page.text
    assert "您的评分" in visible_text(page.text)
    assert 'lang="zh-CN"' in page.text
    # it leads nowhere but to itself and its style sheet (relative: HQ may sit under a prefix)
    links = re.findall(r'(?:href|action|src)="([^"]*)"', page.text)
    resolved = {urljoin(f"/r/{CODE}", unescape(link)).split("?")[0] for link in links}
    assert resolved == {f"/r/{CODE}", "/static/rate.css"}


def test_an_english_phone_gets_the_page_in_english(fhq: FeedbackHq) -> None:
    page = Phone(fhq, language="en-GB,en;q=0.8").open()

    assert "Your rating" in page.text


def test_a_rating_with_a_call_back_is_stored_and_shown_masked(fhq: FeedbackHq) -> None:
    answer = Phone(fhq).send(rating="2", text="热水不够热", callback="1", phone="138 1234 5678")

    assert answer.status == 200
    assert "谢谢" in answer.text
    [stored] = fhq.suggestions()
    assert (stored.station_code, stored.rating, stored.text, stored.phone, stored.status) == (
        CODE,
        2,
        "热水不够热",
        "13812345678",
        "open",
    )
    [row] = suggestion_rows(fhq.db, fhq.clock.now(), districts=None)
    assert row.masked_phone == "138****5678"


def test_without_the_call_back_ticked_no_number_is_kept(fhq: FeedbackHq) -> None:
    Phone(fhq).send(rating="5", phone="13812345678")

    [stored] = fhq.suggestions()
    assert (stored.rating, stored.phone, stored.text) == (5, None, "")


def test_control_characters_are_taken_out_of_the_text(fhq: FeedbackHq) -> None:
    Phone(fhq).send(rating="4", text="  多放\x00几把\x1b椅子\r\n谢谢\u202e ")

    assert fhq.suggestions()[0].text == "多放几把椅子\n谢谢"


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"rating": "0"}, "请选择 1 到 5 颗星"),
        ({"rating": "6"}, "请选择 1 到 5 颗星"),
        ({"rating": "五"}, "请选择 1 到 5 颗星"),
        ({"text": "没打分"}, "请选择 1 到 5 颗星"),
        ({"rating": "3", "callback": "1", "phone": "12345678901"}, "11 位手机号码"),
        ({"rating": "3", "callback": "1", "phone": ""}, "11 位手机号码"),
        ({"rating": "3", "callback": "1", "phone": "1381234567x"}, "11 位手机号码"),
        ({"rating": "3", "text": "长" * 501}, "最多 500 个字"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    fhq: FeedbackHq, fields: dict[str, str], problem: str
) -> None:
    answer = Phone(fhq).send(**fields)

    assert answer.status == 422
    assert problem in visible_text(answer.text)
    assert fhq.suggestions() == []
    # what the worker wrote is still there to correct
    if "text" in fields:
        assert fields["text"] in answer.text


def test_an_unknown_or_withdrawn_station_is_404_in_chinese(fhq: FeedbackHq) -> None:
    unknown = Phone(fhq).open("HF-XX-9999")
    set_active(fhq.db, OTHER, active=False, by="test", now=START)
    withdrawn = Phone(fhq).send(OTHER, rating="5")

    assert (unknown.status, withdrawn.status) == (404, 404)
    assert "找不到这个驿站" in visible_text(unknown.text)
    assert fhq.suggestions() == []


def test_a_second_rating_the_same_day_replaces_the_first(fhq: FeedbackHq) -> None:
    phone = Phone(fhq)
    phone.send(rating="2", text="太吵")
    fhq.clock.advance(dt.timedelta(minutes=5))
    phone.send(rating="4", text="好多了")
    Phone(fhq).send(OTHER, rating="5")

    stored = {(s.station_code, s.rating, s.text) for s in fhq.suggestions()}
    assert stored == {(CODE, 4, "好多了"), (OTHER, 5, "")}
    # the next day it counts again
    fhq.clock.advance(dt.timedelta(days=1))
    phone.send(rating="3")
    assert len(fhq.suggestions()) == 3


def test_an_address_is_limited_per_hour_and_per_day(fhq: FeedbackHq) -> None:
    phone = Phone(fhq)
    codes = [CODE, OTHER]
    for n in range(PER_HOUR):
        assert phone.send(codes[n % 2], rating="5").status == 200

    refused = phone.send(rating="1", text="刷分")

    assert refused.status == 429
    assert "请稍后再试" in visible_text(refused.text)
    assert [s.rating for s in fhq.suggestions()] == [5, 5]
    sent = PER_HOUR
    while sent < PER_DAY:
        fhq.clock.advance(dt.timedelta(hours=1))
        for _n in range(min(PER_HOUR, PER_DAY - sent)):
            assert phone.send(rating="4").status == 200
            sent += 1
    fhq.clock.advance(dt.timedelta(hours=1))
    assert phone.send(rating="4").status == 429
    fhq.clock.advance(dt.timedelta(days=1))
    assert phone.send(rating="4").status == 200


def test_a_form_without_its_token_or_cookie_is_refused(fhq: FeedbackHq) -> None:
    forged = Phone(fhq).send(rating="1", token="1700000000.forged")
    cookieless = Phone(fhq)
    token_page = cookieless.open()
    token = re.search(r'name="token" value="([^"]*)"', token_page.text)
    assert token is not None
    stranger = Phone(fhq)  # another browser: its cookie is not the one the token is bound to
    replayed = stranger.send(rating="1", token=token.group(1))

    assert (forged.status, replayed.status) == (403, 403)
    assert "已过期" in visible_text(forged.text)
    assert fhq.suggestions() == []


def test_a_form_sent_hours_later_has_expired(fhq: FeedbackHq) -> None:
    phone = Phone(fhq)
    page = phone.open()
    token = re.search(r'name="token" value="([^"]*)"', page.text)
    assert token is not None
    fhq.clock.advance(dt.timedelta(hours=3))

    answer = phone.send(rating="3", token=token.group(1))

    assert answer.status == 403
    assert fhq.suggestions() == []


def test_a_body_too_large_or_not_a_form_is_refused(fhq: FeedbackHq) -> None:
    phone = Phone(fhq)
    phone.open()
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in phone.cookies.items())}
    large = fhq.request(
        "POST",
        f"/r/{CODE}",
        b"rating=5&text=" + b"a" * 40_000,
        {**headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    json_body = fhq.request(
        "POST", f"/r/{CODE}", b'{"rating": 5}', {**headers, "Content-Type": "application/json"}
    )

    assert (large.status, json_body.status) == (400, 400)
    assert "无法读取" in visible_text(large.text)
    assert fhq.suggestions() == []


def test_a_dashboard_session_changes_nothing_on_the_page(fhq: FeedbackHq) -> None:
    # the page reads no session: a made-up one neither opens nor closes anything
    answer = fhq.request("GET", f"/r/{CODE}", headers={"Cookie": "hq_session=made-up"})
    dashboard = fhq.request("GET", "/suggestions", headers={"Cookie": "hq_session=made-up"})

    assert answer.status == 200
    assert (dashboard.status, dashboard.headers["location"]) == (
        303,
        "/login?next=%2Fsuggestions",
    )
