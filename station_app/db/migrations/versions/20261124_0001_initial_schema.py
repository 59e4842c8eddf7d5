"""Initial schema: every table the station knows of in version 0.1.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 18:00:50.815239
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attendant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendant")),
    )
    op.create_table(
        "inventory_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=True),
        sa.Column("min_stock", sa.Integer(), nullable=False),
        sa.Column("target_stock", sa.Integer(), nullable=False),
        sa.Column("lendable", sa.Boolean(), nullable=False),
        sa.Column("unit_value_fen", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_item")),
        sa.UniqueConstraint("barcode", name=op.f("uq_inventory_item_barcode")),
    )
    op.create_table(
        "occupation",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_occupation")),
    )
    op.create_table(
        "station_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("opening_hours", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_station_profile_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_profile")),
    )
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
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("attendant_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendant_id"], ["attendant.id"], name=op.f("fk_audit_event_attendant_id_attendant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)

    op.create_table(
        "service_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("consumes_item_id", sa.Integer(), nullable=True),
        sa.Column("consumes_quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consumes_item_id"],
            ["inventory_item.id"],
            name=op.f("fk_service_type_consumes_item_id_inventory_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_type")),
        sa.UniqueConstraint("code", name=op.f("uq_service_type_code")),
    )
    op.create_table(
        "worker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("occupation_code", sa.String(length=32), nullable=False),
        sa.Column("employer", sa.String(length=100), nullable=False),
        sa.Column("union_member", sa.Boolean(), nullable=False),
        sa.Column("wants_to_join", sa.Boolean(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["occupation_code"],
            ["occupation.code"],
            name=op.f("fk_worker_occupation_code_occupation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker")),
    )
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_worker_occupation_code"), ["occupation_code"], unique=False
        )

    op.create_table(
        "card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("issuer_key_id", sa.String(length=32), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoke_reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_card_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card")),
        sa.UniqueConstraint("card_no", name=op.f("uq_card_card_no")),
    )
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("occupation_code", sa.String(length=32), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("attendant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attendant_id"], ["attendant.id"], name=op.f("fk_visit_attendant_id_attendant")
        ),
        sa.ForeignKeyConstraint(
            ["card_id"], ["card.id"], name=op.f("fk_visit_card_id_card"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["occupation_code"],
            ["occupation.code"],
            name=op.f("fk_visit_occupation_code_occupation"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["worker.id"],
            name=op.f("fk_visit_worker_id_worker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_card_time", ["card_id", "checked_in_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_checked_in_at"), ["checked_in_at"], unique=False)
        batch_op.create_index("ix_visit_worker_time", ["worker_id", "checked_in_at"], unique=False)

    op.create_table(
        "stock_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("batch_expiry", sa.Date(), nullable=True),
        sa.Column("donor", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("attendant_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attendant_id"],
            ["attendant.id"],
            name=op.f("fk_stock_movement_attendant_id_attendant"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_item.id"],
            name=op.f("fk_stock_movement_item_id_inventory_item"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["stock_movement.id"],
            name=op.f("fk_stock_movement_reverses_id_stock_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_stock_movement_visit_id_visit"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movement_item_time", ["item_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movement_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("deposit_note", sa.String(length=200), nullable=False),
        sa.Column("lent_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("lend_movement_id", sa.Integer(), nullable=False),
        sa.Column("return_movement_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["inventory_item.id"], name=op.f("fk_loan_item_id_inventory_item")
        ),
        sa.ForeignKeyConstraint(
            ["lend_movement_id"],
            ["stock_movement.id"],
            name=op.f("fk_loan_lend_movement_id_stock_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["return_movement_id"],
            ["stock_movement.id"],
            name=op.f("fk_loan_return_movement_id_stock_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_loan_worker_id_worker"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan")),
    )
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loan_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_loan_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loan_returned_at"), ["returned_at"], unique=False)

    op.create_table(
        "service_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("service_type_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("stock_movement_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_type_id"],
            ["service_type.id"],
            name=op.f("fk_service_record_service_type_id_service_type"),
        ),
        sa.ForeignKeyConstraint(
            ["stock_movement_id"],
            ["stock_movement.id"],
            name=op.f("fk_service_record_stock_movement_id_stock_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_service_record_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_record")),
    )
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_record_recorded_at"), ["recorded_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_record_service_type_id"), ["service_type_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_service_record_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_record_visit_id"))
        batch_op.drop_index(batch_op.f("ix_service_record_service_type_id"))
        batch_op.drop_index(batch_op.f("ix_service_record_recorded_at"))

    op.drop_table("service_record")
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loan_returned_at"))
        batch_op.drop_index(batch_op.f("ix_loan_item_id"))
        batch_op.drop_index(batch_op.f("ix_loan_due_at"))

    op.drop_table("loan")
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movement_occurred_at"))
        batch_op.drop_index("ix_stock_movement_item_time")

    op.drop_table("stock_movement")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_worker_time")
        batch_op.drop_index(batch_op.f("ix_visit_checked_in_at"))
        batch_op.drop_index("ix_visit_card_time")

    op.drop_table("visit")
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_worker_id"))

    op.drop_table("card")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_occupation_code"))
        batch_op.drop_index(batch_op.f("ix_worker_created_at"))

    op.drop_table("worker")
    op.drop_table("service_type")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))

    op.drop_table("audit_event")
    op.drop_table("sync_batch")
    op.drop_table("station_profile")
    op.drop_table("occupation")
    op.drop_table("inventory_item")
    op.drop_table("attendant")
