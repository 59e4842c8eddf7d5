"""HQ's own audit trail: one row per change made at headquarters, never changed afterwards.

Sign-ins (and failed ones), accounts, stations, upload tokens, card withdrawals: whatever
the dashboard or the command line changes is recorded here by the same transaction that
makes the change, so a change without its record cannot be committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Index, Integer, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from station_app.db.types import UTCDateTime
from station_app.hq.db import HqBase, HqDatabase

DETAIL_MAX = 2000


class HqAuditEvent(HqBase):
    __tablename__ = "hq_audit"
    __table_args__ = (Index("ix_hq_audit_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    who: Mapped[str] = mapped_column(String(80))  # an HQ account, or "console"
    action: Mapped[str] = mapped_column(String(40))  # a code such as "station.add"
    subject: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(String(DETAIL_MAX), default="")


def _refuse_change(*_args: Any) -> None:
    raise PermissionError("HQ's audit trail is append-only")


# Append-only at the ORM level: nothing in the code can edit or delete a record.
event.listen(HqAuditEvent, "before_update", _refuse_change)
event.listen(HqAuditEvent, "before_delete", _refuse_change)


def record(  # noqa: PLR0917 - the shape the other HQ modules call
    session: Session, who: str, action: str, subject: str, detail: str, at: dt.datetime
) -> None:
    """Add one event to ``session``; it is committed with the change it describes."""
    session.add(
        HqAuditEvent(
            at=at,
            who=who[:80],
            action=action[:40],
            subject=subject[:200],
            detail=detail[:DETAIL_MAX],
        )
    )


def recent_events(
    db: HqDatabase, *, limit: int = 500, action_prefix: str = ""
) -> Sequence[HqAuditEvent]:
    """The latest events first."""
    query = select(HqAuditEvent).order_by(HqAuditEvent.id.desc()).limit(limit)
    if action_prefix:
        query = query.where(HqAuditEvent.action.startswith(action_prefix))
    with db.sessions() as session:
        return list(session.scalars(query))
