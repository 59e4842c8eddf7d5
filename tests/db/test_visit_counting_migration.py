"""Revision 0012: visits written before it keep their counts; every visit written after it
keeps what it is counted by, whoever writes it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from station_app.app import open_station
from station_app.config.paths import DataPaths
from station_app.db.engine import make_engine
from station_app.db.migrate import upgrade
from station_app.domain.periods import week_of
from tests.services.helpers import CHINA

WORKER = (
    "INSERT INTO worker (id, display_name, occupation_code, employer, union_member,"
    " wants_to_join, active, created_at) VALUES (?, ?, 'sanitation', '', ?, ?, 1,"
    " '2026-11-01 01:00:00.000000')"
)
VISIT = (
    "INSERT INTO visit (checked_in_at, source, occupation_code, worker_id)"
    " VALUES (?, ?, 'sanitation', ?)"
)


def test_older_visits_are_filled_and_new_ones_filled_by_the_database(data_dir: Path) -> None:
    # Given visits at revision 0011: a union member twice, another worker once, one anonymous
    paths = DataPaths(data_dir)
    paths.ensure()
    engine = make_engine(paths.database)
    upgrade(engine, "0011")
    engine.dispose()
    with sqlite3.connect(paths.database) as conn:
        conn.execute(WORKER, (1, "老王", 1, 0))
        conn.execute(WORKER, (2, "小李", 0, 1))
        for moment, source, worker in (
            ("2026-11-24 01:00:00.000000", "card", 1),
            ("2026-11-25 01:00:00.000000", "card", 1),
            ("2026-11-25 02:00:00.000000", "manual", 2),
            ("2026-11-25 03:00:00.000000", "anonymous", None),
        ):
            conn.execute(VISIT, (moment, source, worker))
    # When the app upgrades it
    station = open_station(data_dir)
    try:
        week = week_of(dt.date(2026, 11, 24))
        now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        before = station.reports.period_report(week, now=now, zone=CHINA)
        assert (before.visits.value, before.card_visits, before.anonymous_visits) == (4, 3, 1)
        assert (before.distinct_workers.value, before.union_members.value) == (2, 1)
        assert before.wants_to_join.value == 1
        # Then a visit written by hand afterwards is filled in too, and erasing both
        # workers leaves the week's figures as they were
        with sqlite3.connect(paths.database) as conn:
            conn.execute(VISIT, ("2026-11-26 01:00:00.000000", "card", 2))
        station.workers.erase(1)
        station.workers.erase(2)
        after = station.reports.period_report(week, now=now, zone=CHINA)
        assert (after.visits.value, after.card_visits, after.anonymous_visits) == (5, 4, 1)
        assert (after.distinct_workers.value, after.union_members.value) == (2, 1)
        assert after.wants_to_join.value == 1
    finally:
        station.close()
