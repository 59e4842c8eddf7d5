"""Workers' feedback: ``feedback`` holds the suggestions HQ's public page received for this
station and the feedback given here in person, with what the attendant did about each and
which change HQ has accepted; ``feedback_exchange_state`` when the last exchange went
through, or why it did not.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("action", sa.String(length=500), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("sent_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["attendant.id"], name=op.f("fk_feedback_answered_by_id_attendant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_answered_at", ["answered_at"], unique=False)
        batch_op.create_index("ix_feedback_received_at", ["received_at"], unique=False)
    op.create_table(
        "feedback_exchange_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchanged_at", sa.DateTime(), nullable=True),
        sa.Column("problem", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_exchange_state")),
    )


def downgrade() -> None:
    op.drop_table("feedback_exchange_state")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_received_at")
        batch_op.drop_index("ix_feedback_answered_at")
    op.drop_table("feedback")
