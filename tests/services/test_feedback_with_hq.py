"""Workers' feedback from end to end, with HQ's real web service on loopback: a worker rates
the station on the page the poster's QR code opens, the station's sync brings the suggestion
to the attendant, and the answer and feedback given in person go back to HQ."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.station import StationProfile
from station_app.hq.db import HqDatabase
from station_app.hq.feedback_tables import HqSuggestion
from station_app.sync.https import feedback_url
from tests.hq.feedback_support import visible_text
from tests.services.helpers import STATION_CODE
from tests.services.sync_support import (
    fill_demo,
    hq_app,
    quick_sync,
    register_at_hq,
    served,
    use_hq,
)


@pytest.fixture
def desk(data_dir: Path, clock: FrozenClock, china_time: None) -> Iterator[Station]:
    """A set-up station with 王站长 on duty, a couple of closed days and no feedback yet."""
    opened = open_station(data_dir, console=False, clock=clock)
    opened.accounts.create_first_admin("王站长", "2580", "2580")
    opened.station.save_profile(StationProfile(STATION_CODE, "庐阳区环卫工人爱心驿站"))
    fill_demo(opened, days=2)
    with opened.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM feedback"))  # the demo's own
    yield opened
    opened.close()


class WorkerPhone:
    """A phone's browser: it opens the poster's address, keeps the cookie and sends the form."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def page(self, url: str) -> str:
        with self.opener.open(urllib.request.Request(url), timeout=10) as answer:
            assert answer.status == 200
            return str(answer.read().decode("utf-8"))

    def rate(self, url: str, **fields: str) -> str:
        form = self.page(url)
        token = re.search(r'name="token" value="([^"]*)"', form)
        assert token is not None
        body = urllib.parse.urlencode({"token": token.group(1), **fields}).encode()
        request = urllib.request.Request(url, data=body, method="POST")
        with self.opener.open(request, timeout=10) as answer:
            assert answer.status == 200
            return visible_text(answer.read().decode("utf-8"))


def suggestions(hq: HqDatabase) -> list[HqSuggestion]:
    with hq.sessions() as session:
        return list(session.scalars(select(HqSuggestion).order_by(HqSuggestion.received_at)))


def test_a_workers_rating_reaches_the_attendant_and_the_answer_reaches_hq(
    desk: Station, hq: HqDatabase, clock: FrozenClock
) -> None:
    token = register_at_hq(hq, desk)
    with served(hq_app(hq, clock)) as url:
        use_hq(desk, url, token)
        poster = desk.feedback.poster()
        assert poster.url == feedback_url(url, STATION_CODE) == f"{url}/r/{STATION_CODE}"

        phone = WorkerPhone()
        assert "庐阳驿站" in visible_text(phone.page(poster.url))
        thanks = phone.rate(
            poster.url, rating="2", text="热水不够热", callback="1", phone="13812345678"
        )
        assert "谢谢" in thanks
        [stored] = suggestions(hq)
        assert (stored.rating, stored.phone, stored.status) == (2, "13812345678", "open")

        clock.advance(dt.timedelta(minutes=5))
        quick_sync(desk).sync_now()
        [waiting] = desk.feedback.open()
        assert (waiting.id, waiting.rating, waiting.text, waiting.phone) == (
            stored.id,
            2,
            "热水不够热",
            "13812345678",
        )

        desk.feedback.answer(waiting.id, "已请师傅检修热水器")
        told = desk.feedback.record_in_person(5, "希望多放几把椅子", "已加两把椅子")
        clock.advance(dt.timedelta(minutes=5))
        outcome = quick_sync(desk).sync_now()
        assert outcome.failed == 0

        by_id = {row.id: row for row in suggestions(hq)}
        answered = by_id[stored.id]
        assert (answered.status, answered.action, answered.phone) == (
            "answered",
            "已请师傅检修热水器",
            None,
        )
        in_person = by_id[told.id]
        assert (in_person.rating, in_person.text, in_person.action) == (
            5,
            "希望多放几把椅子",
            "已加两把椅子",
        )
        assert desk.feedback.open() == []
        assert not desk.feedback.get(told.id).to_send

        # Sent once more with nothing new: HQ keeps one row each.
        quick_sync(desk).sync_now()
        assert len(suggestions(hq)) == 2
