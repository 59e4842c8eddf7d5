"""Sending to HQ when things go wrong: HQ down, a connection cut mid-upload, 500 answers,
answers slower than the timeout, a wrong token. Nothing is lost or counted twice: the days
stay queued, and once the fault clears HQ's totals equal the station's own."""

from __future__ import annotations

import datetime as dt

from station_app.app import Station
from station_app.hq.db import HqDatabase
from tests.services.helpers import STATION_CODE
from tests.services.sync_support import (
    Faulty,
    cutting_server,
    free_port,
    hq_app,
    hq_days,
    hq_totals,
    quick_sync,
    served,
    station_totals,
    use_hq,
)


def recovers(station: Station, hq: HqDatabase, token: str, days: list[dt.date]) -> None:
    """Once HQ is well, one sync delivers every day and the totals agree exactly."""
    with served(hq_app(hq)) as url:
        use_hq(station, url, token)
        outcome = quick_sync(station).sync_now()
    assert outcome.failed == 0
    assert station.sync.status().pending == 0
    assert hq_days(hq, STATION_CODE) == set(days)
    assert hq_totals(hq, STATION_CODE) == station_totals(station, days)


def test_hq_down_keeps_every_day_queued(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    port = free_port()
    use_hq(ready, f"http://127.0.0.1:{port}", token)

    outcome = quick_sync(ready).sync_now()

    assert (outcome.queued, outcome.sent, outcome.failed) == (len(days), 0, len(days))
    assert f"127.0.0.1:{port}" in outcome.message
    status = ready.sync.status()
    assert status.pending_days == days and status.last_success is None
    assert status.last_attempt is not None and f"127.0.0.1:{port}" in status.last_error
    recovers(ready, hq, token, days)


def test_a_connection_cut_mid_upload_is_retried_later(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    with cutting_server(keep=300) as url:
        use_hq(ready, url, token)
        outcome = quick_sync(ready, tries=3).sync_now()

    assert (outcome.sent, outcome.failed) == (0, len(days))
    assert ready.sync.status().last_error
    recovers(ready, hq, token, days)


def test_500_answers_then_recovery(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    # Two tries per batch: the first batch meets two 500s and the run stops; HQ is well again
    # for the next run.
    faulty = Faulty(hq_app(hq), "500", times=2)
    with served(faulty) as url:
        use_hq(ready, url, token)
        first = quick_sync(ready, tries=2).sync_now()
        assert (first.sent, first.failed) == (0, len(days))
        assert "500" in first.message
        assert faulty.requests == 2  # not every day: the run stopped at the first
        second = quick_sync(ready, tries=2).sync_now()

    assert (second.sent, second.failed) == (len(days), 0)
    assert hq_totals(hq, STATION_CODE) == station_totals(ready, days)


def test_a_500_within_a_run_is_retried_after_a_pause(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    faulty = Faulty(hq_app(hq), "500", times=1)
    with served(faulty) as url:
        use_hq(ready, url, token)
        outcome = quick_sync(ready, tries=3).sync_now()

    assert (outcome.sent, outcome.failed) == (len(days), 0)
    assert faulty.requests == len(days) + 1
    assert hq_totals(hq, STATION_CODE) == station_totals(ready, days)


def test_answers_slower_than_the_timeout_are_sent_again_without_copies(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    # HQ stores the first batch, but only answers after the station stopped waiting.
    faulty = Faulty(hq_app(hq), "slow", times=1, delay=1.5)
    with served(faulty) as url:
        use_hq(ready, url, token)
        slow = quick_sync(ready, timeout=0.5, tries=1).sync_now()
        assert (slow.sent, slow.failed) == (0, len(days))
        assert ready.sync.status().last_error
        again = quick_sync(ready, tries=1).sync_now()

    assert (again.sent, again.failed) == (len(days), 0)
    assert hq_totals(hq, STATION_CODE) == station_totals(ready, days)


def test_a_wrong_token_stops_the_run_and_says_so(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    with served(hq_app(hq)) as url:
        use_hq(ready, url, "not-the-token")
        outcome = quick_sync(ready).sync_now()

    assert (outcome.sent, outcome.failed) == (0, len(days))
    assert ready.sync.status().last_error == quick_sync(ready).status().last_error != ""
    assert hq_totals(hq, STATION_CODE) == {}
    recovers(ready, hq, token, days)


def test_automatic_runs_wait_after_a_failure_but_a_person_does_not(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    use_hq(ready, f"http://127.0.0.1:{free_port()}", token)
    quick_sync(ready).sync_now()
    with served(hq_app(hq)) as url:
        use_hq(ready, url, token)
        automatic = quick_sync(ready).sync_now(automatic=True)
        assert automatic.sent == len(days) - 1  # the one that failed waits its turn
        later = ready.clock.now() + dt.timedelta(minutes=6)
        assert quick_sync(ready).sync_now(now=later, automatic=True).sent == 1

    assert hq_totals(hq, STATION_CODE) == station_totals(ready, days)
