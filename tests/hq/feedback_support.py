"""Speaking to HQ's feedback routes as a worker's phone and as a station do: the rating
page with its cookie and form token, and the stations' exchange."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import select

from station_app.clock import FrozenClock
from station_app.hq.app import create_app
from station_app.hq.db import HqDatabase
from station_app.hq.feedback_tables import HqSuggestion
from station_app.hq.stations import add_station
from tests.clock_support import START, frozen_clock
from tests.hq.batches import new_station
from tests.services.sync_support import served

CODE = "HF-LY-0001"
OTHER = "HF-FT-0002"
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    headers: dict[str, str]

    @property
    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class FeedbackHq:
    url: str
    db: HqDatabase
    clock: FrozenClock
    tokens: dict[str, str]

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(
                response.status,
                response.read().decode("utf-8"),
                {name.lower(): value for name, value in response.getheaders()},
            )
        finally:
            connection.close()

    def exchange(
        self,
        body: dict[str, Any] | bytes,
        *,
        code: str = CODE,
        token: str | None = None,
        content_type: str = "application/json",
    ) -> Answer:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        return self.request(
            "POST",
            "/api/v1/feedback",
            data,
            {
                "Authorization": f"Bearer {self.tokens[code] if token is None else token}",
                "Content-Type": content_type,
            },
        )

    def suggestions(self) -> list[HqSuggestion]:
        with self.db.sessions() as session:
            return list(session.scalars(select(HqSuggestion).order_by(HqSuggestion.received_at)))


@pytest.fixture
def fhq(hq_db: HqDatabase) -> Iterator[FeedbackHq]:
    """A served HQ with two stations in two districts."""
    clock = frozen_clock()
    tokens = {}
    for code, name, district in ((CODE, "龙岗驿站", "龙岗区"), (OTHER, "福田驿站", "福田区")):
        key = new_station(code)
        tokens[code] = add_station(
            hq_db, code, name=name, district=district, key_text=key.key_file, now=START
        ).token
    app = create_app(
        hq_db, max_body=MAX_BODY, clock=clock, body_seconds=0.5, feedback_max_body=MAX_BODY
    )
    with served(app) as url:
        yield FeedbackHq(url, hq_db, clock, tokens)


@dataclass
class Phone:
    """A worker's phone browser: it keeps the page's cookie and sends the form back."""

    hq: FeedbackHq
    cookies: dict[str, str] = field(default_factory=dict)
    language: str = "zh-CN,zh;q=0.9"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _remember(self, answer: Answer) -> Answer:
        cookie = answer.headers.get("set-cookie", "")
        if cookie:
            name, _sep, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return answer

    def open(self, code: str = CODE) -> Answer:
        return self._remember(self.hq.request("GET", f"/r/{code}", headers=self._headers()))

    def send(self, code: str = CODE, token: str | None = None, **fields: str) -> Answer:
        """Open the page, then send the form with ``fields`` (as the browser would)."""
        page = self.open(code)
        found = re.search(r'name="token" value="([^"]*)"', page.text)
        form = {"token": token if token is not None else (found.group(1) if found else "")}
        form.update(fields)
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        answer = self.hq.request("POST", f"/r/{code}", urlencode(form).encode(), headers)
        return self._remember(answer)


def visible_text(html: str) -> str:
    """The page's text, without its tags."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


def new_id() -> str:
    return str(uuid.uuid4())


def at(minutes: int) -> str:
    """START plus ``minutes``, as a station writes a time."""
    return (START + dt.timedelta(minutes=minutes)).isoformat()
