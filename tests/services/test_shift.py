"""The hand-over's summary: what the attendant on duty did since signing in, and what the
station hands to the next one (items lent out, stock alerts)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput
from tests.services.test_accounts import CLERK_PIN, OTHER_PIN, _sign_in, desk  # noqa: F401


def test_the_summary_counts_the_shift_of_the_attendant_on_duty_since_their_sign_in(
    desk: Station,  # noqa: F811
    clock: FrozenClock,
) -> None:
    # The admin's morning: a visit before the clerk's shift, which is not the clerk's
    worker = desk.workers.register(WorkerInput("张秀兰", "sanitation", consent=True))
    card = desk.cards.issue(worker.id)
    desk.checkin.scan(card.qr_text)
    umbrella = desk.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True))
    desk.inventory.receive(umbrella.id, 2)
    desk.inventory.create_item(ItemInput("口罩", "hygiene", "个", min_stock=5))
    desk.accounts.sign_out()

    clock.advance(dt.timedelta(hours=1))
    _sign_in(desk, "李明", CLERK_PIN)
    clock.advance(dt.timedelta(minutes=5))
    again = desk.checkin.scan(card.qr_text)  # the same worker: past the repeat window
    group = desk.checkin.anonymous("courier", 3)
    desk.service_log.record(again.visit_ids[0], "hot_water")
    desk.service_log.record(group.visit_ids[0], "hot_water")
    desk.service_log.record(group.visit_ids[1], "microwave")
    desk.lending.lend(umbrella.id, deposit_note="身份证")

    summary = desk.shift.summary()

    assert summary.attendant == "李明"
    assert summary.since == clock.now() - dt.timedelta(minutes=5)
    assert (summary.visits, summary.people, summary.services) == (4, 4, 3)
    assert summary.lent_out == 1
    assert summary.stock_alerts == 1  # 口罩 below its minimum
    with sqlite3.connect(desk.paths.database) as conn:
        clerks = conn.execute(
            "SELECT count(*) FROM visit JOIN attendant ON attendant.id = visit.attendant_id"
            " WHERE attendant.name = '李明'"
        ).fetchone()
    assert clerks == (4,)

    # The next attendant starts from nothing of their own; the loan is still theirs to see
    desk.accounts.sign_out()
    _sign_in(desk, "张华", OTHER_PIN)
    fresh = desk.shift.summary()
    assert (fresh.attendant, fresh.visits, fresh.people, fresh.services) == ("张华", 0, 0, 0)
    assert fresh.lent_out == 1
