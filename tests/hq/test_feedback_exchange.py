"""The stations' feedback exchange (``POST /api/v1/feedback``) under a real uvicorn server,
spoken to as a station does: its answers and in-person feedback in, its suggestions back;
every refusal of the batches' route (401, 413, 415, 422) with nothing stored."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from station_app.hq.app import FREE_FAILURES
from station_app.hq.feedback import RECENT_DAYS, SCHEMA, Rating, store_rating
from tests.clock_support import START
from tests.fuzz.conftest import dump
from tests.hq.feedback_support import (
    CODE,
    OTHER,
    FeedbackHq,
    at,
    fhq,
    new_id,
)

__all__ = ["fhq"]


def _body(
    answers: list[dict[str, Any]] | None = None, in_person: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"schema": SCHEMA, "answers": answers or [], "in_person": in_person or []}


def _in_person(entry_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": entry_id,
        "given_at": at(10),
        "rating": 4,
        "text": "希望多放几把椅子",
        "action": None,
        "answered_at": None,
        **fields,
    }


def _rated(fhq: FeedbackHq, code: str, rating: int, text: str, phone: str | None = None) -> str:
    """A worker (each one another phone) rates ``code`` on the page; the suggestion's id."""
    return store_rating(
        fhq.db, code, Rating(rating, text, phone), client_key=new_id(), now=fhq.clock.now()
    )


def test_a_station_gets_its_own_suggestions_newest_first_with_the_full_number(
    fhq: FeedbackHq,
) -> None:
    first = _rated(fhq, CODE, 2, "热水不够热", phone="13812345678")
    fhq.clock.advance(dt.timedelta(hours=3))
    second = _rated(fhq, CODE, 5, "")
    _rated(fhq, OTHER, 1, "别的站的")

    answer = fhq.exchange(_body())

    assert answer.status == 200
    body = answer.json
    assert (body["status"], body["accepted"], body["unknown"]) == ("ok", [], [])
    assert [s["id"] for s in body["suggestions"]] == [second, first]
    assert body["suggestions"][1] == {
        "id": first,
        "received_at": "2026-11-24T08:47:00+08:00",
        "rating": 2,
        "text": "热水不够热",
        "phone": "13812345678",
        "status": "open",
        "action": None,
        "answered_at": None,
    }


def test_an_answer_is_kept_the_number_erased_and_a_resend_corrects_it(fhq: FeedbackHq) -> None:
    made = _rated(fhq, CODE, 2, "热水不够热", phone="13812345678")
    answer = {"id": made, "answered_at": at(60), "action": "换了饮水机滤芯"}

    first = fhq.exchange(_body([answer]))
    again = fhq.exchange(_body([{**answer, "action": "换了热水器"}]))

    assert first.json["accepted"] == [made]
    [sent] = first.json["suggestions"]
    assert (sent["status"], sent["action"], sent["phone"], sent["answered_at"]) == (
        "answered",
        "换了饮水机滤芯",
        None,
        "2026-11-24T09:47:00+08:00",
    )
    assert again.json["accepted"] == [made]
    [stored] = fhq.suggestions()
    assert (stored.status, stored.action, stored.phone) == ("answered", "换了热水器", None)


def test_in_person_feedback_is_stored_once_and_never_sent_back(fhq: FeedbackHq) -> None:
    entry_id = new_id()
    bare = new_id()
    entries = [
        _in_person(entry_id),
        _in_person(bare, rating=None, text="厕所要打扫", action="已打扫", answered_at=at(30)),
    ]

    first = fhq.exchange(_body(in_person=entries))
    again = fhq.exchange(
        _body(in_person=[_in_person(entry_id, action="已加两把椅子", answered_at=at(90))])
    )

    assert first.json["accepted"] == [entry_id, bare]
    assert (again.json["accepted"], again.json["suggestions"]) == ([entry_id], [])
    stored = {s.id: s for s in fhq.suggestions()}
    assert set(stored) == {entry_id, bare}
    assert (stored[entry_id].source, stored[entry_id].status, stored[entry_id].action) == (
        "in_person",
        "answered",
        "已加两把椅子",
    )
    assert (stored[bare].rating, stored[bare].text) == (None, "厕所要打扫")
    assert stored[entry_id].received_at == START + dt.timedelta(minutes=10)


def test_ids_not_the_stations_own_are_listed_as_unknown_and_left_alone(fhq: FeedbackHq) -> None:
    theirs = _rated(fhq, OTHER, 1, "别的站的", phone="13912345678")
    nothing = new_id()
    mine = _rated(fhq, CODE, 3, "还行")

    answer = fhq.exchange(
        _body(
            [
                {"id": theirs, "answered_at": at(5), "action": "冒充"},
                {"id": nothing, "answered_at": at(5), "action": "无"},
                {"id": mine, "answered_at": at(5), "action": "谢谢"},
            ],
            # an in-person id that is a suggestion from the page, or another station's
            [_in_person(theirs), _in_person(mine)],
        )
    )

    assert answer.json["accepted"] == [mine]
    assert answer.json["unknown"] == [theirs, nothing, theirs, mine]
    other = next(s for s in fhq.suggestions() if s.id == theirs)
    assert (other.status, other.phone, other.source, other.rating) == (
        "open",
        "13912345678",
        "web",
        1,
    )


