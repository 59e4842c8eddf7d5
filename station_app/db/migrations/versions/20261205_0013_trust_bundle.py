"""``trust_bundle_state``: the headquarters trust bundle the station applied last.

Each sync applies HQ's signed bundle (trusted issuer keys and withdrawn cards) and keeps its
number here, so an older bundle is refused and nothing is applied twice.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trust_bundle_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("hq_key_id", sa.String(length=8), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("problem", sa.String(length=500), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_trust_bundle_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trust_bundle_state")),
    )


def downgrade() -> None:
    op.drop_table("trust_bundle_state")
