"""An index that keeps an issue's cost from growing with years of stock history.

- ``ix_stock_movement_unbatched`` on (item_id, quantity, batch_expiry), only for the rows
  that name no batch: an item's batches (quantity > 0) with their expiry, and the take-outs
  written before batches were tracked (quantity < 0), are read from it alone. Without it,
  finding either walked every issue of the item to look at its batch_id.

Only an index changes, so the table is not copied.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movement_unbatched",
            ["item_id", "quantity", "batch_expiry"],
            unique=False,
            sqlite_where=sa.text("batch_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_unbatched")
