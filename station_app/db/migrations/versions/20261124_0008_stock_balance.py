"""What each batch holds now, kept by the database, so an issue costs the same in year five.

- ``stock_balance``: one row per (item, batch key) with the sum of the journal's rows of
  that key. The key is the row's ``batch_id``; for a batch itself (no ``batch_id``,
  quantity > 0) its own id; for a take-out that names no batch (rows from before revision
  0004, and the demo's), 0. An item's stock is the sum of its rows here, a batch's
  remainder its row: no longer a sum over every issue the item ever had.
- Triggers on ``stock_movement`` (after insert, delete, and update of quantity, batch_id or
  item_id) add each row's quantity to its key, or take it away, in the statement that
  writes the row. Every writer is covered (the journal, the demo's bulk insert, a visit's
  undo that deletes its movements, a script with ``sqlite3``), so the balance cannot drift
  from the journal, which stays the truth.
- ``ix_stock_balance_held``: the rows that hold something (quantity ≠ 0), with their
  quantity, so an issue reads an item's few live batches, not every batch it emptied.
- The table is filled from the rows already there.

The triggers live only here, not on the models: a later batch migration of
``stock_movement`` copies the table and drops the old one, which drops these triggers, so
it must create them again (see ``docs/architecture.md``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _key(row: str) -> str:
    """The batch a movement's quantity counts towards (``row`` is NEW or OLD)."""
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


TRIGGERS = {
    "stock_balance_after_insert": ("AFTER INSERT", [_add("NEW", "")]),
    "stock_balance_after_delete": ("AFTER DELETE", [_add("OLD", "-")]),
    "stock_balance_after_update": (
        "AFTER UPDATE OF quantity, batch_id, item_id",
        [_add("OLD", "-"), _add("NEW", "")],
    ),
}


def upgrade() -> None:
    op.create_table(
        "stock_balance",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("batch_key", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", "batch_key", name=op.f("pk_stock_balance")),
    )
    with op.batch_alter_table("stock_balance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_balance_held",
            ["item_id", "batch_key", "quantity"],
            unique=False,
            sqlite_where=sa.text("quantity != 0"),
        )
    for name, (when, statements) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} {when} ON stock_movement FOR EACH ROW"
            f" BEGIN {' '.join(statements)} END"
        )
    op.execute(
        "INSERT INTO stock_balance (item_id, batch_key, quantity)"
        " SELECT item_id, batch_key, sum(quantity) FROM"
        " (SELECT item_id, CASE WHEN batch_id IS NOT NULL THEN batch_id"
        "  WHEN quantity > 0 THEN id ELSE 0 END AS batch_key, quantity FROM stock_movement)"
        " GROUP BY item_id, batch_key"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("stock_balance", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_balance_held")
    op.drop_table("stock_balance")
