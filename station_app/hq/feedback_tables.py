"""HQ's table of workers' feedback (``hq/feedback.py`` reads and writes it)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.types import UTCDateTime
from station_app.hq.base import HqBase

TEXT_MAX = 500
SOURCE_WEB = "web"  # the workers' page reached by the poster's QR code
SOURCE_IN_PERSON = "in_person"  # told to the attendant, sent by the station
OPEN = "open"
ANSWERED = "answered"


class HqSuggestion(HqBase):
    """A rating and/or suggestion about one station, and what the station did about it.

    ``phone`` is kept only until the suggestion is answered (data minimisation).
    ``client_key`` (workers' page only) lets a second rating from the same client on the
    same day replace the first: a keyed hash of the day and the client's address, whose key
    lives only in the running service's memory, so the database never holds an address."""

    __tablename__ = "hq_suggestion"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint("source IN ('web', 'in_person')", name="source_known"),
        CheckConstraint("status IN ('open', 'answered')", name="status_known"),
        Index("ix_hq_suggestion_station", "station_code", "received_at"),
        Index("ix_hq_suggestion_client", "client_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("hq_station.code"))
    source: Mapped[str] = mapped_column(String(10))
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    phone: Mapped[str | None] = mapped_column(String(11))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    action: Mapped[str | None] = mapped_column(String(TEXT_MAX))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    client_key: Mapped[str | None] = mapped_column(String(64))
