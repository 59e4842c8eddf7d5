"""Indexes that keep a period report's cost from growing with years of stock history.

- ``ix_stock_movement_batch_time_quantity`` on (batch_id, occurred_at, quantity): what each
  batch held at a moment is summed from the index alone. It replaces the index on batch_id
  alone, which it also serves (the foreign key checks when a visit's movements are deleted).
- ``ix_stock_movement_dated_batch`` on (item_id, occurred_at), only for the rows that are
  dated batches (an expiry date and no batch of their own): whether an item has one is a
  lookup, not a walk over every issue of it.

Only indexes change, so the table is not copied.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movement_batch_time_quantity",
            ["batch_id", "occurred_at", "quantity"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_stock_movement_batch_id"))
        batch_op.create_index(
            "ix_stock_movement_dated_batch",
            ["item_id", "occurred_at"],
            unique=False,
            sqlite_where=sa.text("batch_expiry IS NOT NULL AND batch_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_dated_batch")
        batch_op.create_index(batch_op.f("ix_stock_movement_batch_id"), ["batch_id"], unique=False)
        batch_op.drop_index("ix_stock_movement_batch_time_quantity")
