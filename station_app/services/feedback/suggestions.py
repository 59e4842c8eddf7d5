"""Workers' feedback at the station: the open and answered lists, recording what was done
about a suggestion (which erases the caller's phone number), and recording feedback a worker
gave in person. Each write is one unit of work with an audit event; HQ hears of it at the
next sync (``services/feedback/exchange.py``).
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.config.settings import HQ_URL, Settings
from station_app.db.engine import Database
from station_app.db.models import Attendant, FeedbackRow, StationProfileRow
from station_app.db.uow import UnitOfWork
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.feedback import (
    RATING_MAX,
    RATING_MIN,
    TEXT_MAX,
    FeedbackPoster,
    FeedbackView,
    Source,
    clean_text,
)
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.sync.https import address_problem, feedback_url

ANSWERED_SHOWN = 100  # the answered list shows the latest ones


def feedback_view(session: Session, row: FeedbackRow) -> FeedbackView:
    by = session.get(Attendant, row.answered_by_id) if row.answered_by_id else None
    return FeedbackView(
        id=row.id,
        source=Source(row.source),
        received_at=row.received_at,
        rating=row.rating,
        text=row.text,
        phone=row.phone,
        action=row.action,
        answered_at=row.answered_at,
        answered_by=by.name if by is not None else "",
        to_send=row.revision != row.sent_revision,
    )


def _checked_text(text: str, field: str, *, required: str = "") -> str:
    cleaned = clean_text(text)
    if required and not cleaned:
        raise ValidationFailed({field: required})
    if len(cleaned) > TEXT_MAX:
        raise ValidationFailed(
            {field: _("At most {n} characters, please shorten it.").format(n=TEXT_MAX)}
        )
    return cleaned


class FeedbackService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings

    def poster(self) -> FeedbackPoster:
        """What the poster shows; refused, saying where to set it, without a station code or
        an HQ address (the QR code leads to HQ's page for this station)."""
        with UnitOfWork(self._db, write=False) as uow:
            profile = uow.session.get(StationProfileRow, 1)
            name, code = (profile.name, profile.code) if profile is not None else ("", "")
        if not code:
            raise ServiceError(
                _("Enter the station's code and name in the settings first (Settings page).")
            )
        address = self._settings.get(HQ_URL).strip()
        if not address or address_problem(address):
            raise ServiceError(
                _(
                    "The poster's QR code leads to headquarters' page for this station, so it "
                    "needs the headquarters address: the station admin enters it on the Sync "
                    "page (headquarters server), then print the poster again."
                )
            )
        return FeedbackPoster(name, code, feedback_url(address, code))

    # -- reading -------------------------------------------------------------------------

    def open(self) -> list[FeedbackView]:
        """What still waits for an answer, newest first."""
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(FeedbackRow)
                .where(FeedbackRow.answered_at.is_(None))
                .order_by(FeedbackRow.received_at.desc(), FeedbackRow.id)
            )
            return [feedback_view(uow.session, row) for row in rows]

    def answered(self, limit: int = ANSWERED_SHOWN) -> list[FeedbackView]:
        """The answered entries, the newest first (as the open list, by when they came)."""
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(FeedbackRow)
                .where(FeedbackRow.answered_at.is_not(None))
                .order_by(FeedbackRow.received_at.desc(), FeedbackRow.id)
                .limit(limit)
            )
            return [feedback_view(uow.session, row) for row in rows]

    def open_count(self) -> int:
        with UnitOfWork(self._db, write=False) as uow:
            return (
                uow.session.scalar(
                    select(func.count())
                    .select_from(FeedbackRow)
                    .where(FeedbackRow.answered_at.is_(None))
                )
                or 0
            )

    def get(self, feedback_id: str) -> FeedbackView:
        with UnitOfWork(self._db, write=False) as uow:
            row = uow.session.get(FeedbackRow, feedback_id)
            if row is None:
                raise ServiceError(_("This feedback is no longer there."))
            return feedback_view(uow.session, row)

    # -- writing -------------------------------------------------------------------------

    def answer(self, feedback_id: str, action: str) -> FeedbackView:
        """Record what was done about an entry (or correct the answer): the phone number
        goes, HQ hears of it at the next sync."""
        done = _checked_text(
            action, "action", required=_("Write down what was done about it, then save.")
        )
        now = self._clock.now()
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(FeedbackRow, feedback_id)
            if row is None:
                raise ServiceError(_("This feedback is no longer there."))
            corrected = row.answered_at is not None
            row.action = done
            row.answered_at = now
            row.answered_by_id = self._db.duty.attendant_id
            row.phone = None  # data minimisation: the call back, if any, has been made
            row.revision += 1
            audit.record(
                uow.session,
                "feedback.answered",
                "feedback",
                row.id,
                "corrected" if corrected else "",
                at=now,
            )
            uow.session.flush()
            view = feedback_view(uow.session, row)
            uow.commit()
        return view

    def record_in_person(self, rating: int | None, text: str, action: str = "") -> FeedbackView:
        """Feedback a worker gave the attendant: a rating (optional), what they said, and
        what was done about it if that is known already."""
        if rating is not None and not RATING_MIN <= rating <= RATING_MAX:
            raise ValidationFailed({"rating": _("A rating is 1 to 5 stars, or none.")})
        said = _checked_text(text, "text")
        done = _checked_text(action, "action")
        if rating is None and not said:
            raise ValidationFailed(
                {"text": _("Give a rating or write down what the worker said, then save.")}
            )
        now = self._clock.now()
        with UnitOfWork(self._db) as uow:
            row = FeedbackRow(
                id=str(uuid.uuid4()),
                source=Source.IN_PERSON.value,
                received_at=now,
                rating=rating,
                text=said,
                phone=None,
                action=done,
                answered_at=now if done else None,
                answered_by_id=self._db.duty.attendant_id if done else None,
                recorded_at=now,
                revision=1,
                sent_revision=0,
            )
            uow.session.add(row)
            audit.record(uow.session, "feedback.in_person", "feedback", row.id, "", at=now)
            uow.session.flush()
            view = feedback_view(uow.session, row)
            uow.commit()
        return view
