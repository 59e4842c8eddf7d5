"""Activities and campaigns: ``activity_type`` (the built-in list, which a station may extend),
``activity`` with its participants per occupation and the items it handed out from stock, and
``campaign`` (a named period) with its kit items.

The items an activity handed out are ordinary issues in ``stock_movement``;
``activity_item`` names the first row of each.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Frozen as they were at this revision; the names are English msgids.
ACTIVITY_TYPES = [
    ("legal_advice", "Legal advice"),
    ("health_check", "Health check"),
    ("haircut", "Free haircut"),
    ("union_drive", "Union membership drive"),
    ("summer_cooling", "Summer cooling (送清凉)"),
    ("winter_warmth", "Winter warmth (送温暖)"),
]


def upgrade() -> None:
    activity_type = op.create_table(
        "activity_type",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_activity_type")),
    )
    op.bulk_insert(
        activity_type,
        [
            {"code": code, "name": name, "builtin": True, "sort_order": n}
            for n, (code, name) in enumerate(ACTIVITY_TYPES)
        ],
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("type_code", sa.String(length=32), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("attendant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["type_code"], ["activity_type.code"], name=op.f("fk_activity_type_code_activity_type")
        ),
        sa.ForeignKeyConstraint(
            ["attendant_id"], ["attendant.id"], name=op.f("fk_activity_attendant_id_attendant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_held_on"), ["held_on"], unique=False)
    op.create_table(
        "activity_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("occupation_code", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_participant_activity_id_activity"),
        ),
        sa.ForeignKeyConstraint(
            ["occupation_code"],
            ["occupation.code"],
            name=op.f("fk_activity_participant_occupation_code_occupation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_participant")),
        sa.UniqueConstraint(
            "activity_id", "occupation_code", name=op.f("uq_activity_participant_activity_id")
        ),
    )
    op.create_table(
        "activity_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_activity_item_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["inventory_item.id"], name=op.f("fk_activity_item_item_id_inventory_item")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movement.id"],
            name=op.f("fk_activity_item_movement_id_stock_movement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_item")),
    )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("name", name=op.f("uq_campaign_name")),
    )
    op.create_table(
        "campaign_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_item_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["inventory_item.id"], name=op.f("fk_campaign_item_item_id_inventory_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_item")),
        sa.UniqueConstraint("campaign_id", "item_id", name=op.f("uq_campaign_item_campaign_id")),
    )


def downgrade() -> None:
    op.drop_table("campaign_item")
    op.drop_table("campaign")
    op.drop_table("activity_item")
    op.drop_table("activity_participant")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_held_on"))
    op.drop_table("activity")
    op.drop_table("activity_type")
