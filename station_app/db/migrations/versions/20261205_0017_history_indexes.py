"""Two indexes that keep the weekly report and the daily summaries from growing with years
of history.

- ``ix_audit_event_action_at`` on (action, at), in place of ``ix_audit_event_action``: the
  opening-hours section asks when the station was first signed in to; with the time beside
  the action that is a seek or two, not a walk through every sign-in of the years. Every
  look-up by action alone is served by the new index as well.
- ``ix_activity_item_activity_id``: the kit handed out at a day's or a week's activities was
  found by reading every activity's items.

Only indexes change, so no table is copied.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_event_action_at", "audit_event", ["action", "at"], unique=False)
    op.drop_index("ix_audit_event_action", table_name="audit_event")
    op.create_index("ix_activity_item_activity_id", "activity_item", ["activity_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_activity_item_activity_id", table_name="activity_item")
    op.create_index("ix_audit_event_action", "audit_event", ["action"], unique=False)
    op.drop_index("ix_audit_event_action_at", table_name="audit_event")
