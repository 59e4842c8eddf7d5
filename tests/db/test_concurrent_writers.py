"""No scan is refused because someone else writes: while the attendant scans as fast as the
check-in service goes, a summary sync, backups and reports run in other threads and another
program writes visits to the same file. Every scan is accepted and every visit is there."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.domain.periods import week_of
from station_app.domain.station import StationProfile

CHILD = Path(__file__).with_name("writer_child.py")
ROOT = Path(__file__).resolve().parents[2]
CHILD_VISITS = 150
ROUNDS = 3  # each background task's runs while the scans go on


def _visits(station: Station) -> int:
    with station.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM visit")).scalar_one())


def test_scans_under_load_are_never_refused_and_never_lost(
    station: Station, clock: FrozenClock
) -> None:
    # Given a station with a code (the sync needs it) and visits on the days before today
    station.station.save_profile(StationProfile("HF-LY-0012", "庐阳区环卫工人爱心驿站"))
    for days_ago in (1, 2, 3):
        station.checkin.anonymous("courier", 2, now=clock.now() - dt.timedelta(days=days_ago))
    before = _visits(station)
    failures: list[BaseException] = []
    stop = threading.Event()

    def looping(
        name: str, work: Callable[[int], object]
    ) -> tuple[threading.Thread, threading.Event]:
        done = threading.Event()

        def run() -> None:
            rounds = 0
            try:
                while not (stop.is_set() and rounds >= ROUNDS):
                    work(rounds)
                    rounds += 1
                    if rounds >= ROUNDS:
                        done.set()
            except BaseException as exc:  # every failure is the test's finding
                failures.append(exc)
                done.set()

        return threading.Thread(target=run, name=name), done

    week = week_of(clock.today())
    backups = station.paths.backups
    tasks = [
        looping("sync", lambda _n: station.sync.queue_closed_days()),
        looping(
            "summaries",
            lambda _n: station.summaries.day_rows(clock.today() - dt.timedelta(days=1)),
        ),
        looping(
            "backup",
            lambda n: station.backups.back_up(
                backups, now=clock.local_now().replace(tzinfo=None) + dt.timedelta(minutes=n)
            ),
        ),
        looping("report", lambda _n: station.reports.period_report(week)),
    ]
    # And another program on the same file, ready to write
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(station.paths.database), str(CHILD_VISITS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        # When the attendant scans while all of them work
        for thread, _done in tasks:
            thread.start()
        child.stdin.write("go\n")
        child.stdin.flush()
        accepted = 0
        child_done = threading.Event()
        child_report: list[str] = []

        def read_child() -> None:
            assert child.stdout is not None
            child_report.append(child.stdout.readline().strip())
            child_done.set()

        reader = threading.Thread(target=read_child)
        reader.start()
        waiting = [done for _thread, done in tasks] + [child_done]
        scans = 0
        while not all(event.is_set() for event in waiting) or scans < 100:
            assert scans < 20_000, "the other writers never finished"
            result = station.checkin.anonymous("sanitation", 1)
            accepted += len(result.visit_ids)
            scans += 1
    finally:
        stop.set()
        for thread, _done in tasks:
            thread.join(timeout=60)
        child.stdin.close()
        child.wait(timeout=60)
    reader.join(timeout=10)
    child.stdout.close()

    # Then nothing was refused, by the check-in or by anyone else
    assert failures == []
    assert accepted == scans
    assert child.returncode == 0
    assert child_report == [f"wrote {CHILD_VISITS}"]
    # And every acknowledged visit is in the file
    assert _visits(station) == before + scans + CHILD_VISITS
