"""The audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class AuditEvent(Base):
    """Append-only (triggers of revision 0009 refuse UPDATE and DELETE): who did what, when.

    ``attendant_id`` None means the command line or the app itself (a scheduled task). The
    detail never holds personal data, so erasing a worker leaves the trail whole.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_attendant_at", "attendant_id", "at"),
        # The first sign-in ever (opening hours) is a seek, not a walk through years of them.
        Index("ix_audit_event_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
