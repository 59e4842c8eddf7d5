"""The station itself and the people who run it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class StationProfileRow(Base):
    """One row (id 1): the station's identity as HQ knows it."""

    __tablename__ = "station_profile"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Attendant(Base):
    """A person who staffs the station (值班员); role admin is the station manager (站长)."""

    __tablename__ = "attendant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="attendant")  # Role
    secret_hash: Mapped[str | None] = mapped_column(String(255))  # domain.accounts scrypt
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Kept in the file, not in memory, so restarting the app does not reset a lock.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SelfCheckRow(Base):
    """A self-check of the station's facilities, filled in by the admin (one per save)."""

    __tablename__ = "self_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the station's local day
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))


class SelfCheckItemRow(Base):
    """One item of a self-check: there and working, or missing or broken, with a note."""

    __tablename__ = "self_check_item"
    __table_args__ = (UniqueConstraint("self_check_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    self_check_id: Mapped[int] = mapped_column(ForeignKey("self_check.id"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    ok: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")
