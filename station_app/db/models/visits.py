"""Visits and the services each visit received."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class Visit(Base):
    """One person's visit: by card (worker known) or anonymous (occupation only)."""

    __tablename__ = "visit"
    __table_args__ = (
        Index("ix_visit_worker_time", "worker_id", "checked_in_at"),
        Index("ix_visit_card_time", "card_id", "checked_in_at"),
        # An undone visit's id is never given to the next one: the audit trail names it.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked_in_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    source: Mapped[str] = mapped_column(String(16))  # VisitSource
    # The occupation is copied onto the visit so counts survive a worker's erasure.
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("card.id", ondelete="SET NULL"))
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))
    # What the visit is counted by, kept when an erasure unlinks worker and card: the
    # worker's number as a plain counting key (no link: it says nothing once the worker's
    # row is blank), whether it came with a card, and the worker's union flags as they were
    # at the visit. Revision 0012's trigger fills them for every visit written.
    visitor_key: Mapped[int | None] = mapped_column(Integer)
    came_with_card: Mapped[bool] = mapped_column(Boolean, server_default="0")
    member_at_visit: Mapped[bool] = mapped_column(Boolean, server_default="0")
    wanting_at_visit: Mapped[bool] = mapped_column(Boolean, server_default="0")


class ServiceType(Base):
    """A service the station offers; may consume an item (饮水 issues one bottle)."""

    __tablename__ = "service_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    consumes_item_id: Mapped[int | None] = mapped_column(ForeignKey("inventory_item.id"))
    consumes_quantity: Mapped[int] = mapped_column(Integer, default=0)


class ServiceRecord(Base):
    __tablename__ = "service_record"
    # A removed record's id is never given to another: the audit trail names it.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_type.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    # Indexed so deleting a stock movement (undo) finds the records pointing at it quickly.
    stock_movement_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_movement.id"), index=True
    )
    # Who recorded it: a service can be added to a visit another attendant checked in.
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))
