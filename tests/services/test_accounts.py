"""Attendant accounts, roles and the audit trail, as the GUI runs them (``console=False``):
nobody is trusted until they sign in, and each write names who made it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.enums import Role
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.station import StationProfile
from station_app.services.accounts.access import NotPermitted
from station_app.services.accounts.attendants import SignInRefused
from station_app.services.accounts.audit_reader import SYSTEM, AuditFilter
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput

ADMIN_PIN = "2580"
CLERK_PIN = "1357"
OTHER_PIN = "8642"


@pytest.fixture
def desk(data_dir: Path, clock: FrozenClock) -> Iterator[Station]:
    """A station opened the way the GUI opens it, with its admin made by the first run and
    two attendants; the admin is signed in."""
    opened = open_station(data_dir, console=False, clock=clock)
    opened.accounts.create_first_admin("王站长", ADMIN_PIN, ADMIN_PIN)
    opened.station.save_profile(StationProfile("HF-LY-0012", "庐阳区环卫工人爱心驿站"))
    opened.accounts.add("李明", Role.ATTENDANT, CLERK_PIN, CLERK_PIN)
    opened.accounts.add("张华", Role.ATTENDANT, OTHER_PIN, OTHER_PIN)
    yield opened
    opened.close()


def _id(station: Station, name: str) -> int:
    return next(view.id for view in station.accounts.on_duty() if view.name == name)


def _sign_in(station: Station, name: str, pin: str) -> None:
    station.accounts.sign_in(_id(station, name), pin)


def _rows(station: Station, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(station.paths.database) as conn:
        return conn.execute(sql).fetchall()


def test_the_first_admin_is_made_once_and_the_pin_is_kept_only_as_a_slow_hash(
    data_dir: Path,
    clock,
) -> None:
    station = open_station(data_dir, console=False, clock=clock)
    try:
        assert not station.accounts.has_admin()
        with pytest.raises(ValidationFailed) as short:
            station.accounts.create_first_admin("王站长", "12", "12")
        assert "4" in str(short.value)
        with pytest.raises(ValidationFailed) as easy:
            station.accounts.create_first_admin("王站长", "1234", "1234")
        assert "1234" in str(easy.value)
        with pytest.raises(ValidationFailed):
            station.accounts.create_first_admin("王站长", ADMIN_PIN, "2581")
        actor = station.accounts.create_first_admin("王站长", ADMIN_PIN, ADMIN_PIN)
        assert actor.is_admin and station.db.duty.current == actor
        assert station.accounts.has_admin()
        with pytest.raises(ServiceError):
            station.accounts.create_first_admin("冒充者", "9753", "9753")
        ((stored,),) = _rows(station, "SELECT secret_hash FROM attendant")
        assert ADMIN_PIN not in stored
        assert stored.startswith("scrypt$32768$")
    finally:
        station.close()


def test_a_locked_admin_is_told_who_can_help_not_to_ask_the_admin(desk: Station) -> None:
    desk.accounts.sign_out()
    admin, clerk = _id(desk, "王站长"), _id(desk, "李明")
    start = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    for who in (admin, clerk):
        for attempt in range(4):
            with pytest.raises(SignInRefused):
                desk.accounts.sign_in(who, "0007", now=start + dt.timedelta(seconds=attempt))
    with pytest.raises(SignInRefused) as admins:
        desk.accounts.sign_in(admin, "0007", now=start + dt.timedelta(seconds=5))
    with pytest.raises(SignInRefused) as clerks:
        desk.accounts.sign_in(clerk, "0007", now=start + dt.timedelta(seconds=5))
    assert "锁定" in str(admins.value) and "请站长" not in str(admins.value)
    assert "另一位站长" in str(admins.value) and "reset-pin" in str(admins.value)
    assert "请站长重新设置" in str(clerks.value)


def test_wrong_pins_lock_the_name_and_the_lock_survives_a_restart(
    desk: Station, clock: FrozenClock
) -> None:
    clerk = _id(desk, "李明")
    start = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    for attempt in range(4):
        with pytest.raises(SignInRefused, match="错误"):
            desk.accounts.sign_in(clerk, "0007", now=start + dt.timedelta(seconds=attempt))
    with pytest.raises(SignInRefused, match="锁定"):
        desk.accounts.sign_in(clerk, "0007", now=start + dt.timedelta(seconds=5))
    with pytest.raises(SignInRefused, match="锁定"):  # the right PIN does not open the lock
        desk.accounts.sign_in(clerk, CLERK_PIN, now=start + dt.timedelta(seconds=30))

    desk.close()
    reopened = open_station(desk.paths.root, console=False, clock=clock)
    try:
        with pytest.raises(SignInRefused, match="锁定"):
            reopened.accounts.sign_in(clerk, CLERK_PIN, now=start + dt.timedelta(seconds=40))
        actor = reopened.accounts.sign_in(clerk, CLERK_PIN, now=start + dt.timedelta(minutes=2))
        assert actor.name == "李明" and not actor.is_admin
        failed = _rows(
            reopened,
            "SELECT count(*) FROM audit_event"
            f" WHERE action = 'account.sign_in_failed' AND attendant_id = {clerk}",
        )
        assert failed == [(5,)]
    finally:
        reopened.close()


def test_an_attendant_is_refused_every_admin_only_task_and_nothing_changes(
    desk: Station, tmp_path: Path
) -> None:
    water = desk.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    desk.inventory.receive(water, 24)
    worker = desk.workers.register(WorkerInput("老王", "sanitation", consent=True)).id
    settings_before = desk.paths.settings.read_bytes() if desk.paths.settings.exists() else b""
    _sign_in(desk, "李明", CLERK_PIN)

    refused = {
        "adjust": lambda: desk.inventory.adjust(water, -2, "盘点"),
        "discard": lambda: desk.inventory.discard(water, 1, "过期"),
        "stocktake": lambda: desk.inventory.apply_stocktake({water: 20}, "月底盘点"),
        "erase": lambda: desk.workers.erase(worker),
        "export": lambda: desk.workers.export_personal_data(worker),
        "profile": lambda: desk.station.save_profile(StationProfile("HF-LY-0012", "改名")),
        "occupation": lambda: desk.station.add_occupation("护林员"),
        "service type": lambda: desk.service_log.add_type("理发"),
        "key": lambda: desk.keyring.remove_key("ABC"),
        "settings": lambda: desk.config.change({"dedupe_minutes": 5}),
        "attendants": lambda: desk.accounts.add("赵六", Role.ADMIN, "9753", "9753"),
        "audit": lambda: desk.audit.events(AuditFilter(), 0, 10),
    }
    for task, attempt in refused.items():
        with pytest.raises(NotPermitted, match="站长"):
            attempt()
            pytest.fail(f"{task} was allowed")

    assert desk.inventory.item(water).stock == 24
    assert desk.workers.get(worker).display_name == "老王"
    assert desk.station.profile().name == "庐阳区环卫工人爱心驿站"
    assert (desk.paths.settings.read_bytes() if desk.paths.settings.exists() else b"") == (
        settings_before
    )
    # Attendant work still goes through: a check-in, a delivery.
    assert desk.checkin.anonymous("courier").visit_ids
    desk.inventory.receive(water, 6)

    _sign_in(desk, "王站长", ADMIN_PIN)
    desk.inventory.adjust(water, -2, "盘点")
    assert desk.config.change({"dedupe_minutes": 5}) == ["dedupe_minutes"]
    assert desk.inventory.item(water).stock == 28


def test_nobody_signed_in_may_not_administer_but_the_command_line_may(
    desk: Station, data_dir: Path, clock
) -> None:
    desk.accounts.sign_out()
    with pytest.raises(NotPermitted):
        desk.config.change({"dedupe_minutes": 5})
    desk.close()
    console = open_station(data_dir, clock=clock)  # the CLI: the computer's user, audited as such
    try:
        console.config.change({"dedupe_minutes": 5})
        rows = console.audit.events(AuditFilter(attendant_id=SYSTEM), 0, 10)
        assert [row.action for row in rows] == ["settings.changed"]
        assert rows[0].who == "命令行 / 软件自身"
    finally:
        console.close()


def test_an_attendant_undoes_only_their_own_entries_an_admin_anyones(desk: Station) -> None:
    water = desk.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    _sign_in(desk, "李明", CLERK_PIN)
    mine = desk.checkin.anonymous("courier").visit_ids
    delivery = desk.inventory.receive(water, 12)
    _sign_in(desk, "张华", OTHER_PIN)
    theirs = desk.checkin.anonymous("sanitation").visit_ids
    with pytest.raises(NotPermitted, match="另一位值班员"):
        desk.checkin.undo(mine)
    with pytest.raises(NotPermitted):
        desk.inventory.undo(delivery.movement_id)
    desk.checkin.undo(theirs)  # one's own: allowed
    _sign_in(desk, "王站长", ADMIN_PIN)
    desk.checkin.undo(mine)
    desk.inventory.undo(delivery.movement_id)
    assert desk.checkin.count_visits() == 0
    assert desk.inventory.item(water).stock == 0


def test_every_write_names_the_attendant_on_duty(desk: Station) -> None:
    water = desk.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    desk.inventory.receive(water, 10)
    desk.service_log.set_consumption("drinking_water", water, 1)
    clerk = _id(desk, "李明")
    _sign_in(desk, "李明", CLERK_PIN)
    (visit,) = desk.checkin.anonymous("courier").visit_ids
    desk.service_log.record(visit, "drinking_water")
    desk.workers.register(WorkerInput("老王", "sanitation", consent=True))

    assert _rows(desk, f"SELECT attendant_id FROM visit WHERE id = {visit}") == [(clerk,)]
    assert _rows(desk, "SELECT DISTINCT attendant_id FROM service_record") == [(clerk,)]
    issued = _rows(desk, "SELECT attendant_id FROM stock_movement WHERE kind = 'issue'")
    assert issued == [(clerk,)]
    events = _rows(
        desk,
        "SELECT action FROM audit_event WHERE attendant_id = "
        f"{clerk} AND action NOT LIKE 'account.%'",
    )
    assert events == [("worker.registered",)]


def test_the_audit_trail_cannot_be_rewritten(desk: Station) -> None:
    with sqlite3.connect(desk.paths.database) as conn:
        for statement in (
            "UPDATE audit_event SET attendant_id = NULL",
            "DELETE FROM audit_event",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    assert _rows(desk, "SELECT count(*) FROM audit_event WHERE attendant_id IS NULL") == [(0,)]


def test_the_admin_filters_the_trail_by_who_what_and_when(desk: Station) -> None:
    clerk = _id(desk, "李明")
    _sign_in(desk, "李明", CLERK_PIN)
    desk.workers.register(WorkerInput("老王", "sanitation", consent=True))
    _sign_in(desk, "王站长", ADMIN_PIN)

    everything = desk.audit.events(AuditFilter(), 0, 100)
    assert everything[0].action == "account.sign_in"  # newest first
    assert desk.audit.count(AuditFilter()) == len(everything)
    by_clerk = desk.audit.events(AuditFilter(attendant_id=clerk), 0, 100)
    assert {row.who for row in by_clerk} == {"李明"}
    assert [row.action_label for row in by_clerk] == ["登记来访者", "签到上岗"]
    workers = desk.audit.events(AuditFilter(group="worker"), 0, 100)
    assert [row.action for row in workers] == ["worker.registered"]
    today = desk.clock.today()
    yesterday = today - dt.timedelta(days=1)
    assert desk.audit.count(AuditFilter(first_day=today, last_day=today)) == len(everything)
    assert desk.audit.count(AuditFilter(last_day=yesterday)) == 0


def test_the_last_admin_cannot_be_demoted_or_stopped(desk: Station) -> None:
    admin = _id(desk, "王站长")
    with pytest.raises(ServiceError, match="至少"):
        desk.accounts.update(admin, name="王站长", role=Role.ATTENDANT, active=True)
    with pytest.raises(ServiceError, match="至少"):
        desk.accounts.update(admin, name="王站长", role=Role.ADMIN, active=False)
    clerk = _id(desk, "李明")
    desk.accounts.update(clerk, name="李明", role=Role.ADMIN, active=True)
    desk.accounts.update(admin, name="王站长", role=Role.ATTENDANT, active=True)
    with pytest.raises(NotPermitted):  # the signed-in admin is an attendant now
        desk.accounts.attendants()
