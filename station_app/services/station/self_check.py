"""The admin's self-check of the station's facilities: saved whole, audited, the latest read
for the settings page and the weekly report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import Attendant, SelfCheckItemRow, SelfCheckRow
from station_app.db.uow import UnitOfWork
from station_app.domain.errors import ServiceError
from station_app.domain.self_check import (
    CODES,
    NOTE_MAX,
    SELF_CHECK_ITEMS,
    DueState,
    SelfCheck,
    SelfCheckAnswer,
    due_sentence,
    due_state,
)
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin


def latest_self_check(session: Session, by: dt.date | None = None) -> SelfCheck | None:
    """The last self-check saved (on or before the local day ``by`` when given)."""
    query = select(SelfCheckRow).order_by(SelfCheckRow.checked_on.desc(), SelfCheckRow.id.desc())
    if by is not None:
        query = query.where(SelfCheckRow.checked_on <= by)
    row = session.scalars(query.limit(1)).first()
    if row is None:
        return None
    attendant = session.get(Attendant, row.attendant_id) if row.attendant_id else None
    items = session.scalars(
        select(SelfCheckItemRow)
        .where(SelfCheckItemRow.self_check_id == row.id)
        .order_by(SelfCheckItemRow.position)
    )
    return SelfCheck(
        checked_on=row.checked_on,
        checked_at=row.checked_at,
        by=attendant.name if attendant else "",
        answers=tuple(SelfCheckAnswer(item.code, item.ok, item.note) for item in items),
    )


class SelfCheckService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def blank(self) -> list[SelfCheckAnswer]:
        """The list to fill in: every item, as the last self-check found it (else in order)."""
        last = self.latest()
        found = {answer.code: answer for answer in last.answers} if last else {}
        return [found.get(code, SelfCheckAnswer(code, True)) for code, _label in SELF_CHECK_ITEMS]

    def latest(self) -> SelfCheck | None:
        with UnitOfWork(self._db, write=False) as uow:
            return latest_self_check(uow.session)

    def status(self) -> str:
        """When the last self-check was, and whether this quarter's is owed."""
        last = self.latest()
        return due_sentence(last.checked_on if last else None, self._clock.today())

    def owed(self) -> bool:
        """Whether this quarter's self-check is still to do (or overdue)."""
        last = self.latest()
        return (
            due_state(last.checked_on if last else None, self._clock.today()) is not DueState.DONE
        )

    def save(self, answers: Sequence[SelfCheckAnswer]) -> SelfCheck:
        """Record a self-check of today (admin only): every item of the list answered once."""
        require_admin(self._db)
        codes = [answer.code for answer in answers]
        if sorted(codes) != sorted(CODES):
            raise ServiceError(_("Answer every item of the self-check once, then save."))
        cleaned = [
            SelfCheckAnswer(answer.code, answer.ok, " ".join(answer.note.split()))
            for answer in answers
        ]
        if any(len(answer.note) > NOTE_MAX for answer in cleaned):
            raise ServiceError(_("A note may be at most {n} characters long.").format(n=NOTE_MAX))
        order = {code: n for n, (code, _label) in enumerate(SELF_CHECK_ITEMS)}
        cleaned.sort(key=lambda answer: order[answer.code])
        now = self._clock.now()
        with UnitOfWork(self._db) as uow:
            row = SelfCheckRow(checked_on=self._clock.today(), checked_at=now)
            uow.session.add(row)
            uow.session.flush()
            for position, answer in enumerate(cleaned):
                uow.session.add(
                    SelfCheckItemRow(
                        self_check_id=row.id,
                        position=position,
                        code=answer.code,
                        ok=answer.ok,
                        note=answer.note,
                    )
                )
            problems = [answer.code for answer in cleaned if not answer.ok]
            audit.record(
                uow.session,
                "self_check.saved",
                "self_check",
                row.id,
                " ".join(problems),
                at=now,
            )
            uow.session.flush()
            saved = latest_self_check(uow.session)
            uow.commit()
        assert saved is not None
        return saved
