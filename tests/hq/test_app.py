"""HQ's web service under a real uvicorn server on a loopback port, spoken to with urllib as
a station would: every answer of the contract (200, 401, 403, 409, 413, 422)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from station_app.hq.app import create_app
from station_app.hq.db import HqDatabase
from station_app.hq.stations import add_station
from tests.clock_support import START, frozen_clock
from tests.hq.batches import (
    BASIC,
    Batch,
    StationKey,
    make_batch,
    new_station,
    stored_values,
    with_csv,
)
from tests.services.sync_support import served

MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


@pytest.fixture
def base_url(hq_db: HqDatabase) -> Iterator[str]:
    with served(create_app(hq_db, max_body=MAX_BODY, clock=frozen_clock())) as url:
        yield url


@pytest.fixture
def station(hq_db: HqDatabase) -> tuple[StationKey, str]:
    """A registered station and its upload token."""
    key = new_station("HF-LY-0001")
    added = add_station(
        hq_db, key.code, name="龙岗驿站", district="龙岗区", key_text=key.key_file, now=START
    )
    return key, added.token


def _request(
    url: str, *, body: bytes | None = None, token: str | None = None, method: str = "POST"
) -> Answer:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return Answer(response.status, json.load(response), dict(response.headers))
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, json.load(error), dict(error.headers))


def _payload(batch: Batch) -> bytes:
    return json.dumps(
        {
            "manifest": batch.manifest.to_dict(),
            "csv": base64.b64encode(batch.csv).decode("ascii"),
        }
    ).encode("utf-8")


def _post(base_url: str, batch: Batch, token: str | None) -> Answer:
    return _request(f"{base_url}/api/v1/batches", body=_payload(batch), token=token)


def test_health_answers(base_url: str) -> None:
    answer = _request(f"{base_url}/api/v1/health", method="GET")

    assert (answer.status, answer.body["status"]) == (200, "ok")


def test_a_batch_is_stored_once_and_acknowledged_twice(
    base_url: str, hq_db: HqDatabase, station: tuple[StationKey, str]
) -> None:
    key, token = station
    batch = make_batch(key)

    first = _post(base_url, batch, token)
    again = _post(base_url, batch, token)

    assert (first.status, first.body) == (
        200,
        {"status": "ok", "batch_id": batch.batch_id, "applied": True},
    )
    assert (again.status, again.body["applied"]) == (200, False)
    assert stored_values(hq_db, key.code) == BASIC


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_a_missing_or_unknown_token_is_401(
    base_url: str, hq_db: HqDatabase, station: tuple[StationKey, str], token: str | None
) -> None:
    key, _token = station

    answer = _post(base_url, make_batch(key), token)

    assert answer.status == 401
    assert answer.headers.get("www-authenticate", answer.headers.get("WWW-Authenticate")) == (
        "Bearer"
    )
    assert stored_values(hq_db, key.code) == {}


def test_another_stations_token_is_403(
    base_url: str, hq_db: HqDatabase, station: tuple[StationKey, str]
) -> None:
    key, _token = station
    other = new_station("HF-LY-0002")
    other_token = add_station(
        hq_db, other.code, name="二号站", district="龙岗区", key_text=other.key_file, now=START
    ).token

    answer = _post(base_url, make_batch(key), other_token)

    assert (answer.status, answer.body["status"]) == (403, "forbidden")
    assert stored_values(hq_db, key.code) == {}


def test_the_same_batch_id_with_other_content_is_409(
    base_url: str, hq_db: HqDatabase, station: tuple[StationKey, str]
) -> None:
    key, token = station
    first = make_batch(key)
    _post(base_url, first, token)

    answer = _post(
        base_url,
        make_batch(key, {**BASIC, ("visits", "total"): 13}, batch_id=first.batch_id),
        token,
    )

    assert (answer.status, answer.body["batch_id"]) == (409, first.batch_id)
    assert stored_values(hq_db, key.code) == BASIC


def test_a_bad_file_is_422_with_its_line_numbers(
    base_url: str, hq_db: HqDatabase, station: tuple[StationKey, str]
) -> None:
    key, token = station
    batch = make_batch(key, {("visits", "total"): 5, ("distinct_workers", "total"): 2})
    # Signed over the bad file: only the rows are wrong (line 3 is the second row).
    bad = with_csv(batch, batch.csv.replace(b"visits,total,5", b"visits,total,five"), key.private)

    answer = _post(base_url, bad, token)

    assert answer.status == 422
    assert answer.body["status"] == "invalid"
    assert [p["line"] for p in answer.body["problems"]] == [3]
    assert "five" in answer.body["problems"][0]["message"]
    assert stored_values(hq_db, key.code) == {}


def test_a_body_that_is_not_the_agreed_json_is_422(
    base_url: str, station: tuple[StationKey, str]
) -> None:
    _key, token = station

    answer = _request(f"{base_url}/api/v1/batches", body=b"station,date\r\n", token=token)

    assert (answer.status, answer.body["status"]) == (422, "invalid")
    assert answer.body["problems"][0]["line"] == 0


def test_a_body_over_the_limit_is_413(
    base_url: str, hq_db: HqDatabase, station: tuple[StationKey, str]
) -> None:
    key, token = station
    padding = json.dumps({"manifest": {}, "csv": "A" * (MAX_BODY + 1)}).encode("utf-8")

    answer = _request(f"{base_url}/api/v1/batches", body=padding, token=token)

    assert (answer.status, answer.body["status"]) == (413, "too_large")
    assert stored_values(hq_db, key.code) == {}
