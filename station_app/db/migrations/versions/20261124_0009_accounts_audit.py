"""Attendant accounts and an audit trail that cannot be rewritten.

- ``attendant``: names are unique (a sign-in picks a name); ``failed_attempts`` and
  ``locked_until`` keep the lock after wrong PINs in the file, so a restart does not lift it.
- ``service_record.attendant_id``: who recorded the service (a visit's services can be
  added or corrected by another attendant than the one who checked it in).
- ``audit_event``: indexes for the admin's filters (by attendant and time, by action), and
  triggers that refuse UPDATE and DELETE: the trail is append-only for every writer,
  the app, a script with ``sqlite3`` or a later bug. Like the stock balance triggers
  (0008), a later batch migration of ``audit_event`` must create them again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

APPEND_ONLY = {
    "audit_event_no_update": "BEFORE UPDATE",
    "audit_event_no_delete": "BEFORE DELETE",
}


def upgrade() -> None:
    with op.batch_alter_table("attendant", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_attendant_name"), ["name"])
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attendant_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_service_record_attendant_id_attendant"),
            "attendant",
            ["attendant_id"],
            ["id"],
        )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_attendant_at", ["attendant_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"], unique=False)
    for name, when in APPEND_ONLY.items():
        op.execute(
            f"CREATE TRIGGER {name} {when} ON audit_event FOR EACH ROW"
            " BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def downgrade() -> None:
    for name in APPEND_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))
        batch_op.drop_index("ix_audit_event_attendant_at")
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_service_record_attendant_id_attendant"), type_="foreignkey"
        )
        batch_op.drop_column("attendant_id")
    with op.batch_alter_table("attendant", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_attendant_name"), type_="unique")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_attempts")
