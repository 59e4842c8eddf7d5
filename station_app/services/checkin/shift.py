"""The shift of the attendant on duty, summed up for the hand-over (交班).

A shift starts at its attendant's latest sign-in (the audit trail's ``account.sign_in``)
and counts what was written in their name since then: visits, the people among them,
services. Items still lent out and stock alerts are the station's, not the shift's: they
are what the next attendant takes over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import case, func, select

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import AuditEvent, Loan, ServiceRecord, Visit
from station_app.db.uow import UnitOfWork


@dataclass(frozen=True)
class ShiftSummary:
    attendant: str  # "" when nobody is signed in (the command line)
    since: dt.datetime | None  # the sign-in (UTC); None: no sign-in on record
    visits: int
    people: int  # cardholders counted once each, plus every visitor without a card
    services: int
    lent_out: int  # loans not yet returned, the station's whole
    stock_alerts: int  # below minimum or about to expire, the station's whole


class ShiftService:
    def __init__(self, db: Database, clock: Clock, stock_alerts: Callable[[], int]) -> None:
        self._db = db
        self._clock = clock
        self._stock_alerts = stock_alerts

    def summary(self) -> ShiftSummary:
        """What the attendant on duty did since signing in, and what they hand over."""
        actor = self._db.duty.current
        with UnitOfWork(self._db) as uow:
            session = uow.session
            lent_out = (
                session.scalar(
                    select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))
                )
                or 0
            )
            if actor is None:
                return ShiftSummary("", None, 0, 0, 0, lent_out, self._stock_alerts())
            since = session.scalar(
                select(func.max(AuditEvent.at)).where(
                    AuditEvent.attendant_id == actor.id, AuditEvent.action == "account.sign_in"
                )
            )
            start = since or self._clock.now()
            visits, cardholders, anonymous = session.execute(
                select(
                    func.count(),
                    func.count(Visit.worker_id.distinct()),
                    func.coalesce(
                        func.sum(case((Visit.worker_id.is_(None), 1), else_=0)),
                        0,
                    ),
                ).where(Visit.attendant_id == actor.id, Visit.checked_in_at >= start)
            ).one()
            services = (
                session.scalar(
                    select(func.coalesce(func.sum(ServiceRecord.quantity), 0)).where(
                        ServiceRecord.attendant_id == actor.id,
                        ServiceRecord.recorded_at >= start,
                    )
                )
                or 0
            )
        return ShiftSummary(
            attendant=actor.name,
            since=since,
            visits=int(visits),
            people=int(cardholders) + int(anonymous),
            services=int(services),
            lent_out=int(lent_out),
            stock_alerts=self._stock_alerts(),
        )
