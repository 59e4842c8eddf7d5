"""The audit log as the admin reads it: what each entry was done to, by name (the worker,
the item, the attendant, the settings' titles), never a row number or a setting's key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.config.settings import DEDUPE_MINUTES, EXPIRY_WARNING_DAYS
from station_app.domain.enums import Role
from station_app.domain.station import StationProfile
from station_app.services.accounts.audit_reader import AuditFilter, AuditRow
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput

ADMIN_PIN = "2580"


@pytest.fixture
def desk(data_dir: Path, clock: FrozenClock) -> Iterator[Station]:
    opened = open_station(data_dir, console=False, clock=clock)
    opened.accounts.create_first_admin("王站长", ADMIN_PIN, ADMIN_PIN)
    opened.station.save_profile(StationProfile("HF-LY-0012", "庐阳区环卫工人爱心驿站"))
    yield opened
    opened.close()


def entries(desk: Station) -> list[AuditRow]:
    return desk.audit.events(AuditFilter(), 0, 500)


def test_entries_name_what_they_were_done_to(desk: Station) -> None:
    desk.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    worker = desk.workers.register(WorkerInput("老王", "sanitation", consent=True))
    umbrella = desk.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True)).id
    desk.inventory.receive(umbrella, 2)
    loan = desk.lending.lend(umbrella, worker_id=worker.id)
    desk.lending.return_loan(loan.id)
    desk.inventory.adjust(umbrella, -1, "丢失")
    desk.config.change({DEDUPE_MINUTES.key: 45, EXPIRY_WARNING_DAYS.key: 20})

    rows = entries(desk)
    by_action = {row.action: row for row in rows}
    assert by_action["account.added"].target == "值班员 李明"
    assert by_action["worker.registered"].target == "来访者 老王"
    assert by_action["item_created"].target == "物资 雨伞"
    assert by_action["item_lent"].target.endswith("雨伞 借给 老王")
    assert by_action["item_returned"].target.endswith("雨伞 借给 老王")
    assert by_action["stock_adjusted"].target == "物资 雨伞"
    settings = by_action["settings.changed"]
    assert "dedupe_minutes" not in settings.detail_text
    assert "临期提醒" in settings.detail_text and "分钟" in settings.detail_text

    # No entry shows a bare number where a name belongs
    for row in rows:
        assert not re.search(r"\s\d+$", row.target), (row.action, row.target)


def test_an_erased_worker_and_an_undone_visit_show_no_number(desk: Station) -> None:
    worker = desk.workers.register(WorkerInput("老王", "sanitation", consent=True))
    desk.workers.erase(worker.id)
    (visit,) = desk.checkin.anonymous("courier").visit_ids
    desk.checkin.undo([visit])

    by_action = {row.action: row for row in entries(desk)}
    assert by_action["worker.erase"].target == "来访者 （个人信息已删除）"
    assert by_action["visit.undone"].target == "来访"
    assert str(worker.id) not in by_action["worker.erase"].target
