"""Workers' feedback, exchanged with HQ at each sync (after the summaries are sent).

One round trip: the station sends every entry HQ has not accepted in its latest form (the
answers to HQ's suggestions, the feedback given in person, at most ``LIST_MAX`` of each, the
oldest first; the rest go at the next sync) and HQ answers with this station's suggestions.
Then one unit of work marks what HQ accepted as sent (at the revision that was sent, so an
answer corrected meanwhile goes again) and keeps HQ's suggestions (by id: a new one is added,
a known one brought up to date). An answer recorded here wins over HQ's copy; the phone
number is kept only while a suggestion is open on both sides.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import FeedbackExchangeState, FeedbackRow
from station_app.db.uow import UnitOfWork
from station_app.domain.feedback import (
    LIST_MAX,
    AnswerOut,
    FeedbackReply,
    FeedbackUpload,
    InPersonOut,
    Source,
    Suggestion,
)
from station_app.i18n import _, ngettext
from station_app.i18n.formatting import date_time
from station_app.sync.delivery import FeedbackExchange

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedbackNews:
    """What one exchange did, for the sync status."""

    sent: int = 0  # entries HQ accepted
    new: int = 0  # suggestions seen here for the first time
    message: str = ""  # in the user's language; "" when there is nothing worth saying
    failed: bool = False


def pending_upload(db: Database) -> FeedbackUpload:
    """Every entry whose latest change HQ has not accepted, the oldest first."""
    with UnitOfWork(db, write=False) as uow:
        rows = list(
            uow.session.scalars(
                select(FeedbackRow)
                .where(FeedbackRow.revision != FeedbackRow.sent_revision)
                .order_by(FeedbackRow.recorded_at, FeedbackRow.id)
            )
        )
        answers = [
            AnswerOut(row.id, row.answered_at, row.action)
            for row in rows
            if row.source == Source.HQ and row.answered_at is not None
        ][:LIST_MAX]
        in_person = [
            InPersonOut(row.id, row.received_at, row.rating, row.text, row.action, row.answered_at)
            for row in rows
            if row.source == Source.IN_PERSON
        ][:LIST_MAX]
        revisions = {row.id: row.revision for row in rows}
    carried = {entry.id for entry in answers} | {entry.id for entry in in_person}
    return FeedbackUpload(
        tuple(answers),
        tuple(in_person),
        tuple((ident, revision) for ident, revision in revisions.items() if ident in carried),
    )


def waiting(db: Database) -> int:
    """How many entries HQ has still to hear of."""
    upload = pending_upload(db)
    return len(upload.revisions)


def _state(session: Session) -> FeedbackExchangeState:
    state = session.get(FeedbackExchangeState, 1)
    if state is None:
        state = FeedbackExchangeState(id=1, exchanged_at=None, problem="")
        session.add(state)
    return state


def _note_problem(db: Database, problem: str) -> None:
    with UnitOfWork(db) as uow:
        _state(uow.session).problem = problem[:1000]
        uow.commit()


def feedback_status(db: Database, clock: Clock, *, folder: bool) -> str:
    """One sentence for the sync status: when feedback was last exchanged, why the last try
    failed, or (folder) that it does not travel on a stick while some waits to be sent."""
    if folder:
        count = waiting(db)
        if not count:
            return ""
        return ngettext(
            "{n} feedback entry waits for headquarters: workers' feedback travels only over "
            "the internet (choose the headquarters server in the settings).",
            "{n} feedback entries wait for headquarters: workers' feedback travels only over "
            "the internet (choose the headquarters server in the settings).",
            count,
        ).format(n=count)
    with UnitOfWork(db, write=False) as uow:
        state = uow.session.get(FeedbackExchangeState, 1)
        if state is None:
            return ""
        if state.problem:
            return state.problem
        if state.exchanged_at is not None:
            return _("Workers' feedback last exchanged with headquarters: {time}.").format(
                time=date_time(state.exchanged_at.astimezone(clock.zone))
            )
        return ""


def apply_reply(db: Database, clock: Clock, upload: FeedbackUpload, reply: FeedbackReply) -> int:
    """Mark what HQ accepted as sent and keep HQ's suggestions; the number of new ones."""
    accepted = set(reply.accepted)
    if reply.unknown:
        # HQ keeps no such suggestion for this station (withdrawn, or of another station):
        # sending it again would change nothing.
        log.warning("HQ does not know %d feedback entries: %s", len(reply.unknown), reply.unknown)
        accepted |= set(reply.unknown)
    now = clock.now()
    new = 0
    with UnitOfWork(db) as uow:
        session = uow.session
        for ident, revision in upload.revisions:
            row = session.get(FeedbackRow, ident)
            if row is not None and ident in accepted:
                row.sent_revision = max(row.sent_revision, revision)
        for suggestion in reply.suggestions:
            row = session.get(FeedbackRow, suggestion.id)
            if row is None:
                session.add(_new_row(suggestion, now))
                new += 0 if suggestion.answered else 1
            elif row.source == Source.HQ:
                _bring_up_to_date(row, suggestion)
        state = _state(session)
        state.exchanged_at = now
        state.problem = ""
        uow.commit()
    return new


def _new_row(suggestion: Suggestion, now: dt.datetime) -> FeedbackRow:
    answered = suggestion.answered
    return FeedbackRow(
        id=suggestion.id,
        source=Source.HQ.value,
        received_at=suggestion.received_at,
        rating=suggestion.rating,
        text=suggestion.text,
        phone=None if answered else suggestion.phone,
        action=suggestion.action if answered else "",
        answered_at=(suggestion.answered_at or now) if answered else None,
        answered_by_id=None,
        recorded_at=now,
        revision=0,
        sent_revision=0,
    )


def _bring_up_to_date(row: FeedbackRow, suggestion: Suggestion) -> None:
    row.rating = suggestion.rating
    row.text = suggestion.text
    row.received_at = suggestion.received_at
    if row.answered_at is not None:
        row.phone = None
        if not suggestion.answered and row.revision == row.sent_revision:
            # HQ has lost the answer it once accepted (a restored HQ): send it again.
            row.revision += 1
        return
    if suggestion.answered:
        row.action = suggestion.action
        row.answered_at = suggestion.answered_at or row.recorded_at
        row.phone = None
    else:
        row.phone = suggestion.phone


def exchange_feedback(
    db: Database, clock: Clock, exchange: Callable[[dict[str, Any]], FeedbackExchange]
) -> FeedbackNews:
    """The exchange of one sync; never raises for a failure on the way (it is reported)."""
    upload = pending_upload(db)
    result = exchange(upload.body(clock.zone))
    if result.reply is None and result.unsupported:
        _note_problem(db, result.message)
        return FeedbackNews(failed=True)
    if result.reply is None:
        message = _(
            "Workers' feedback was not exchanged with headquarters: {why} It is tried again "
            "at the next sync."
        ).format(why=result.message.strip())
        _note_problem(db, message)
        return FeedbackNews(message=message, failed=True)
    new = apply_reply(db, clock, upload, result.reply)
    sent = sum(1 for ident, _revision in upload.revisions if ident in set(result.reply.accepted))
    parts = []
    if new:
        parts.append(
            ngettext(
                "{n} new suggestion from workers waits for an answer (Activities page).",
                "{n} new suggestions from workers wait for an answer (Activities page).",
                new,
            ).format(n=new)
        )
    if sent:
        parts.append(
            ngettext(
                "{n} feedback answer sent to headquarters.",
                "{n} feedback answers sent to headquarters.",
                sent,
            ).format(n=sent)
        )
    return FeedbackNews(sent=sent, new=new, message=" ".join(parts))
