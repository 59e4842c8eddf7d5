"""The schema only changes through migrations, and upgrading never loses a station's data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station_app.app import open_station
from station_app.clock import FrozenClock
from station_app.config.paths import DataPaths
from station_app.db.engine import make_engine
from station_app.db.first_look import quick_head
from station_app.db.migrate import current_revision, head_revision, upgrade
from station_app.db.models import Base
from station_app.domain.errors import DatabaseProblem

FIRST_REVISION = "0001"


def test_models_and_migration_head_agree(station) -> None:
    # Given a database created purely by running every migration
    with station.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        # Then autogenerate finds nothing the models have that the migrations lack
        assert compare_metadata(context, Base.metadata) == []


def _database_at_first_revision(data_dir: Path) -> Path:
    paths = DataPaths(data_dir)
    paths.ensure()
    engine = make_engine(paths.database)
    upgrade(engine, FIRST_REVISION)
    stamp = "2026-05-01 02:30:00.000000"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO station_profile (id, code, name, district, address, opening_hours,"
                " created_at, updated_at) VALUES (1, 'HF-LY-0007', '老站', '庐阳区', '阜阳路1号',"
                " '8-18', :t, :t)"
            ),
            {"t": stamp},
        )
        conn.execute(
            text(
                "INSERT INTO occupation (code, name, builtin, sort_order, active)"
                " VALUES ('porter', '搬运工', 0, 50, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO worker (id, display_name, phone, occupation_code, employer,"
                " union_member, wants_to_join, consent_on, active, created_at)"
                " VALUES (1, '老王', '13800001234', 'porter', '', 1, 0, '2026-05-01', 1, :t)"
            ),
            {"t": stamp},
        )
        conn.execute(
            text(
                "INSERT INTO card (id, card_no, worker_id, issuer_key_id, issued_on, expires_on,"
                " revoked_at, revoke_reason) VALUES"
                " (1, 'HF-LY-0007-000001', 1, 'demo', '2026-05-01', NULL, :t, 'lost'),"
                " (2, 'HF-LY-0007-000002', 1, 'demo', '2026-05-01', NULL, NULL, '')"
            ),
            {"t": stamp},
        )
        conn.execute(
            text(
                "INSERT INTO visit (id, checked_in_at, source, occupation_code, worker_id,"
                " card_id) VALUES (1, :t, 'card', 'porter', 1, 2)"
            ),
            {"t": stamp},
        )
    engine.dispose()
    return paths.database


def test_upgrade_from_first_revision_keeps_data_and_takes_a_backup(
    data_dir: Path, clock: FrozenClock
) -> None:
    # Given a station database written by the first revision, with data in it
    database = _database_at_first_revision(data_dir)

    # When the app starts on it
    station = open_station(data_dir, clock=clock)
    try:
        # Then it was upgraded to the newest revision…
        assert station.upgrade.from_revision == FIRST_REVISION
        assert current_revision(station.db.engine) == head_revision()
        # …the data survived…
        profile = station.station.profile()
        assert profile is not None and profile.name == "老站"
        with station.db.engine.connect() as conn:
            assert conn.execute(text("SELECT display_name FROM worker")).scalar_one() == "老王"
            assert conn.execute(text("SELECT count(*) FROM visit")).scalar_one() == 1
            # …the visit still points at its card (copying the card table kept the link)…
            assert conn.execute(text("SELECT card_id FROM visit")).scalar_one() == 2
            # …each card took its worker's occupation, and the lost one is on the revoked list…
            assert conn.execute(text("SELECT DISTINCT occupation_code FROM card")).all() == [
                ("porter",)
            ]
            assert conn.execute(text("SELECT card_no, source FROM revoked_card")).all() == [
                ("HF-LY-0007-000001", "local")
            ]
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        # …the default lists arrived beside the station's own occupation…
        labels = {entry.code: entry.label for entry in station.station.occupations()}
        assert labels["porter"] == "搬运工"
        assert labels["sanitation"] == "环卫工人"
        # …and a verified copy of the old file is in the backups folder.
        backup = station.upgrade.backup
        assert backup is not None and backup.parent == station.paths.backups
    finally:
        station.close()
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            FIRST_REVISION,
        )
        assert copy.execute("SELECT name FROM station_profile").fetchone() == ("老站",)
    finally:
        copy.close()
    assert database.exists()


def test_second_start_neither_upgrades_nor_copies(data_dir: Path, clock: FrozenClock) -> None:
    open_station(data_dir, clock=clock).close()
    again = open_station(data_dir, clock=clock)
    again.close()
    assert not again.upgrade.changed
    assert again.upgrade.backup is None
    assert not again.paths.backups.exists() or list(again.paths.backups.iterdir()) == []


def test_a_database_from_a_newer_app_is_refused_untouched(
    data_dir: Path, clock: FrozenClock
) -> None:
    open_station(data_dir, clock=clock).close()
    database = DataPaths(data_dir).database
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = database.read_bytes()

    with pytest.raises(DatabaseProblem, match="更新版本"):
        open_station(data_dir, clock=clock)
    assert database.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(data_dir: Path, clock: FrozenClock) -> None:
    paths = DataPaths(data_dir)
    paths.ensure()
    with sqlite3.connect(paths.database) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseProblem, match="不是驿站数据库"):
        open_station(data_dir, clock=clock)


def test_upgrade_is_not_attempted_when_the_backup_cannot_be_written(
    data_dir: Path, clock: FrozenClock
) -> None:
    # Given an old database and a backups "folder" that is really a file (like a full disk)
    _database_at_first_revision(data_dir)
    DataPaths(data_dir).backups.write_text("not a folder")

    # When the app starts, it refuses with a message and changes nothing
    with pytest.raises(DatabaseProblem, match="升级前"):
        open_station(data_dir, clock=clock)
    engine = make_engine(DataPaths(data_dir).database)
    try:
        assert current_revision(engine) == FIRST_REVISION
    finally:
        engine.dispose()


def test_connections_use_the_safety_pragmas(station) -> None:
    with station.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_times_are_stored_as_utc_and_naive_times_are_refused(station) -> None:
    from station_app.db.models import AuditEvent
    from station_app.db.uow import UnitOfWork

    local = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with UnitOfWork(station.db) as uow:
        uow.session.add(AuditEvent(action="test", at=local))
        uow.commit()
    with station.db.engine.connect() as conn:
        stored = conn.execute(text("SELECT at FROM audit_event")).scalar_one()
    assert stored.startswith("2026-11-24 01:00:00")

    with UnitOfWork(station.db) as uow:
        uow.session.add(AuditEvent(action="naive", at=dt.datetime(2026, 11, 24, 9, 0)))
        with pytest.raises(Exception, match="naive datetime"):
            uow.commit()


def test_the_head_read_from_the_migration_files_is_alembics(station) -> None:
    # The start-up's shortcut (no Alembic when the database is at the head) must name the
    # same head Alembic does, or a database would be left un-upgraded.
    assert quick_head() == head_revision()
