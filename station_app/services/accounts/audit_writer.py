"""The audit trail: what was done to whom, without personal data in the detail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from station_app.db.models import AuditEvent


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: object,
    detail: str = "",
    *,
    at: dt.datetime,
) -> None:
    """Add an event to the unit of work's session (committed with the change it describes).

    ``at``: when it was done (the clock's now, even for a back-dated entry)."""
    session.add(
        AuditEvent(at=at, action=action, entity=entity, entity_id=str(entity_id), detail=detail)
    )
