"""Stock batches: which batch each movement out of stock took from (FEFO), and the parts
of one issue that spans several batches.

- ``stock_movement.batch_id``: the receive (or adjustment up) whose batch an issue, lend,
  discard or adjustment down took from, or a return or reversal put back into. Rows written
  before this revision have none: the app takes those from the earliest-expiring batches
  when it works out what each batch holds, which is what the demo data did.
- ``stock_movement.part_of_id``: the first row of the same operation.
- An index on (item_id, quantity), so stock per item is summed from the index alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("part_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_stock_movement_batch_id_stock_movement"),
            "stock_movement",
            ["batch_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_stock_movement_part_of_id_stock_movement"),
            "stock_movement",
            ["part_of_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_stock_movement_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movement_part_of_id"), ["part_of_id"], unique=False
        )
        batch_op.create_index(
            "ix_stock_movement_item_quantity", ["item_id", "quantity"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_item_quantity")
        batch_op.drop_index(batch_op.f("ix_stock_movement_part_of_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movement_batch_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_stock_movement_part_of_id_stock_movement"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_stock_movement_batch_id_stock_movement"), type_="foreignkey"
        )
        batch_op.drop_column("part_of_id")
        batch_op.drop_column("batch_id")
