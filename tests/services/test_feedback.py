"""Workers' feedback at the station, on a real SQLite file: HQ's suggestions brought by a
sync, the attendant's answer (which erases the phone number) going back, feedback given in
person, edits sent again, and an HQ that refuses, fails or cannot be reached never costing
the daily summaries their delivery."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.feedback import Source
from station_app.domain.station import StationProfile
from station_app.sync.https import HttpsTransport, feedback_url
from tests.feedback_stub import TOKEN, StubHq, StubSuggestion, stub_hq
from tests.services.helpers import CHINA, STATION_CODE
from tests.services.sync_support import fill_demo, free_port, quick_sync, use_hq

HOT_WATER = "11111111-2222-4333-8444-555555555555"
CHAIRS = "66666666-7777-4888-9999-000000000000"


@pytest.fixture
def desk(data_dir: Path, clock: FrozenClock, china_time: None) -> Iterator[Station]:
    """A set-up station with 王站长 on duty and a few closed days to send."""
    opened = open_station(data_dir, console=False, clock=clock)
    opened.accounts.create_first_admin("王站长", "2580", "2580")
    opened.station.save_profile(StationProfile(STATION_CODE, "庐阳区环卫工人爱心驿站"))
    fill_demo(opened, days=2)
    with opened.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM feedback"))  # the demo's own: this station has none yet
    yield opened
    opened.close()


def _hq() -> StubHq:
    return StubHq(
        [
            StubSuggestion(HOT_WATER, "2026-11-23T18:02:11+08:00", 2, "热水不够热", "13812345678"),
            StubSuggestion(CHAIRS, "2026-11-22T12:30:00+08:00", 4, "希望多放几把椅子"),
        ]
    )


def _rows(station: Station, sql: str) -> list[tuple[object, ...]]:
    with station.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_the_poster_address_is_hqs_rating_page_for_the_station() -> None:
    assert (
        feedback_url("https://hq.example.cn", "HF-LY-0012") == "https://hq.example.cn/r/HF-LY-0012"
    )
    assert (
        feedback_url("https://hq.example.cn/gh/api/v1/batches/", "HF-LY-0012")
        == "https://hq.example.cn/gh/r/HF-LY-0012"
    )


def test_a_sync_brings_the_suggestions_and_takes_the_answer_back(desk: Station) -> None:
    hq = _hq()
    with stub_hq(hq) as url:
        use_hq(desk, url, TOKEN)
        outcome = quick_sync(desk).sync_now()
        assert outcome.sent == 2 and hq.batches == 2
        assert "2 条职工新意见待答复" in outcome.message
        assert hq.bodies[0] == {"schema": "station-feedback/1", "answers": [], "in_person": []}

        waiting = desk.feedback.open()
        assert [entry.text for entry in waiting] == ["热水不够热", "希望多放几把椅子"]
        assert waiting[0].phone == "13812345678" and waiting[0].rating == 2
        assert desk.feedback.open_count() == 2

        answered = desk.feedback.answer(HOT_WATER, "  换了饮水机\x07滤芯  ")
        assert answered.action == "换了饮水机 滤芯"
        assert answered.phone is None and answered.answered_by == "王站长" and answered.to_send
        assert _rows(desk, f"SELECT phone FROM feedback WHERE id = '{HOT_WATER}'") == [(None,)]
        assert _rows(
            desk, "SELECT action, entity_id FROM audit_event WHERE entity = 'feedback'"
        ) == [("feedback.answered", HOT_WATER)]

        outcome = quick_sync(desk).sync_now()
        assert "已向总工会发送 1 条意见反馈答复" in outcome.message
        sent = hq.bodies[-1]["answers"]
        assert [(a["id"], a["action"]) for a in sent] == [(HOT_WATER, "换了饮水机 滤芯")]
        assert sent[0]["answered_at"].endswith("+08:00")
        assert hq.suggestions[0].phone is None
        assert not desk.feedback.get(HOT_WATER).to_send
        assert desk.feedback.open_count() == 1
        assert "最近一次与总工会交换职工意见" in desk.sync.status().feedback

        # Nothing changed since: nothing is sent again.
        quick_sync(desk).sync_now()
        assert hq.bodies[-1]["answers"] == []
        assert hq.problems == []


def test_a_corrected_answer_and_in_person_feedback_are_sent_again_until_accepted(
    desk: Station, clock: FrozenClock
) -> None:
    hq = _hq()
    with stub_hq(hq) as url:
        use_hq(desk, url, TOKEN)
        quick_sync(desk).sync_now()
        desk.feedback.answer(CHAIRS, "已加两把椅子")
        told = desk.feedback.record_in_person(5, "茶水很好")
        unrated = desk.feedback.record_in_person(None, "希望周末也开门", "已报告街道")
        assert told.source is Source.IN_PERSON and told.open and told.phone is None
        assert not unrated.open
        quick_sync(desk).sync_now()
        body = hq.bodies[-1]
        assert [a["id"] for a in body["answers"]] == [CHAIRS]
        by_id = {e["id"]: e for e in body["in_person"]}
        assert by_id[told.id]["rating"] == 5 and by_id[told.id]["action"] is None
        assert by_id[told.id]["answered_at"] is None
        assert by_id[unrated.id]["rating"] is None
        assert by_id[unrated.id]["action"] == "已报告街道"
        assert by_id[unrated.id]["given_at"].endswith("+08:00")

        clock.advance(dt.timedelta(minutes=20))
        desk.feedback.answer(told.id, "谢谢夸奖，继续保持")
        desk.feedback.answer(CHAIRS, "已加四把椅子")
        assert desk.feedback.get(CHAIRS).to_send
        quick_sync(desk).sync_now()
        body = hq.bodies[-1]
        assert [(a["id"], a["action"]) for a in body["answers"]] == [(CHAIRS, "已加四把椅子")]
        assert [e["id"] for e in body["in_person"]] == [told.id]
        assert hq.in_person[told.id]["action"] == "谢谢夸奖，继续保持"
        assert hq.suggestions[1].action == "已加四把椅子"
        assert [entry.id for entry in desk.feedback.open()] == [HOT_WATER]
        assert hq.problems == []


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("401", "总工会不接受这个上传令牌"),
        ("500", "HTTP 500"),
        ("cut", "与总工会的连接中断了"),
    ],
)
def test_a_failed_exchange_never_fails_the_summaries_and_is_said(
    desk: Station, clock: FrozenClock, fault: str, says: str
) -> None:
    hq = _hq()
    with stub_hq(hq) as url:
        use_hq(desk, url, TOKEN)
        quick_sync(desk).sync_now()
        desk.feedback.answer(HOT_WATER, "已修好热水器")
        hq.fault = fault
        desk.checkin.anonymous("courier")
        clock.advance(dt.timedelta(days=1))  # today closes: one more day to send
        outcome = quick_sync(desk).sync_now()
        assert outcome.sent == 1 and outcome.failed == 0, outcome.message
        assert "职工意见未能与总工会交换" in outcome.feedback and says in outcome.feedback
        assert outcome.feedback in outcome.message
        status = desk.sync.status()
        assert status.pending == 0 and status.last_error == ""
        assert "职工意见未能与总工会交换" in status.feedback
        assert desk.feedback.get(HOT_WATER).to_send  # still to send

        hq.fault = ""
        quick_sync(desk).sync_now()
        assert [a["id"] for a in hq.bodies[-1]["answers"]] == [HOT_WATER]
        assert not desk.feedback.get(HOT_WATER).to_send
        assert "职工意见未能与总工会交换" not in desk.sync.status().feedback


def test_an_unreachable_hq_keeps_the_answers_for_the_next_sync(
    desk: Station, clock: FrozenClock
) -> None:
    hq = _hq()
    with stub_hq(hq) as url:
        use_hq(desk, url, TOKEN)
        quick_sync(desk).sync_now()
    desk.feedback.answer(HOT_WATER, "已修好热水器")
    use_hq(desk, f"http://127.0.0.1:{free_port()}", TOKEN)
    desk.checkin.anonymous("courier")
    clock.advance(dt.timedelta(days=1))
    outcome = quick_sync(desk).sync_now()
    assert outcome.failed == 1 and "连不上总工会服务器" in outcome.message
    assert desk.feedback.get(HOT_WATER).to_send

    # The exchange on its own, against the same dead address, says so too.
    answer = HttpsTransport(f"http://127.0.0.1:{free_port()}", TOKEN, timeout=2).exchange_feedback(
        {}
    )
    assert answer.reply is None and "连不上总工会服务器" in answer.message


def test_the_folder_route_says_feedback_does_not_travel_on_a_stick(
    desk: Station, tmp_path: Path
) -> None:
    from station_app.config.settings import SYNC_FOLDER, SYNC_MODE

    desk.settings.set(SYNC_MODE, "folder")
    desk.settings.set(SYNC_FOLDER, str(tmp_path))
    desk.settings.save()
    assert desk.sync.status().feedback == ""
    desk.feedback.record_in_person(3, "厕所要勤打扫")
    outcome = desk.sync.sync_now()
    assert outcome.sent == 2
    assert "只能通过互联网" in desk.sync.status().feedback


def test_bad_input_is_refused_and_nothing_is_written(
    desk: Station, row_counts: Callable[[], dict[str, int]]
) -> None:
    hq = _hq()
    with stub_hq(hq) as url:
        use_hq(desk, url, TOKEN)
        quick_sync(desk).sync_now()
    before = row_counts()
    for rating, said in [(0, "好"), (6, "好"), (None, "   "), (4, "长" * 501)]:
        with pytest.raises(ValidationFailed):
            desk.feedback.record_in_person(rating, said)
    with pytest.raises(ValidationFailed, match="写下做了什么"):
        desk.feedback.answer(HOT_WATER, " \t ")
    with pytest.raises(ValidationFailed):
        desk.feedback.answer(HOT_WATER, "修" * 501)
    with pytest.raises(ServiceError):
        desk.feedback.answer("no-such-id", "修好了")
    assert row_counts() == before
    assert desk.feedback.get(HOT_WATER).phone == "13812345678"


def test_an_hq_answer_given_at_hq_closes_the_suggestion_here(desk: Station) -> None:
    hq = _hq()
    with stub_hq(hq) as url:
        use_hq(desk, url, TOKEN)
        quick_sync(desk).sync_now()
        hq.suggestions[1].action = "总部已协调街道加椅子"
        hq.suggestions[1].answered_at = "2026-11-24T08:00:00+08:00"
        quick_sync(desk).sync_now()
    chairs = desk.feedback.get(CHAIRS)
    assert not chairs.open and chairs.action == "总部已协调街道加椅子"
    assert chairs.answered_at == dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)
    assert not chairs.to_send
    assert dt.datetime(2026, 11, 24, 8, tzinfo=CHINA) == chairs.answered_at


def test_the_demo_station_has_believable_feedback(ready: Station) -> None:
    from station_app.services.feedback.exchange import waiting

    fill_demo(ready, days=60)
    still_open = ready.feedback.open()
    assert len(still_open) == 2
    assert [entry.phone for entry in still_open].count(None) == 1
    answered = ready.feedback.answered()
    assert len(answered) == 13 and all(entry.action for entry in answered)
    assert {entry.source for entry in answered} == {Source.HQ, Source.IN_PERSON}
    today = ready.clock.now()
    assert all(entry.received_at <= today for entry in [*still_open, *answered])
    assert waiting(ready.db) == 0  # HQ has every answer already
