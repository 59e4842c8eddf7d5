"""Visits keep what they are counted by: ``visit.visitor_key``, ``came_with_card``,
``member_at_visit``, ``wanting_at_visit``.

Erasing a worker unlinks their visits (worker and card) and marks them anonymous, so the
period figures counted through those links (distinct workers, union members, card or
anonymous) changed for every past week. These columns hold the counting facts themselves,
nothing personal: an opaque number that is the same for the same worker, whether the visit
came with a card, and the worker's union flags as they were at the visit. A trigger fills
them for every visit written, by whatever writes it, and nothing clears them. Existing
visits are filled from what the database holds now (visits already unlinked by an erasure
stay as they are).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_FILL = (
    "UPDATE visit SET visitor_key = {new}worker_id,"
    " came_with_card = ({new}source != 'anonymous'),"
    " member_at_visit = coalesce((SELECT union_member FROM worker"
    "  WHERE worker.id = {new}worker_id), 0),"
    " wanting_at_visit = coalesce((SELECT wants_to_join FROM worker"
    "  WHERE worker.id = {new}worker_id), 0)"
)


def upgrade() -> None:
    # Added in place (ALTER TABLE ADD COLUMN): the table keeps its AUTOINCREMENT.
    op.add_column("visit", sa.Column("visitor_key", sa.Integer(), nullable=True))
    for flag in ("came_with_card", "member_at_visit", "wanting_at_visit"):
        op.add_column(
            "visit", sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(_FILL.format(new="visit."))
    op.execute(
        "CREATE TRIGGER visit_counting_after_insert AFTER INSERT ON visit FOR EACH ROW"
        f" BEGIN {_FILL.format(new='NEW.')} WHERE id = NEW.id; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS visit_counting_after_insert")
    for column in ("wanting_at_visit", "member_at_visit", "came_with_card", "visitor_key"):
        op.drop_column("visit", column)
