"""HQ receiving batches, on SQLite and on a real PostgreSQL server: what is stored, what is
refused, and that nothing of a refused batch is ever stored."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from station_app.domain.summary_format import MANIFEST_LINE
from station_app.hq.db import HqBatch, HqDatabase, HqValue
from station_app.hq.ingest import IngestResult, Outcome, ingest
from station_app.hq.stations import add_station, station_for_token
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

pytestmark = pytest.mark.usefixtures("hq_db")


@pytest.fixture
def station(hq_db: HqDatabase) -> StationKey:
    key = new_station("HF-LY-0001")
    add_station(
        hq_db, key.code, name="龙岗驿站", district="龙岗区", key_text=key.key_file, now=START
    )
    return key


def _send(db: HqDatabase, batch: Batch, token_station: str | None = None) -> IngestResult:
    return ingest(
        db.sessions,
        batch.manifest_json,
        batch.csv,
        station_code_from_token=token_station,
        clock=frozen_clock(),
    )


def _count(db: HqDatabase, table: type[HqBatch] | type[HqValue]) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_batch_is_stored_as_the_days_figures(hq_db: HqDatabase, station: StationKey) -> None:
    result = _send(hq_db, make_batch(station), token_station=station.code)

    assert (result.outcome, result.applied, result.http_status) == (Outcome.APPLIED, True, 200)
    assert stored_values(hq_db, station.code) == BASIC


def test_the_same_batch_twice_adds_nothing(hq_db: HqDatabase, station: StationKey) -> None:
    batch = make_batch(station)
    _send(hq_db, batch)

    again = _send(hq_db, batch)

    assert (again.outcome, again.applied, again.http_status) == (Outcome.ALREADY_HAD, False, 200)
    assert again.batch_id == batch.batch_id
    assert _count(hq_db, HqValue) == len(BASIC)
    assert _count(hq_db, HqBatch) == 1


def test_same_batch_id_with_other_content_is_a_conflict(
    hq_db: HqDatabase, station: StationKey
) -> None:
    first = make_batch(station)
    _send(hq_db, first)
    changed = make_batch(station, {**BASIC, ("visits", "total"): 99}, batch_id=first.batch_id)

    result = _send(hq_db, changed)

    assert (result.outcome, result.http_status) == (Outcome.CONFLICT, 409)
    assert stored_values(hq_db, station.code) == BASIC


def test_a_new_revision_replaces_the_day_including_rows_it_no_longer_has(
    hq_db: HqDatabase, station: StationKey
) -> None:
    _send(hq_db, make_batch(station, revision=1))
    corrected = {k: v for k, v in BASIC.items() if k != ("services", "type:hot_water")}
    corrected[("visits", "total")] = 13
    corrected[("visits", "occupation:courier")] = 8

    result = _send(hq_db, make_batch(station, corrected, revision=2))

    assert result.applied
    assert stored_values(hq_db, station.code) == corrected


def test_an_older_revision_arriving_late_is_recorded_but_not_applied(
    hq_db: HqDatabase, station: StationKey
) -> None:
    first = make_batch(station, revision=1)
    second = make_batch(station, {**BASIC, ("visits", "total"): 20}, revision=2)
    _send(hq_db, second)

    late = _send(hq_db, first)
    same_revision_again = _send(
        hq_db, make_batch(station, {**BASIC, ("visits", "total"): 13}, revision=2)
    )

    assert (late.outcome, late.applied, late.http_status) == (Outcome.SUPERSEDED, False, 200)
    assert same_revision_again.outcome is Outcome.SUPERSEDED
    assert stored_values(hq_db, station.code)[("visits", "total")] == 20
    assert _send(hq_db, first).outcome is Outcome.ALREADY_HAD


def test_a_malformed_csv_names_its_lines_and_nothing_is_stored(
    hq_db: HqDatabase, station: StationKey
) -> None:
    good = make_batch(station)
    lines = good.csv.decode("utf-8").split("\r\n")
    visits = next(i for i, line in enumerate(lines) if ",visits,total," in line)
    services = next(i for i, line in enumerate(lines) if ",services," in line)
    lines[visits] = lines[visits].replace(",12", ",-3")
    lines[services] = lines[services].replace("type:hot_water", "type:Hot Water")
    broken = "\r\n".join(lines).encode("utf-8")
    sent = with_csv(good, broken, station.private)

    result = _send(hq_db, sent)

    assert (result.outcome, result.http_status) == (Outcome.INVALID, 422)
    # Line numbers count from 1, the header being line 1.
    assert [p.line for p in result.problems] == sorted([visits + 1, services + 1])
    messages = {p.line: p.message for p in result.problems}
    assert "-3" in messages[visits + 1]
    assert "Hot Water" in messages[services + 1]
    assert _count(hq_db, HqBatch) == 0
    assert _count(hq_db, HqValue) == 0


def test_a_csv_changed_on_the_way_is_refused(hq_db: HqDatabase, station: StationKey) -> None:
    batch = make_batch(station)
    tampered = Batch(batch.manifest, batch.csv.replace(b",12\r\n", b",21\r\n"))

    result = _send(hq_db, tampered)

    assert result.outcome is Outcome.INVALID
    assert [p.line for p in result.problems] == [MANIFEST_LINE]
    assert "SHA-256" in result.problems[0].message
    assert _count(hq_db, HqValue) == 0


def test_a_batch_signed_with_another_key_is_refused(hq_db: HqDatabase, station: StationKey) -> None:
    forger = new_station(station.code)

    result = _send(hq_db, make_batch(station, signer=forger.private))

    assert result.outcome is Outcome.INVALID
    assert station.code in result.problems[0].message
    assert _count(hq_db, HqBatch) == 0


def test_a_changed_manifest_no_longer_verifies(hq_db: HqDatabase, station: StationKey) -> None:
    batch = make_batch(station)
    raised = batch.manifest_json.replace(b'"revision": 1', b'"revision": 7')
    assert raised != batch.manifest_json

    result = ingest(
        hq_db.sessions, raised, batch.csv, station_code_from_token=None, clock=frozen_clock()
    )

    assert result.outcome is Outcome.INVALID
    assert _count(hq_db, HqBatch) == 0


def test_an_unknown_station_is_refused(hq_db: HqDatabase, station: StationKey) -> None:
    stranger = new_station("SZ-FT-0009")

    result = _send(hq_db, make_batch(stranger))

    assert result.outcome is Outcome.INVALID
    assert "SZ-FT-0009" in result.problems[0].message
    assert _count(hq_db, HqBatch) == 0


def test_another_stations_token_is_forbidden(hq_db: HqDatabase, station: StationKey) -> None:
    other = new_station("HF-LY-0002")
    add_station(
        hq_db, other.code, name="二号站", district="龙岗区", key_text=other.key_file, now=START
    )

    result = _send(hq_db, make_batch(station), token_station=other.code)

    assert (result.outcome, result.http_status) == (Outcome.FORBIDDEN, 403)
    assert _count(hq_db, HqBatch) == 0


def test_a_broken_manifest_is_invalid(hq_db: HqDatabase, station: StationKey) -> None:
    batch = make_batch(station)

    result = ingest(
        hq_db.sessions, b"{not json", batch.csv, station_code_from_token=None, clock=frozen_clock()
    )

    assert result.outcome is Outcome.INVALID
    assert result.problems[0].line == MANIFEST_LINE


def test_a_token_finds_its_station_and_nothing_else(hq_db: HqDatabase) -> None:
    key = new_station("HF-LY-0003")
    added = add_station(
        hq_db, key.code, name="三号站", district="", key_text=key.key_file, now=START
    )

    assert station_for_token(hq_db, added.token) == "HF-LY-0003"
    assert station_for_token(hq_db, added.token + "x") is None
    assert station_for_token(hq_db, "") is None


def _at_once(work: Callable[[], IngestResult], times: int) -> list[IngestResult]:
    barrier = threading.Barrier(times)
    results: list[IngestResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    return results


def test_the_same_batch_delivered_twice_at_once_is_stored_once(
    hq_db: HqDatabase, station: StationKey
) -> None:
    batch = make_batch(station)

    results = _at_once(lambda: _send(hq_db, batch), 4)

    assert sorted(r.outcome for r in results) == sorted(
        [Outcome.APPLIED] + [Outcome.ALREADY_HAD] * 3
    )
    assert stored_values(hq_db, station.code) == BASIC
    assert _count(hq_db, HqValue) == len(BASIC)


def test_two_revisions_at_once_leave_the_newer_one(hq_db: HqDatabase, station: StationKey) -> None:
    older = make_batch(station, {**BASIC, ("visits", "total"): 13}, revision=1)
    newer = make_batch(station, {**BASIC, ("visits", "total"): 14}, revision=2)
    batches = iter([older, newer])
    lock = threading.Lock()

    def next_batch() -> IngestResult:
        with lock:
            batch = next(batches)
        return _send(hq_db, batch)

    _at_once(next_batch, 2)

    assert stored_values(hq_db, station.code)[("visits", "total")] == 14
    assert _count(hq_db, HqValue) == len(BASIC)
