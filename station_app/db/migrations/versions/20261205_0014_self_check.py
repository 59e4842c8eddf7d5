"""``self_check`` and ``self_check_item``: the admin's self-checks of the station's facilities.

Each self-check keeps its local day, when and by whom it was saved, and one row per item
(its code, whether it was there and working, a note).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "self_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("attendant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attendant_id"], ["attendant.id"], name=op.f("fk_self_check_attendant_id_attendant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_check")),
    )
    with op.batch_alter_table("self_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_check_checked_on"), ["checked_on"], unique=False)
    op.create_table(
        "self_check_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("self_check_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["self_check_id"],
            ["self_check.id"],
            name=op.f("fk_self_check_item_self_check_id_self_check"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_check_item")),
        sa.UniqueConstraint("self_check_id", "code", name=op.f("uq_self_check_item_self_check_id")),
    )


def downgrade() -> None:
    op.drop_table("self_check_item")
    with op.batch_alter_table("self_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_check_checked_on"))
    op.drop_table("self_check")
