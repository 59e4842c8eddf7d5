"""Workers' feedback on the station: suggestions from HQ's public page and feedback given in
person, with what the attendant did about each.

A row's ``id`` is a uuid: HQ's for a suggestion from the workers' page, the station's own for
feedback given in person, so the same id names the same entry on both sides. ``revision``
grows with every change the station makes that HQ must hear of (an answer, an in-person
entry); ``sent_revision`` is the one HQ last accepted. An entry is to send while they differ.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        # The open list and the "to send" list are read at every page load and every sync.
        Index("ix_feedback_answered_at", "answered_at"),
        Index("ix_feedback_received_at", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # domain.feedback.Source
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # or given, in person
    rating: Mapped[int | None] = mapped_column(Integer)  # 1..5, None: no rating
    text: Mapped[str] = mapped_column(String(500), default="")
    # Only on a suggestion from HQ's page whose writer asked for a call back; erased (None)
    # once an answer is recorded here or at HQ.
    phone: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(500), default="")  # "" while open
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Not ``attendant_id``: the unit of work stamps that on every new row, and a suggestion
    # fetched during a sync was not written by whoever is on duty.
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    sent_revision: Mapped[int] = mapped_column(Integer, default=0)


class FeedbackExchangeState(Base):
    """One row: when the feedback was last exchanged with HQ, and why the last try failed
    ("" when it went through), for the sync status."""

    __tablename__ = "feedback_exchange_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchanged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    problem: Mapped[str] = mapped_column(String(1000), default="")
