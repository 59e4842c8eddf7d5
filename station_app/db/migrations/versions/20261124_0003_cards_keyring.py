"""Cards verifiable offline: the keyring, the revocation list, and cards from elsewhere.

- ``trusted_key``: the station's own signing key and the public keys it trusts (HQ, other
  stations); ``revoked_card``: withdrawn cards, from here or imported.
- ``card.worker_id`` may be empty (a card from HQ or another station, first seen here) and
  ``card.occupation_code`` keeps the occupation signed on the card; existing cards take
  their worker's. Card numbers may be 40 characters (a 32-character station code + serial).
- Indexes on the foreign keys that undoing a visit deletes through (stock movements,
  service records, loans), so each delete is a lookup rather than a table scan.

``db.migrate.upgrade`` turns SQLite's foreign keys off while migrating: the batch copy of
``card`` drops the old table, which would otherwise empty every ``visit.card_id``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_key",
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_trusted_key")),
    )
    op.create_table(
        "revoked_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("card_no", sa.String(length=40), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revoked_card")),
        sa.UniqueConstraint("key_id", "card_no", name="key_card"),
    )

    # The new column is filled before it becomes required: a batch copy of rows into a
    # NOT NULL column without a value would fail.
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occupation_code", sa.String(length=32), nullable=True))
        batch_op.alter_column(
            "card_no",
            existing_type=sa.String(length=32),
            type_=sa.String(length=40),
            existing_nullable=False,
        )
        batch_op.alter_column("worker_id", existing_type=sa.Integer(), nullable=True)
    op.execute(
        "UPDATE card SET occupation_code = coalesce("
        "(SELECT worker.occupation_code FROM worker WHERE worker.id = card.worker_id), 'other')"
    )
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.alter_column("occupation_code", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_card_occupation_code_occupation"),
            "occupation",
            ["occupation_code"],
            ["code"],
        )
    # Cards withdrawn before this revision join the list every scan consults.
    op.execute(
        "INSERT INTO revoked_card (key_id, card_no, revoked_at, reason, source)"
        " SELECT substr(issuer_key_id, 1, 8), card_no, revoked_at, revoke_reason, 'local'"
        " FROM card WHERE revoked_at IS NOT NULL"
    )

    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loan_lend_movement_id"), ["lend_movement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_loan_return_movement_id"), ["return_movement_id"], unique=False
        )
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_record_stock_movement_id"), ["stock_movement_id"], unique=False
        )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_movement_reverses_id"), ["reverses_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_movement_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movement_visit_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movement_reverses_id"))
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_record_stock_movement_id"))
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loan_return_movement_id"))
        batch_op.drop_index(batch_op.f("ix_loan_lend_movement_id"))

    # Revision 0002 has no place for a card without a worker: its visits keep their count
    # (they are card visits of nobody known) and the cards go.
    op.execute(
        "UPDATE visit SET card_id = NULL"
        " WHERE card_id IN (SELECT id FROM card WHERE worker_id IS NULL)"
    )
    op.execute("DELETE FROM card WHERE worker_id IS NULL")
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_card_occupation_code_occupation"), type_="foreignkey"
        )
        batch_op.alter_column("worker_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            "card_no",
            existing_type=sa.String(length=40),
            type_=sa.String(length=32),
            existing_nullable=False,
        )
        batch_op.drop_column("occupation_code")

    op.drop_table("revoked_card")
    op.drop_table("trusted_key")
