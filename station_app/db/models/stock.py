"""Items, the stock journal and loans. Stock is the sum of movements; nothing is edited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.models.base import Base
from station_app.db.types import UTCDateTime


class InventoryItem(Base):
    __tablename__ = "inventory_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(20))
    barcode: Mapped[str | None] = mapped_column(String(64), unique=True)
    min_stock: Mapped[int] = mapped_column(Integer, default=0)
    target_stock: Mapped[int] = mapped_column(Integer, default=0)
    lendable: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_value_fen: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StockMovement(Base):
    """One change of stock; quantity is signed (+ in, − out). Undo adds a reversing row.

    Batches (FEFO): a movement that brings new stock in (a receive, an adjustment up) has no
    ``batch_id`` and *is* a batch, with its ``batch_expiry``. Every movement the app writes
    out of stock names the batch it took from in ``batch_id`` (a return or a reversal puts
    stock back into that same batch), so a batch's remainder is its own quantity plus the
    quantities pointing at it. One issue that spans several batches is several rows: the
    first is the operation, the others point at it with ``part_of_id``.
    """

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_item_time", "item_id", "occurred_at"),
        # Stock per item (the inventory list, every issue) is read from this index alone.
        Index("ix_stock_movement_item_quantity", "item_id", "quantity"),
        # What each batch holds at a moment (the report's expiring batches) is read from this
        # index alone; it also serves the foreign key checks on batch_id.
        Index("ix_stock_movement_batch_time_quantity", "batch_id", "occurred_at", "quantity"),
        # The batches that carry an expiry date: a few rows per item, however many issues
        # lie behind them, so "has this item a dated batch" is one lookup.
        Index(
            "ix_stock_movement_dated_batch",
            "item_id",
            "occurred_at",
            sqlite_where=text("batch_expiry IS NOT NULL AND batch_id IS NULL"),
        ),
        # The rows that name no batch: the batches themselves (quantity > 0) and take-outs
        # from before batches were tracked (< 0). An issue reads both from here alone, so
        # the item's later issues, which all name a batch, are never walked.
        Index(
            "ix_stock_movement_unbatched",
            "item_id",
            "quantity",
            "batch_expiry",
            sqlite_where=text("batch_id IS NULL"),
        ),
        # Undoing a visit deletes its movements; their ids (named by the audit trail and by
        # ``stock_balance``) are never given to new rows.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_item.id"))
    kind: Mapped[str] = mapped_column(String(16))  # MovementKind
    quantity: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    batch_expiry: Mapped[dt.date | None] = mapped_column(Date)
    donor: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    # Indexed because undoing a visit deletes its movements, and SQLite checks every foreign
    # key pointing at a deleted row: without these, each check would read the whole table.
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit.id", ondelete="SET NULL"), index=True
    )
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("attendant.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movement.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movement.id"))
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movement.id"), index=True)


class StockBalance(Base):
    """What each batch of an item holds now: the journal's sums, kept by SQLite triggers.

    Derived, never written by the app: triggers on ``stock_movement`` (revision 0008, and
    only there, so every writer and every transaction is covered) add each row's quantity
    to its key in the same statement. ``batch_key`` is the batch a row belongs to: its
    ``batch_id``, or its own id for a batch (no ``batch_id``, quantity > 0), or 0 for a
    take-out that names no batch (rows from before batches were tracked).
    So an item's stock is the sum of its few rows here, however long its journal.
    """

    __tablename__ = "stock_balance"
    __table_args__ = (
        # The batches that hold something: an issue reads these few, not the hundreds an
        # item has emptied over the years.
        Index(
            "ix_stock_balance_held",
            "item_id",
            "batch_key",
            "quantity",
            sqlite_where=text("quantity != 0"),
        ),
    )

    item_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


class Loan(Base):
    __tablename__ = "loan"
    # Undoing a visit deletes its loans; their ids (named by the audit trail) stay unused.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_item.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"))
    deposit_note: Mapped[str] = mapped_column(String(200), default="")
    lent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    lend_movement_id: Mapped[int] = mapped_column(ForeignKey("stock_movement.id"), index=True)
    return_movement_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_movement.id"), index=True
    )
