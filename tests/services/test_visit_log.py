"""The visit log pages through every visit once, in the database's order, however a row's
time was written."""

from __future__ import annotations

import datetime as dt
import sqlite3

from station_app.app import Station
from station_app.services.checkin.visit_log import VisitFilter, VisitLogService
from station_app.services.people.worker_data import WorkerInput
from tests.ui.expected import PROFILE

MOMENT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def test_paging_lists_each_visit_once_even_when_another_program_wrote_the_time(
    station: Station,
) -> None:
    # Given visits the app wrote at one moment, and visits a script wrote at the same moment
    # spelled without microseconds (as Python's isoformat does for a whole second)
    station.checkin.anonymous("courier", 5, now=MOMENT)
    with sqlite3.connect(station.paths.database) as conn:
        conn.executemany(
            "INSERT INTO visit (checked_in_at, source, occupation_code)"
            " VALUES (?, 'anonymous', 'other')",
            [(MOMENT.replace(tzinfo=None).isoformat(sep=" "),)] * 5,
        )
    station.checkin.anonymous("sanitation", 3, now=MOMENT - dt.timedelta(minutes=1))
    with sqlite3.connect(station.paths.database) as conn:
        expected = [
            row[0]
            for row in conn.execute("SELECT id FROM visit ORDER BY checked_in_at DESC, id DESC")
        ]
    # When the list is read two rows at a time
    log = VisitLogService(station.db, station.clock)
    shown = log.list(VisitFilter(), limit=2)
    for _page in range(20):  # 7 pages hold them; a page shown again must not loop forever
        more = log.list(VisitFilter(), after=shown[-1], limit=2)
        if not more:
            break
        shown.extend(more)
    # Then every visit comes once, in the order the database sorts them
    assert [row.id for row in shown] == expected
    assert log.count(VisitFilter()) == len(expected) == 13


def test_a_name_many_workers_share_lists_their_visits_newest_first_page_after_page(
    station: Station,
) -> None:
    # Given 60 workers named 张… (a text naming many workers is looked up along the time
    # index rather than through each worker's visits) and some anonymous visits between
    station.station.save_profile(PROFILE)
    for n in range(60):
        worker = station.workers.register(WorkerInput(f"张{n:02d}", "courier", consent=True))
        card = station.cards.issue(worker.id, today=MOMENT.date() - dt.timedelta(days=1))
        station.checkin.scan(card.qr_text, now=MOMENT + dt.timedelta(minutes=n))
        if n % 7 == 0:
            station.checkin.anonymous("sanitation", now=MOMENT + dt.timedelta(minutes=n))
    with sqlite3.connect(station.paths.database) as conn:
        expected = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM visit WHERE worker_id IS NOT NULL"
                " ORDER BY checked_in_at DESC, id DESC"
            )
        ]
    # When 张 is looked for, 25 rows at a time
    log = VisitLogService(station.db, station.clock)
    where = VisitFilter(text="张")
    shown = log.list(where, limit=25)
    while more := log.list(where, after=shown[-1], limit=25):
        shown.extend(more)
    # Then each of their 60 visits comes once, newest first, and the count agrees
    assert [row.id for row in shown] == expected
    assert {row.worker_name[:1] for row in shown} == {"张"}
    assert log.count(where) == len(expected) == 60
