"""HQ's upload route under a real uvicorn server, spoken to as an attacker or a broken
client would: every malformed body, wrong content type, slow body and run of wrong tokens
gets its 4xx, never a 500, and nothing of it is stored."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

from station_app.clock import FrozenClock
from station_app.hq.app import FREE_FAILURES, MAX_HEADER_BYTES, create_app, server_config
from station_app.hq.db import HqDatabase
from station_app.hq.stations import add_station
from station_app.i18n import _
from tests.clock_support import START, frozen_clock
from tests.fuzz.conftest import dump
from tests.hq.batches import BASIC, Batch, StationKey, make_batch, new_station, stored_values
from tests.services.sync_support import served

MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Hq:
    url: str
    db: HqDatabase
    clock: FrozenClock
    station: StationKey
    token: str


@pytest.fixture
def hq(hq_db: HqDatabase) -> Iterator[Hq]:
    clock = frozen_clock()
    key = new_station("HF-LY-0001")
    token = add_station(
        hq_db, key.code, name="龙岗驿站", district="龙岗区", key_text=key.key_file, now=START
    ).token
    app = create_app(hq_db, max_body=MAX_BODY, clock=clock, body_seconds=0.5)
    with served(app) as url:
        yield Hq(url, hq_db, clock, key, token)


def _post(
    hq: Hq,
    body: bytes,
    *,
    token: str | None = None,
    content_type: str | None = "application/json",
) -> Answer:
    parts = urlsplit(hq.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
    headers = {"Authorization": f"Bearer {hq.token if token is None else token}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    try:
        connection.request("POST", "/api/v1/batches", body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return Answer(
            response.status,
            json.loads(raw),
            {name.lower(): value for name, value in response.getheaders()},
        )
    finally:
        connection.close()


def _payload_text(batch: Batch, manifest_text: str | None = None) -> str:
    manifest = manifest_text or json.dumps(batch.manifest.to_dict(), ensure_ascii=False)
    encoded = base64.b64encode(batch.csv).decode("ascii")
    return f'{{"manifest": {manifest}, "csv": "{encoded}"}}'


def _deep(levels: int) -> bytes:
    return b'{"manifest": ' + b"[" * levels + b"]" * levels + b', "csv": ""}'


HOSTILE_BODIES: dict[str, bytes] = {
    "empty": b"",
    "white space": b" \r\n\t ",
    "not UTF-8": b'{"manifest": {}, "csv": "\xff\xfe"}',
    "byte-order mark": b'\xef\xbb\xbf{"manifest": {}, "csv": ""}',
    "NaN": b'{"manifest": NaN, "csv": ""}',
    "Infinity": b'{"manifest": {"revision": Infinity}, "csv": ""}',
    "a float too large": b'{"manifest": {"revision": 1e999}, "csv": ""}',
    "a huge whole number": b'{"manifest": {"revision": 1' + b"0" * 5000 + b'}, "csv": ""}',
    "nested deeper than allowed": _deep(20),
    "nested beyond the parser": _deep(20_000),
    "an unpaired surrogate": b'{"manifest": {"\\ud800": 1}, "csv": ""}',
    "a list": b"[]",
    "a string": b'"manifest"',
    "a number": b"42",
    "null": b"null",
    "manifest is a list": b'{"manifest": [], "csv": ""}',
    "manifest is text": b'{"manifest": "{}", "csv": ""}',
    "manifest of wrong types": (
        b'{"manifest": {"schema": 1, "batch_id": [], "station_code": {}, "period_start": null,'
        b' "period_end": true, "revision": "1", "row_count": -1, "sha256": 0.5,'
        b' "created_at": [], "key_id": {}, "signature": 7}, "csv": ""}'
    ),
    "csv is a number": b'{"manifest": {}, "csv": 12}',
    "csv is not base64": b'{"manifest": {}, "csv": "!!!!"}',
    "csv base64 unpadded": b'{"manifest": {}, "csv": "QUJD RA"}',
    "csv is Chinese": '{"manifest": {}, "csv": "驿站"}'.encode(),
    "a field twice": b'{"manifest": {}, "manifest": {}, "csv": ""}',
    "a field more": b'{"manifest": {}, "csv": "", "extra": 1}',
    "truncated": b'{"manifest": {"schema": "station-summ',
}


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_a_malformed_body_is_422_and_stores_nothing(hq: Hq, name: str) -> None:
    before = dump(hq.db.engine)

    answer = _post(hq, HOSTILE_BODIES[name])

    assert (answer.status, answer.body["status"]) == (422, "invalid")
    assert answer.body["problems"] and all(p["message"] for p in answer.body["problems"])
    assert dump(hq.db.engine) == before


def test_a_sound_batch_with_hostile_text_in_its_manifest_is_422(hq: Hq) -> None:
    batch = make_batch(hq.station)
    fields = batch.manifest.to_dict()
    fields["station_code"] = "HF-LY-0001\x1b[2J"
    before = dump(hq.db.engine)

    answer = _post(hq, _payload_text(batch, json.dumps(fields)).encode())

    assert answer.status == 422
    assert dump(hq.db.engine) == before


def test_a_repeated_manifest_field_is_refused_over_http_as_in_a_folder(
    hq: Hq, tmp_path: Any
) -> None:
    from station_app.hq.ingest import ingest_folder

    batch = make_batch(hq.station)
    signed = json.dumps(batch.manifest.to_dict(), ensure_ascii=False)
    # The signed manifest with a second "revision": json.loads alone would keep the last one.
    twice = signed[:-1] + ', "revision": 7}'
    before = dump(hq.db.engine)

    answer = _post(hq, _payload_text(batch, twice).encode())
    (tmp_path / "HF-LY-0001_2026-11-23_r1.manifest.json").write_text(twice, encoding="utf-8")
    (tmp_path / "HF-LY-0001_2026-11-23_r1.csv").write_bytes(batch.csv)
    [report] = ingest_folder(hq.db.sessions, tmp_path, hq.clock)

    twice_said = _("the field {field} appears twice").format(field='"revision"')
    assert answer.status == 422
    assert twice_said in answer.body["problems"][0]["message"]
    assert not report.result.accepted
    assert twice_said in report.result.problems[0].message
    assert dump(hq.db.engine) == before
    # The same manifest without the repeat is the station's sound batch.
    assert _post(hq, _payload_text(batch, signed).encode()).status == 200


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_a_body_not_sent_as_json_is_415(hq: Hq, content_type: str | None) -> None:
    answer = _post(hq, _payload_text(make_batch(hq.station)).encode(), content_type=content_type)

    assert (answer.status, answer.body["status"]) == (415, "unsupported_media_type")
    assert stored_values(hq.db, hq.station.code) == {}


def test_json_with_its_utf8_charset_is_accepted(hq: Hq) -> None:
    body = _payload_text(make_batch(hq.station)).encode()

    answer = _post(hq, body, content_type="Application/JSON; charset=UTF-8")

    assert answer.status == 200
    assert stored_values(hq.db, hq.station.code) == BASIC


def test_another_station_cannot_block_a_batch_id(hq: Hq) -> None:
    other = new_station("HF-LY-0002")
    other_token = add_station(
        hq.db, other.code, name="二号站", district="龙岗区", key_text=other.key_file, now=START
    ).token
    mine = make_batch(hq.station)
    # Station 2 sends, first, a batch of its own under station 1's batch id.
    squatter = make_batch(other, {**BASIC, ("visits", "total"): 13}, batch_id=mine.batch_id)

    first = _post(hq, _payload_text(squatter).encode(), token=other_token)
    answer = _post(hq, _payload_text(mine).encode())
    again = _post(hq, _payload_text(mine).encode())

    assert (first.status, first.body["applied"]) == (200, True)
    assert (answer.status, answer.body["applied"]) == (200, True)
    assert (again.status, again.body["applied"]) == (200, False)
    assert stored_values(hq.db, hq.station.code) == BASIC
    assert stored_values(hq.db, other.code)[("visits", "total")] == 13


def test_a_body_that_trickles_in_is_cut_off_with_408(hq: Hq) -> None:
    parts = urlsplit(hq.url)
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=20) as client:
        client.sendall(
            (
                "POST /api/v1/batches HTTP/1.1\r\nHost: hq\r\n"
                f"Authorization: Bearer {hq.token}\r\nContent-Type: application/json\r\n"
                "Content-Length: 1000\r\n\r\n"
            ).encode()
            + b'{"manifest": '
        )
        # The rest never comes: the server must answer on its own, within body_seconds.
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk

    assert answer.startswith(b"HTTP/1.1 408 ")
    assert stored_values(hq.db, hq.station.code) == {}


def test_wrong_tokens_from_one_address_are_slowed_down(hq: Hq) -> None:
    body = _payload_text(make_batch(hq.station)).encode()

    free = [_post(hq, body, token=f"guess-{n}").status for n in range(FREE_FAILURES)]
    locked = _post(hq, body, token="guess-again")
    locked_even_for_the_right_token = _post(hq, body)
    hq.clock.advance(dt.timedelta(seconds=int(locked.headers["retry-after"])))
    after_waiting = _post(hq, body)
    cleared = _post(hq, body, token="one-more-guess")

    assert free == [401] * FREE_FAILURES
    assert (locked.status, locked.body["status"], locked.headers["retry-after"]) == (
        429,
        "too_many_attempts",
        "1",
    )
    assert locked_even_for_the_right_token.status == 429
    assert (after_waiting.status, after_waiting.body["applied"]) == (200, True)
    assert cleared.status == 401  # a right token cleared the address's count


def test_each_further_wrong_token_doubles_the_wait(hq: Hq) -> None:
    body = b"{}"
    waits = []
    for n in range(FREE_FAILURES + 3):
        answer = _post(hq, body, token=f"guess-{n}")
        if answer.status == 429:
            wait = int(answer.headers["retry-after"])
            waits.append(wait)
            hq.clock.advance(dt.timedelta(seconds=wait))
            assert _post(hq, body, token=f"guess-{n}").status == 401

    assert waits == [1, 2, 4]


@pytest.fixture
def production_url(hq_db: HqDatabase) -> Iterator[str]:
    """The app under uvicorn configured as ``hq serve`` configures it."""
    import threading
    import time

    import uvicorn

    config = server_config(
        create_app(hq_db, clock=frozen_clock()), host="127.0.0.1", port=0, log_level="critical"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


def test_the_served_app_refuses_oversized_headers(production_url: str) -> None:
    parts = urlsplit(production_url)
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=20) as client:
        # Headers that never end: the server must not keep reading them.
        client.sendall(
            b"GET /api/v1/health HTTP/1.1\r\nHost: hq\r\nX-Padding: "
            + b"a" * (MAX_HEADER_BYTES + 1)
        )
        answer = client.recv(4096)
    healthy = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
    healthy.request("GET", "/api/v1/health")

    assert answer.split(b" ")[1].startswith(b"4")
    assert healthy.getresponse().status == 200
    healthy.close()


def test_a_validation_rule_refusing_a_batch_is_named_with_its_line(hq: Hq) -> None:
    figures = {**BASIC, ("visits", "occupation:courier"): 8}  # 8 + 5 couriers and sanitation > 12
    batch = make_batch(hq.station, figures)
    total_line = batch.csv.decode().split("\r\n").index("HF-LY-0001,2026-11-23,visits,total,12") + 1

    answer = _post(hq, _payload_text(batch).encode())

    assert answer.status == 422
    assert [(p["line"], p["rule"]) for p in answer.body["problems"]] == [
        (total_line, "visits_parts_above_total")
    ]
    assert "13" in answer.body["problems"][0]["message"]
    assert stored_values(hq.db, hq.station.code) == {}


def test_an_address_quiet_for_a_day_starts_afresh(hq: Hq) -> None:
    for n in range(FREE_FAILURES + 1):
        _post(hq, b"{}", token=f"guess-{n}")
    assert _post(hq, b"{}", token="guess").status == 429

    hq.clock.advance(dt.timedelta(days=1, seconds=1))

    assert [_post(hq, b"{}", token=f"late-{n}").status for n in range(FREE_FAILURES)] == [
        401
    ] * FREE_FAILURES
