"""Activities the station holds (legal advice, health checks, 送清凉…) and campaigns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class ActivityType(Base):
    """A kind of activity; the built-in ones carry an English msgid as their name."""

    __tablename__ = "activity_type"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Activity(Base):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the station's local day
    type_code: Mapped[str] = mapped_column(ForeignKey("activity_type.code"))
    partner: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))


class ActivityParticipant(Base):
    """How many people of one occupation took part (counts only: no names)."""

    __tablename__ = "activity_participant"
    __table_args__ = (UniqueConstraint("activity_id", "occupation_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"))
    count: Mapped[int] = mapped_column(Integer)


class ActivityItem(Base):
    """An item handed out at an activity: an issue in the stock journal (its first row)."""

    __tablename__ = "activity_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_item.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    movement_id: Mapped[int] = mapped_column(ForeignKey("stock_movement.id"))


class Campaign(Base):
    """A named period (2026 夏送清凉, 06-01..08-31) with its kit items."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)


class CampaignItem(Base):
    __tablename__ = "campaign_item"
    __table_args__ = (UniqueConstraint("campaign_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_item.id"))
