"""HQ's tables as the first release made them (with ``create_all``, before this history).

Revision ID: 0001
Revises:
Create Date: 2026-12-05 13:19:43.447001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hq_station",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_hq_station")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_hq_station_token_hash")),
    )
    op.create_table(
        "hq_batch",
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_code"], ["hq_station.code"], name=op.f("fk_hq_batch_station_code_hq_station")
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_hq_batch")),
    )
    with op.batch_alter_table("hq_batch", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hq_batch_station_day", ["station_code", "day", "revision"], unique=False
        )

    op.create_table(
        "hq_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("dimension", sa.String(length=200), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["hq_batch.batch_id"], name=op.f("fk_hq_value_batch_id_hq_batch")
        ),
        sa.ForeignKeyConstraint(
            ["station_code"], ["hq_station.code"], name=op.f("fk_hq_value_station_code_hq_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_value")),
        sa.UniqueConstraint("station_code", "date", "metric", "dimension", name="natural_key"),
    )
    with op.batch_alter_table("hq_value", schema=None) as batch_op:
        batch_op.create_index("ix_hq_value_date_metric", ["date", "metric"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hq_value", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_value_date_metric")

    op.drop_table("hq_value")
    with op.batch_alter_table("hq_batch", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_batch_station_day")

    op.drop_table("hq_batch")
    op.drop_table("hq_station")
