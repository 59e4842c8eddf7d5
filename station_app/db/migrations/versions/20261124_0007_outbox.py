"""The outbox of daily summaries for union HQ.

- ``outbox_batch``: one revision of one closed local day, with the signed CSV and manifest
  exactly as sent, its delivery state, attempts and the last error.
- ``sync_batch`` goes: revision 0001 made room for the batches before their shape was known,
  and nothing ever wrote to it (it held no CSV, so a batch could not be re-sent from it).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("csv", sa.LargeBinary(), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_batch")),
        sa.UniqueConstraint("batch_id", name="outbox_batch_id"),
        sa.UniqueConstraint("day", "revision", name="outbox_day_revision"),
    )
    with op.batch_alter_table("outbox_batch", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_batch_status_day", ["status", "day"], unique=False)
    op.drop_table("sync_batch")


def downgrade() -> None:
    op.create_table(
        "sync_batch",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_batch")),
        sa.UniqueConstraint("day", "revision", name="day_revision"),
    )
    with op.batch_alter_table("outbox_batch", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_batch_status_day")
    op.drop_table("outbox_batch")
