"""Workers' feedback: ratings and suggestions from the workers' page and from the stations.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hq_suggestion",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("action", sa.String(length=500), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_hq_suggestion_rating_range")
        ),
        sa.CheckConstraint(
            "source IN ('web', 'in_person')", name=op.f("ck_hq_suggestion_source_known")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'answered')", name=op.f("ck_hq_suggestion_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["station_code"],
            ["hq_station.code"],
            name=op.f("fk_hq_suggestion_station_code_hq_station"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_suggestion")),
    )
    with op.batch_alter_table("hq_suggestion", schema=None) as batch_op:
        batch_op.create_index("ix_hq_suggestion_client", ["client_key"], unique=False)
        batch_op.create_index(
            "ix_hq_suggestion_station", ["station_code", "received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("hq_suggestion", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_suggestion_station")
        batch_op.drop_index("ix_hq_suggestion_client")
    op.drop_table("hq_suggestion")
