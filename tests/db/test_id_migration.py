"""Revision 0010: ids are never reused, and upgrading keeps every id, reference and trigger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from station_app.app import open_station
from station_app.config.paths import DataPaths
from station_app.db.engine import make_engine
from station_app.db.migrate import upgrade
from station_app.db.models import Base

AT = "2026-05-01 02:30:00.000000"
# The tables a row can be deleted from, each with the first id a new row may take after the
# upgrade below: past the largest id left in it and past any id the audit trail names.
NEXT_IDS = {"visit": 16, "service_record": 31, "stock_movement": 21, "loan": 9, "outbox_batch": 7}
TRIGGERS = {
    "stock_balance_after_insert",
    "stock_balance_after_delete",
    "stock_balance_after_update",
    "audit_event_no_update",
    "audit_event_no_delete",
}


def _database_at_0009_with_gaps(data_dir: Path) -> Path:
    """A station at revision 0009 whose tables had rows deleted (ids with gaps)."""
    paths = DataPaths(data_dir)
    paths.ensure()
    engine = make_engine(paths.database)
    upgrade(engine, "0009")
    engine.dispose()
    statements = [
        "INSERT INTO station_profile VALUES (1, 'HF-LY-0007', '老站', '', '', '', :t, :t)",
        "INSERT INTO worker (id, display_name, occupation_code, employer, union_member,"
        " wants_to_join, active, created_at) VALUES (1, '老王', 'sanitation', '', 0, 0, 1, :t)",
        "INSERT INTO card (id, card_no, worker_id, issuer_key_id, issued_on, revoke_reason,"
        " occupation_code) VALUES (2, 'HF-LY-0007-000002', 1, 'abcdefgh', '2026-05-01', '',"
        " 'sanitation')",
        "INSERT INTO visit (id, checked_in_at, source, occupation_code, worker_id, card_id)"
        " VALUES (3, :t, 'card', 'sanitation', 1, 2), (7, :t, 'anonymous', 'courier', NULL,"
        " NULL), (12, :t, 'card', 'sanitation', 1, 2)",
        "INSERT INTO inventory_item (id, name, category, unit, min_stock, target_stock,"
        " lendable, unit_value_fen, active) VALUES (1, '矿泉水', 'drinks', '瓶', 0, 0, 1, 0, 1)",
        "INSERT INTO stock_movement (id, item_id, kind, quantity, occurred_at, batch_expiry,"
        " donor, reason, visit_id, reverses_id, batch_id, part_of_id) VALUES"
        " (1, 1, 'receive', 10, :t, '2027-01-01', '', '', NULL, NULL, NULL, NULL),"
        " (4, 1, 'issue', -1, :t, NULL, '', '', 7, NULL, 1, NULL),"
        " (11, 1, 'issue', -2, :t, NULL, '', '', 12, NULL, 1, NULL),"
        " (13, 1, 'issue', -1, :t, NULL, '', '', 12, NULL, 1, 11),"
        " (17, 1, 'reversal', 1, :t, NULL, '', '', NULL, 4, 1, NULL),"
        " (20, 1, 'lend', -1, :t, NULL, '', '', NULL, NULL, 1, NULL)",
        "INSERT INTO service_record (id, visit_id, service_type_id, quantity, recorded_at,"
        " stock_movement_id) VALUES (2, 7, 6, 1, :t, 4), (9, 12, 6, 2, :t, 11)",
        "INSERT INTO loan (id, item_id, worker_id, deposit_note, lent_at, due_at,"
        " lend_movement_id) VALUES (5, 1, 1, '', :t, :t, 20)",
        "INSERT INTO outbox_batch (id, day, revision, batch_id, sha256, csv, manifest, status,"
        " created_at, attempts, last_error) VALUES (6, '2026-04-30', 1, 'b-6', '', x'00', '{}',"
        " 'pending', :t, 0, '')",
        # What the trail says was deleted before the upgrade: the newest visit (15), a service
        # record (30) and a loan (8), beyond the largest ids left in their tables.
        "INSERT INTO audit_event (at, action, entity, entity_id, detail) VALUES"
        " (:t, 'visit.undone', 'visit', '15', ''),"
        " (:t, 'service_removed', 'service_record', '30', ''),"
        " (:t, 'item_lent', 'loan', '8', ''),"
        " (:t, 'station.profile_saved', 'station_profile', 'HF-LY-0007', '')",
    ]
    with sqlite3.connect(paths.database) as conn:
        for statement in statements:
            conn.execute(statement, {"t": AT})
    return paths.database


def _contents(
    database: Path, widths: dict[str, int] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(database) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT IN ('alembic_version', 'sqlite_sequence')"
            )
        ]
        # The columns a later revision adds come last: ``widths`` keeps those there before,
        # and leaves out the tables a later revision adds.
        if widths is not None:
            tables = [table for table in tables if table in widths]
        return {
            table: [
                row[: (widths or {}).get(table, len(row))]
                for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            ]
            for table in tables
        }


def _widths(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {
            name: len(conn.execute(f'PRAGMA table_info("{name}")').fetchall()) for (name,) in tables
        }


def test_upgrading_keeps_every_id_and_reference_and_never_reuses_one(data_dir: Path) -> None:
    # Given a station at revision 0009 with gaps in its ids
    database = _database_at_0009_with_gaps(data_dir)
    before, widths = _contents(database), _widths(database)

    # When the app starts on it (and upgrades it)
    station = open_station(data_dir)
    try:
        assert station.upgrade.from_revision == "0009"
        # Then every row kept its id and every reference (foreign keys, the stock balance)
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            sql = dict(
                conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
            )
            triggers = {
                name
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            }
            sequence = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        assert _contents(database, widths) == before
        for table in NEXT_IDS:
            assert "AUTOINCREMENT" in sql[table], table
        # …the triggers the copied tables lost are there again…
        assert triggers >= TRIGGERS
        # …and new rows start past every id used, even those only the audit trail knows
        assert {table: seq + 1 for table, seq in sequence.items()} == NEXT_IDS

        visits = station.checkin.anonymous("courier", 1)
        assert visits.visit_ids == (NEXT_IDS["visit"],)
        station.inventory.issue(1, 2)
        with station.db.engine.connect() as conn:
            issued = conn.execute(text("SELECT max(id) FROM stock_movement")).scalar_one()
            held = conn.execute(text("SELECT quantity FROM stock_balance WHERE batch_key = 1"))
            assert issued == NEXT_IDS["stock_movement"]
            # 10 received, 1 + 2 + 1 issued, 1 put back, 1 lent, 2 issued now
            assert held.scalar_one() == 4
            with pytest.raises(DatabaseError, match="append-only"):
                conn.execute(text("DELETE FROM audit_event"))
    finally:
        station.close()


def test_a_new_database_declares_the_same_tables_autoincrement_as_a_migrated_one(
    station, tmp_path: Path
) -> None:
    # Alembic's comparison of models and migrations does not look at AUTOINCREMENT.
    engine = make_engine(tmp_path / "from-models.sqlite3")
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()

    def autoincrement(database: Path) -> set[str]:
        with sqlite3.connect(database) as conn:
            return {
                name
                for name, sql in conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                )
                if "AUTOINCREMENT" in sql
            }

    assert autoincrement(tmp_path / "from-models.sqlite3") == set(NEXT_IDS)
    assert autoincrement(station.paths.database) == set(NEXT_IDS)
