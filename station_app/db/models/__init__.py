"""All tables, imported here so Alembic's autogenerate and comparison see every one."""

from station_app.db.models.activities import (
    Activity,
    ActivityItem,
    ActivityParticipant,
    ActivityType,
    Campaign,
    CampaignItem,
)
from station_app.db.models.base import Base
from station_app.db.models.feedback import FeedbackExchangeState, FeedbackRow
from station_app.db.models.keys import RevokedCard, TrustBundleState, TrustedKey
from station_app.db.models.outbox import OutboxBatch
from station_app.db.models.people import Card, Occupation, Worker
from station_app.db.models.records import AuditEvent
from station_app.db.models.station import (
    Attendant,
    SelfCheckItemRow,
    SelfCheckRow,
    StationProfileRow,
)
from station_app.db.models.stock import InventoryItem, Loan, StockBalance, StockMovement
from station_app.db.models.visits import ServiceRecord, ServiceType, Visit

__all__ = [
    "Activity",
    "ActivityItem",
    "ActivityParticipant",
    "ActivityType",
    "Attendant",
    "AuditEvent",
    "Base",
    "Campaign",
    "CampaignItem",
    "Card",
    "FeedbackExchangeState",
    "FeedbackRow",
    "InventoryItem",
    "Loan",
    "Occupation",
    "OutboxBatch",
    "RevokedCard",
    "SelfCheckItemRow",
    "SelfCheckRow",
    "ServiceRecord",
    "ServiceType",
    "StationProfileRow",
    "StockBalance",
    "StockMovement",
    "TrustBundleState",
    "TrustedKey",
    "Visit",
    "Worker",
]
