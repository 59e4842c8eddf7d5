"""Registered outdoor workers and their cards; personal data kept to a minimum (PIPL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class Occupation(Base):
    """An occupation category; the built-in ones carry an English msgid as their name."""

    __tablename__ = "occupation"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Worker(Base):
    __tablename__ = "worker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100))  # a name or a nickname
    phone: Mapped[str | None] = mapped_column(String(20))
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    employer: Mapped[str] = mapped_column(String(100), default="")
    union_member: Mapped[bool] = mapped_column(Boolean, default=False)
    wants_to_join: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    # Erasure blanks the personal fields and sets this; visits stay as anonymous counts.
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    cards: Mapped[list[Card]] = relationship(back_populates="worker")


class Card(Base):
    """A signed QR card; the card number is also printed for typing by hand."""

    __tablename__ = "card"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_no: Mapped[str] = mapped_column(String(40), unique=True)
    # None for a card issued by HQ or another station and first seen here.
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    issuer_key_id: Mapped[str] = mapped_column(String(32))
    # As signed on the card; a foreign card's visits count under it ("other" when unknown).
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")

    worker: Mapped[Worker | None] = relationship(back_populates="cards")
