"""Ids never reused: the tables whose rows can be deleted become AUTOINCREMENT.

Without AUTOINCREMENT SQLite gives a new row the largest id in the table plus one, so after
the newest visit is undone the next check-in gets its id, and the audit entry "visit undone
N" names a living visit. The same holds for service records (removed), stock movements and
loans (deleted with an undone visit) and outbox batches (a newer revision replaces one not
yet delivered, and a delivery in progress finds its row again by id).

- ``visit``, ``service_record``, ``stock_movement``, ``loan`` and ``outbox_batch`` are copied
  into tables declared AUTOINCREMENT. Every row keeps its id, so every reference to it (other
  rows, the audit trail, ``stock_balance``) still names the same row.
- ``sqlite_sequence`` starts each of them past the largest id still there and past any id the
  audit trail names for that table (and, for ``stock_movement``, any batch ``stock_balance``
  knows): an id deleted before this revision and named nowhere cannot be known.
- The batch copy of ``stock_movement`` drops its triggers with the old table: the three
  ``stock_balance_after_*`` triggers of revision 0008 are created again (copied here, as
  migrations are frozen). ``audit_event`` is not copied (nothing deletes its rows), so its
  append-only triggers stay as they are.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Each table and the ``audit_event.entity`` its ids are recorded under.
TABLES = {
    "visit": "visit",
    "service_record": "service_record",
    "stock_movement": "stock_movement",
    "loan": "loan",
    "outbox_batch": "outbox_batch",
}


def _key(row: str) -> str:
    """The batch a movement's quantity counts towards (``row`` is NEW or OLD), as in 0008."""
    return (
        f"CASE WHEN {row}.batch_id IS NOT NULL THEN {row}.batch_id"
        f" WHEN {row}.quantity > 0 THEN {row}.id ELSE 0 END"
    )


def _add(row: str, sign: str) -> str:
    return (
        "INSERT INTO stock_balance (item_id, batch_key, quantity)"
        f" VALUES ({row}.item_id, {_key(row)}, {sign}{row}.quantity)"
        " ON CONFLICT (item_id, batch_key)"
        " DO UPDATE SET quantity = quantity + excluded.quantity;"
    )


STOCK_BALANCE_TRIGGERS = {
    "stock_balance_after_insert": ("AFTER INSERT", [_add("NEW", "")]),
    "stock_balance_after_delete": ("AFTER DELETE", [_add("OLD", "-")]),
    "stock_balance_after_update": (
        "AFTER UPDATE OF quantity, batch_id, item_id",
        [_add("OLD", "-"), _add("NEW", "")],
    ),
}


def _create_stock_balance_triggers() -> None:
    for name, (when, statements) in STOCK_BALANCE_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(
            f"CREATE TRIGGER {name} {when} ON stock_movement FOR EACH ROW"
            f" BEGIN {' '.join(statements)} END"
        )


def _copy(table: str, *, autoincrement: bool) -> None:
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def _floor(table: str, entity: str) -> str:
    """SQL for the largest id ``table`` has used as far as the file can tell."""
    named = (
        "SELECT max(CAST(entity_id AS INTEGER)) FROM audit_event"
        f" WHERE entity = '{entity}' AND entity_id != '' AND entity_id NOT GLOB '*[^0-9]*'"
    )
    candidates = [f"(SELECT max(id) FROM {table})", f"({named})"]
    if table == "stock_movement":
        candidates.append("(SELECT max(batch_key) FROM stock_balance)")
    return "max(" + ", ".join(f"coalesce({c}, 0)" for c in candidates) + ")"


def upgrade() -> None:
    for table, entity in TABLES.items():
        _copy(table, autoincrement=True)
        if table == "stock_movement":
            _create_stock_balance_triggers()
        # The copy put the largest id still there into sqlite_sequence (no row when the
        # table is empty); the audit trail may know of a larger one.
        op.execute(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
        op.execute(
            f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', {_floor(table, entity)}"
        )


def downgrade() -> None:
    for table in TABLES:
        _copy(table, autoincrement=False)
        if table == "stock_movement":
            _create_stock_balance_triggers()
