"""The dashboard: staff accounts, sessions and audit, settings, the trust bundle's tables,
validation flags, rollup tables (filled from the figures already held), the stations'
details, and batch ids kept per station.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 14:18:10.025893
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hq_station_revision",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=80), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("before", sa.String(length=400), nullable=False),
        sa.Column("after", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_station_revision")),
    )
    with op.batch_alter_table("hq_station_revision", schema=None) as batch_op:
        batch_op.create_index("ix_hq_station_revision_code", ["station_code", "at"], unique=False)

    op.create_table(
        "hq_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_audit")),
    )
    with op.batch_alter_table("hq_audit", schema=None) as batch_op:
        batch_op.create_index("ix_hq_audit_at", ["at"], unique=False)

    op.create_table(
        "hq_published_key",
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("first_published_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_hq_published_key")),
    )
    op.create_table(
        "hq_revocation",
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("card_no", sa.String(length=40), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("revoked_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("key_id", "card_no", name=op.f("pk_hq_revocation")),
    )
    op.create_table(
        "hq_setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_hq_setting")),
    )
    op.create_table(
        "hq_signing_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_hq_signing_key_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_signing_key")),
    )
    op.create_table(
        "hq_trust_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_hq_trust_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_trust_state")),
    )
    op.create_table(
        "hq_user",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_user")),
        sa.UniqueConstraint("name", name=op.f("uq_hq_user_name")),
    )
    op.create_table(
        "hq_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("params", sa.String(length=1000), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_code"], ["hq_station.code"], name=op.f("fk_hq_flag_station_code_hq_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_flag")),
    )
    with op.batch_alter_table("hq_flag", schema=None) as batch_op:
        batch_op.create_index("ix_hq_flag_day", ["date", "station_code"], unique=False)

    op.create_table(
        "hq_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["hq_user.id"],
            name=op.f("fk_hq_session_user_id_hq_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_hq_session")),
    )
    op.create_table(
        "hq_roll_district_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("dimension", sa.String(length=200), nullable=False),
        sa.Column("value_hi", sa.BigInteger(), nullable=False),
        sa.Column("value_lo", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "district", "metric", "dimension", name=op.f("pk_hq_roll_district_day")
        ),
    )
    with op.batch_alter_table("hq_roll_district_day", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hq_roll_district_day_metric", ["metric", "dimension", "day"], unique=False
        )

    op.create_table(
        "hq_roll_station",
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("last_contact", sa.DateTime(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("station_code", name=op.f("pk_hq_roll_station")),
    )
    op.create_table(
        "hq_roll_station_day",
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("first_received_at", sa.DateTime(), nullable=False),
        sa.Column("visits_hi", sa.BigInteger(), nullable=False),
        sa.Column("visits_lo", sa.BigInteger(), nullable=False),
        sa.Column("visits_card_hi", sa.BigInteger(), nullable=False),
        sa.Column("visits_card_lo", sa.BigInteger(), nullable=False),
        sa.Column("visits_anonymous_hi", sa.BigInteger(), nullable=False),
        sa.Column("visits_anonymous_lo", sa.BigInteger(), nullable=False),
        sa.Column("distinct_workers_hi", sa.BigInteger(), nullable=False),
        sa.Column("distinct_workers_lo", sa.BigInteger(), nullable=False),
        sa.Column("new_registrations_hi", sa.BigInteger(), nullable=False),
        sa.Column("new_registrations_lo", sa.BigInteger(), nullable=False),
        sa.Column("union_members_hi", sa.BigInteger(), nullable=False),
        sa.Column("union_members_lo", sa.BigInteger(), nullable=False),
        sa.Column("wants_to_join_hi", sa.BigInteger(), nullable=False),
        sa.Column("wants_to_join_lo", sa.BigInteger(), nullable=False),
        sa.Column("services_hi", sa.BigInteger(), nullable=False),
        sa.Column("services_lo", sa.BigInteger(), nullable=False),
        sa.Column("items_issued_hi", sa.BigInteger(), nullable=False),
        sa.Column("items_issued_lo", sa.BigInteger(), nullable=False),
        sa.Column("stock_level_hi", sa.BigInteger(), nullable=False),
        sa.Column("stock_level_lo", sa.BigInteger(), nullable=False),
        sa.Column("overdue_loans_hi", sa.BigInteger(), nullable=False),
        sa.Column("overdue_loans_lo", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("station_code", "day", name=op.f("pk_hq_roll_station_day")),
    )
    with op.batch_alter_table("hq_roll_station_day", schema=None) as batch_op:
        batch_op.create_index("ix_hq_roll_station_day_day", ["day", "station_code"], unique=False)

    op.create_table(
        "hq_roll_station_month",
        sa.Column("station_code", sa.String(length=40), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("arrivals", sa.String(length=31), nullable=False),
        sa.PrimaryKeyConstraint("station_code", "month", name=op.f("pk_hq_roll_station_month")),
    )
    with op.batch_alter_table("hq_roll_station_month", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hq_roll_station_month_month", ["month", "station_code"], unique=False
        )

    with op.batch_alter_table("hq_station", schema=None) as batch_op:
        # The stations registered before get empty details and stay in service.
        for name, length in (("address", 300), ("opening_hours", 200)):
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )
        batch_op.add_column(sa.Column("opened_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("closed_weekdays", sa.String(length=7), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    # The models set these values themselves: the defaults were only for the rows above.
    with op.batch_alter_table("hq_station", schema=None) as batch_op:
        for name in ("address", "opening_hours", "closed_weekdays", "active"):
            batch_op.alter_column(name, server_default=None)

    # A batch id is its station's: the primary key becomes (station, batch id), and the
    # figures refer to their batch by both. The old reference goes first, as it leans on
    # the old key.
    with op.batch_alter_table("hq_value", schema=None) as batch_op:
        batch_op.drop_constraint("fk_hq_value_batch_id_hq_batch", type_="foreignkey")
    with op.batch_alter_table("hq_batch", schema=None) as batch_op:
        batch_op.drop_constraint("pk_hq_batch", type_="primary")
        batch_op.create_primary_key("pk_hq_batch", ["station_code", "batch_id"])
    with op.batch_alter_table("hq_value", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_hq_value_station_code_hq_batch",
            "hq_batch",
            ["station_code", "batch_id"],
            ["station_code", "batch_id"],
        )

    # The rollups of the figures HQ already holds. They are derived data (the code that
    # keeps them as batches arrive also makes them from scratch), so this revision fills
    # them with that code rather than with a copy of it frozen here.
    from station_app.hq.figures.rollups import rebuild_rollups

    rebuild_rollups(op.get_bind())


def downgrade() -> None:
    op.drop_table("hq_station_revision")
    with op.batch_alter_table("hq_value", schema=None) as batch_op:
        batch_op.drop_constraint("fk_hq_value_station_code_hq_batch", type_="foreignkey")
    with op.batch_alter_table("hq_batch", schema=None) as batch_op:
        batch_op.drop_constraint("pk_hq_batch", type_="primary")
        batch_op.create_primary_key("pk_hq_batch", ["batch_id"])
    with op.batch_alter_table("hq_value", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_hq_value_batch_id_hq_batch", "hq_batch", ["batch_id"], ["batch_id"]
        )

    with op.batch_alter_table("hq_station", schema=None) as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("closed_weekdays")
        batch_op.drop_column("opened_on")
        batch_op.drop_column("opening_hours")
        batch_op.drop_column("address")

    with op.batch_alter_table("hq_roll_station_month", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_roll_station_month_month")

    op.drop_table("hq_roll_station_month")
    with op.batch_alter_table("hq_roll_station_day", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_roll_station_day_day")

    op.drop_table("hq_roll_station_day")
    op.drop_table("hq_roll_station")
    with op.batch_alter_table("hq_roll_district_day", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_roll_district_day_metric")

    op.drop_table("hq_roll_district_day")
    op.drop_table("hq_session")
    with op.batch_alter_table("hq_flag", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_flag_day")

    op.drop_table("hq_flag")
    op.drop_table("hq_user")
    op.drop_table("hq_trust_state")
    op.drop_table("hq_signing_key")
    op.drop_table("hq_setting")
    op.drop_table("hq_revocation")
    op.drop_table("hq_published_key")
    with op.batch_alter_table("hq_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_hq_audit_at")

    op.drop_table("hq_audit")