def test_only_the_last_ninety_days_come_back(fhq: FeedbackHq) -> None:
    old = _rated(fhq, CODE, 4, "很久以前")
    fhq.clock.advance(dt.timedelta(days=RECENT_DAYS, minutes=1))
    recent = _rated(fhq, CODE, 5, "最近")

    answer = fhq.exchange(_body())

    assert [s["id"] for s in answer.json["suggestions"]] == [recent]
    assert old != recent


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_token_is_401(fhq: FeedbackHq, token: str) -> None:
    answer = fhq.exchange(_body(in_person=[_in_person(new_id())]), token=token)

    assert answer.status == 401
    assert answer.json["status"] == "unauthorized"
    assert answer.headers["www-authenticate"] == "Bearer"
    assert fhq.suggestions() == []


def test_a_body_too_large_is_413(fhq: FeedbackHq) -> None:
    answer = fhq.exchange(b'{"schema": "' + b"x" * 70_000 + b'"}')

    assert (answer.status, answer.json["status"]) == (413, "too_large")


def test_a_body_not_json_is_415(fhq: FeedbackHq) -> None:
    answer = fhq.exchange(json.dumps(_body()).encode(), content_type="text/plain")

    assert (answer.status, answer.json["status"]) == (415, "unsupported_media_type")


BAD_BODIES: dict[str, Any] = {
    "not JSON": b"{answers",
    "a list": [],
    "no schema": {"answers": [], "in_person": []},
    "another schema": {"schema": "station-feedback/9", "answers": [], "in_person": []},
    "a field more": {**_body(), "station": CODE},
    "answers not a list": {**_body(), "answers": {}},
    "an answer without action": _body([{"id": new_id(), "answered_at": at(1)}]),
    "an empty action": _body([{"id": new_id(), "answered_at": at(1), "action": " "}]),
    "an id not a UUID": _body([{"id": "42", "answered_at": at(1), "action": "修好了"}]),
    "a time without offset": _body(
        [{"id": new_id(), "answered_at": "2026-11-24T09:00:00", "action": "修好了"}]
    ),
    "a rating of 6": _body(in_person=[_in_person(new_id(), rating=6)]),
    "a rating as text": _body(in_person=[_in_person(new_id(), rating="4")]),
    "a rating as true": _body(in_person=[_in_person(new_id(), rating=True)]),
    "a text too long": _body(in_person=[_in_person(new_id(), text="长" * 501)]),
    "neither rating nor text": _body(in_person=[_in_person(new_id(), rating=None, text="")]),
    "an action without its time": _body(in_person=[_in_person(new_id(), action="修好了")]),
    "a phone in person": _body(in_person=[_in_person(new_id(), phone="13812345678")]),
    "too many entries": _body(
        [{"id": new_id(), "answered_at": at(1), "action": "好"} for _n in range(501)]
    ),
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_a_body_not_matching_the_format_is_422_and_stores_nothing(
    fhq: FeedbackHq, name: str
) -> None:
    fhq.exchange(_body(in_person=[_in_person(new_id())]))  # something already held
    before = dump(fhq.db.engine)
    body = BAD_BODIES[name]
    # one good entry beside the bad one: it is not kept either
    if isinstance(body, dict) and isinstance(body.get("in_person"), list):
        body = {**body, "in_person": [_in_person(new_id()), *body["in_person"]]}

    answer = fhq.exchange(body)

    assert (answer.status, answer.json["status"]) == (422, "invalid")
    assert answer.json["problems"] and all(p["message"] for p in answer.json["problems"])
    assert dump(fhq.db.engine) == before


def test_the_problems_name_the_field_in_the_servers_language(fhq: FeedbackHq) -> None:
    answer = fhq.exchange(_body(in_person=[_in_person(new_id(), rating=9)]))

    assert [p["message"] for p in answer.json["problems"]] == [
        "$.in_person[0].rating: 必须是 1 到 5 的整数，或 null"
    ]


def test_an_address_that_keeps_trying_tokens_is_slowed_down_on_both_routes(
    fhq: FeedbackHq,
) -> None:
    for _n in range(FREE_FAILURES):
        assert fhq.exchange(_body(), token="guessed").status == 401

    feedback = fhq.exchange(_body(), token="guessed")
    batches = fhq.request(
        "POST",
        "/api/v1/batches",
        b"{}",
        {"Authorization": "Bearer guessed", "Content-Type": "application/json"},
    )
    right_token = fhq.exchange(_body())

    assert (feedback.status, batches.status) == (429, 429)
    assert int(feedback.headers["retry-after"]) > 0
    assert right_token.status == 429  # the address waits, whatever it sends now
