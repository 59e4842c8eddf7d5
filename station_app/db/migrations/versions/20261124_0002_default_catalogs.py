"""Default occupation categories and service types.

Names are the English msgids; the app shows them through the zh_CN catalog. The lists are
frozen here as they were at this revision, so later edits to the app's defaults never
change what this migration did.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OCCUPATIONS = [
    ("sanitation", "Sanitation worker"),
    ("courier", "Courier"),
    ("delivery_rider", "Food-delivery rider"),
    ("taxi_driver", "Ride-hailing/taxi driver"),
    ("truck_driver", "Truck driver"),
    ("domestic_worker", "Domestic worker"),
    ("construction", "Construction worker"),
    ("traffic_warden", "Traffic police/warden"),
    ("security_guard", "Security guard"),
    ("other", "Other outdoor worker"),
]

SERVICE_TYPES = [
    ("hot_water", "Hot water"),
    ("microwave", "Meal heating"),
    ("phone_charging", "Phone charging"),
    ("rest_cooling", "Rest and cooling"),
    ("warming", "Warming up"),
    ("drinking_water", "Drinking water"),
    ("toilet", "Toilet"),
    ("first_aid", "First-aid medicine"),
    ("reading", "Books and reading"),
    ("repair_tools", "Repair tools"),
    ("legal_advice", "Legal advice"),
]

occupation = sa.table(
    "occupation",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("builtin", sa.Boolean),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
)
service_type = sa.table(
    "service_type",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("builtin", sa.Boolean),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
    sa.column("consumes_quantity", sa.Integer),
)


def upgrade() -> None:
    op.bulk_insert(
        occupation,
        [
            {"code": c, "name": n, "builtin": True, "sort_order": i, "active": True}
            for i, (c, n) in enumerate(OCCUPATIONS)
        ],
    )
    op.bulk_insert(
        service_type,
        [
            {
                "code": c,
                "name": n,
                "builtin": True,
                "sort_order": i,
                "active": True,
                "consumes_quantity": 0,
            }
            for i, (c, n) in enumerate(SERVICE_TYPES)
        ],
    )


def downgrade() -> None:
    op.execute(service_type.delete().where(service_type.c.code.in_([c for c, _ in SERVICE_TYPES])))
    op.execute(occupation.delete().where(occupation.c.code.in_([c for c, _ in OCCUPATIONS])))
