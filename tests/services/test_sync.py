"""Sending the daily summaries to HQ's real web service (uvicorn on loopback) and by folder:
after every route, HQ's totals equal the station's own figures, each day stored once."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

from station_app import i18n
from station_app.app import Station, open_station
from station_app.config.settings import SYNC_FOLDER, SYNC_MODE
from station_app.hq.db import HqDatabase
from station_app.hq.ingest import ingest_folder
from station_app.i18n import _
from station_app.services.checkin.service_data import ServiceFilter
from station_app.services.stock.stock_data import ItemInput
from station_app.sync.delivery import Parcel, Verdict
from station_app.sync.https import HttpsTransport
from tests.clock_support import frozen_clock
from tests.services.helpers import STATION_CODE
from tests.services.sync_support import (
    hq_app,
    hq_days,
    hq_totals,
    quick_sync,
    served,
    station_totals,
    use_hq,
)


def outbox(station: Station) -> list[tuple[str, int, str, str]]:
    """(day, revision, status, batch_id) of every outbox row, read straight from the file."""
    with sqlite3.connect(station.paths.database) as conn:
        return conn.execute(
            "SELECT day, revision, status, batch_id FROM outbox_batch ORDER BY day, revision"
        ).fetchall()


def parcels(station: Station) -> list[Parcel]:
    with sqlite3.connect(station.paths.database) as conn:
        rows = conn.execute(
            "SELECT day, revision, csv, manifest FROM outbox_batch ORDER BY day"
        ).fetchall()
    return [Parcel(f"{STATION_CODE}_{day}_r{rev}", csv, text) for day, rev, csv, text in rows]


def test_every_closed_day_reaches_hq_and_the_totals_match(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    with served(hq_app(hq)) as url:
        use_hq(ready, url, token)
        outcome = quick_sync(ready).sync_now()
        again = quick_sync(ready).sync_now()

    assert (outcome.queued, outcome.sent, outcome.failed) == (len(days), len(days), 0)
    assert "4" in outcome.message
    assert (again.queued, again.sent, again.failed) == (0, 0, 0)
    assert hq_days(hq, STATION_CODE) == set(days)
    assert hq_totals(hq, STATION_CODE) == station_totals(ready, days)
    status = ready.sync.status()
    assert (status.mode, status.destination, status.pending, status.last_error) == (
        "https",
        url,
        0,
        "",
    )
    assert status.last_success is not None and status.last_success.tzinfo is not None


def test_the_same_batch_delivered_twice_is_stored_once(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    with served(hq_app(hq)) as url:
        use_hq(ready, url, token)
        quick_sync(ready).sync_now()
        before = hq_totals(hq, STATION_CODE)
        transport = HttpsTransport(url, token)
        answers = [transport.send(parcel).verdict for parcel in parcels(ready)]

    assert answers == [Verdict.DELIVERED] * len(days)
    assert hq_totals(hq, STATION_CODE) == before == station_totals(ready, days)


def test_a_station_restarted_between_queueing_and_sending_sends_the_same_batches(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date], data_dir: Path
) -> None:
    assert ready.sync.queue_closed_days() == len(days)
    queued = outbox(ready)
    ready.close()

    reopened = open_station(data_dir, clock=ready.clock)
    try:
        with served(hq_app(hq)) as url:
            use_hq(reopened, url, token)
            outcome = quick_sync(reopened).sync_now()
        assert (outcome.queued, outcome.sent, outcome.failed) == (0, len(days), 0)
        assert [row[3] for row in outbox(reopened)] == [row[3] for row in queued]
        assert hq_totals(hq, STATION_CODE) == station_totals(reopened, days)
    finally:
        reopened.close()


def test_a_batch_hq_stored_before_the_station_recorded_it_is_acknowledged_without_a_copy(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date], data_dir: Path
) -> None:
    # Given HQ stored every batch, but the station went down before it heard the answers
    ready.sync.queue_closed_days()
    with served(hq_app(hq)) as url:
        for parcel in parcels(ready):
            assert HttpsTransport(url, token).send(parcel).verdict is Verdict.DELIVERED
        stored = hq_totals(hq, STATION_CODE)
        ready.close()
        assert open_station(data_dir, clock=ready.clock).sync.status().pending == len(days)

        # When the restarted station syncs
        reopened = open_station(data_dir, clock=ready.clock)
        try:
            use_hq(reopened, url, token)
            outcome = quick_sync(reopened).sync_now()
            # Then HQ says ok to each, and nothing is counted twice
            assert (outcome.sent, outcome.failed) == (len(days), 0)
            assert hq_totals(hq, STATION_CODE) == stored == station_totals(reopened, days)
        finally:
            reopened.close()


def test_a_late_correction_becomes_a_new_revision_that_hq_follows(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date]
) -> None:
    with served(hq_app(hq)) as url:
        use_hq(ready, url, token)
        quick_sync(ready).sync_now()
        before = hq_totals(hq, STATION_CODE)
        # A service record of the first day turns out to be a mistake
        record = ready.service_log.list(ServiceFilter(start=days[0], end=days[0]), limit=1)[0]
        ready.service_log.remove(record.id)
        outcome = quick_sync(ready).sync_now()

    assert (outcome.queued, outcome.sent, outcome.failed) == (1, 1, 0)
    revisions = [(day, revision) for day, revision, _status, _id in outbox(ready)]
    assert (days[0].isoformat(), 2) in revisions
    after = hq_totals(hq, STATION_CODE)
    assert after["services"] == before["services"] - record.quantity
    assert after == station_totals(ready, days)


def test_a_new_revision_replaces_one_never_sent(ready: Station, days: list[dt.date]) -> None:
    ready.sync.queue_closed_days()
    first = {day: batch_id for day, _rev, _status, batch_id in outbox(ready)}
    record = ready.service_log.list(ServiceFilter(start=days[1], end=days[1]), limit=1)[0]
    ready.service_log.remove(record.id)

    assert ready.sync.queue_closed_days() == 1
    rows = outbox(ready)
    assert len(rows) == len(days)
    changed = [row for row in rows if row[0] == days[1].isoformat()]
    assert [(row[1], row[2]) for row in changed] == [(2, "pending")]
    assert changed[0][3] != first[days[1].isoformat()]
    assert ready.sync.status().pending_days == days


def test_the_folder_route_gives_hq_the_same_totals(
    ready: Station, hq: HqDatabase, token: str, days: list[dt.date], tmp_path: Path
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    ready.settings.set(SYNC_MODE, "folder")
    ready.settings.set(SYNC_FOLDER, str(stick))

    outcome = ready.sync.sync_now()
    reports = ingest_folder(hq.sessions, stick, frozen_clock())

    assert (outcome.sent, outcome.failed) == (len(days), 0)
    # Written to a stick is not received yet: the attendant is told to take it to HQ.
    assert outcome.message == _(
        "Wrote {n} daily summaries into the folder, for headquarters."
    ).format(n=len(days))
    # Into a subfolder named after the day written, the stick's top level left tidy.
    (written,) = stick.iterdir()
    assert written.name == f"station-summaries-{ready.clock.today().isoformat()}"
    assert sorted(p.name for p in written.iterdir()) == sorted(
        f"{STATION_CODE}_{day.isoformat()}_r1{suffix}"
        for day in days
        for suffix in (".csv", ".manifest.json")
    )
    # Readable by others, as any file the PC writes: HQ's clerk may read the share as
    # another user.
    umask = os.umask(0)
    os.umask(umask)
    assert {stat.S_IMODE(p.stat().st_mode) for p in written.iterdir()} == {0o666 & ~umask}
    assert [report.result.applied for report in reports] == [True] * len(days)
    assert hq_totals(hq, STATION_CODE) == station_totals(ready, days)


def test_a_missing_usb_stick_leaves_every_day_waiting(
    ready: Station, days: list[dt.date], tmp_path: Path
) -> None:
    ready.settings.set(SYNC_MODE, "folder")
    ready.settings.set(SYNC_FOLDER, str(tmp_path / "E盘"))

    outcome = ready.sync.sync_now()

    assert (outcome.sent, outcome.failed) == (0, len(days))
    assert str(tmp_path / "E盘") in outcome.message
    status = ready.sync.status()
    assert status.pending_days == days
    assert str(tmp_path / "E盘") in status.last_error
    assert not (tmp_path / "E盘").exists()  # not made on the PC's own disk


def test_with_sync_off_nothing_is_queued_or_sent(ready: Station, days: list[dt.date]) -> None:
    i18n.install("en")
    outcome = ready.sync.sync_now()

    assert (outcome.queued, outcome.sent) == (0, 0)
    assert "is off" in outcome.message
    assert ready.sync.status().mode == "off"


def test_closed_days_not_queued_yet_are_already_counted_as_waiting(
    ready: Station, days: list[dt.date]
) -> None:
    # Before any run (nothing in the outbox), the days the next run will write are waiting
    before = ready.sync.status().pending_days
    assert set(days) <= set(before)
    assert max(before) == ready.clock.today() - dt.timedelta(days=1)

    assert ready.sync.queue_closed_days() == len(before)
    assert ready.sync.status().pending_days == before


def test_adding_an_item_sends_nothing_again_for_the_days_before_it(
    ready: Station, days: list[dt.date]
) -> None:
    # Given every closed day queued
    assert ready.sync.queue_closed_days() == len(days)
    before = outbox(ready)
    # When an item the station watches (a minimum stock) is added today, and some received
    item = ready.inventory.create_item(ItemInput("驿站新到防晒喷雾", "hygiene", "支", min_stock=5))
    ready.inventory.receive(item.id, 3)
    # Then the next sync queues nothing: no closed day's figures changed
    assert ready.sync.queue_closed_days() == 0
    assert outbox(ready) == before
    # And the day it was added is the first to report its stock, once that day is over
    ready.clock.advance(dt.timedelta(days=1))
    assert ready.sync.queue_closed_days() == 1
    rows = ready.summaries.day_rows(ready.clock.today() - dt.timedelta(days=1))
    assert any(r.dimension == "item:驿站新到防晒喷雾" and r.value == 3 for r in rows)
    assert all(r.dimension != "item:驿站新到防晒喷雾" for r in ready.summaries.day_rows(days[-1]))


def test_items_imported_from_a_file_count_from_their_import(
    ready: Station, days: list[dt.date], tmp_path: Path
) -> None:
    # Given every closed day queued
    ready.sync.queue_closed_days()
    before = outbox(ready)
    # When watched items come in from a CSV file
    exported = tmp_path / "items.csv"
    ready.inventory.export_items(exported)
    lines = exported.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = dict.fromkeys(header, "")
    row.update(name="驿站新到护手油", category="hygiene", unit="支", min_stock="4", active="1")
    exported.write_text(lines[0] + "\n" + ",".join(row[h] for h in header) + "\n", "utf-8")
    assert ready.inventory.import_items(exported).created == 1
    # Then no closed day is sent again
    assert ready.sync.queue_closed_days() == 0
    assert outbox(ready) == before
