"""The outbox: each closed day's summary as queued for union HQ, kept until HQ has it.

A row is one revision of one day, with the exact bytes that were signed, so a re-send is
the same batch (same batch id, same hash) whatever changed in the books since. A correction
to a day is a new row (the next revision, a new batch id); an older revision not yet
delivered is dropped then, since HQ keeps only a day's newest revision anyway.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class OutboxBatch(Base):
    """One revision of one local day's summary, waiting for (or delivered to) HQ."""

    __tablename__ = "outbox_batch"
    __table_args__ = (
        UniqueConstraint("day", "revision", name="outbox_day_revision"),
        UniqueConstraint("batch_id", name="outbox_batch_id"),
        # What is still to deliver is looked up at every sync; delivered rows pile up.
        Index("ix_outbox_batch_status_day", "status", "day"),
        # A replaced revision's id is never given to the next: a delivery in progress finds
        # its row again by id.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)  # the station's local day
    revision: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[str] = mapped_column(String(36))  # uuid4, kept when re-sent
    sha256: Mapped[str] = mapped_column(String(64))  # of ``csv``
    csv: Mapped[bytes] = mapped_column(LargeBinary)
    manifest: Mapped[str] = mapped_column(Text)  # the signed manifest as JSON
    status: Mapped[str] = mapped_column(String(16))  # domain.enums.SyncStatus
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")  # in the user's language
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
