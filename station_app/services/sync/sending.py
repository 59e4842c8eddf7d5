"""Sending the daily summaries to union HQ: the outbox, and delivering what it holds.

- **Queueing** (``queue_closed_days``): every closed local day from the station's first
  visit up to yesterday gets revision 1 (``SummaryService.make_batch``). Days already queued
  are made again for the last ``RECOMPUTE_DAYS`` days, and a day whose CSV now differs from
  its latest revision gets the next revision with a new batch id; an older revision not yet
  delivered is dropped (HQ keeps only a day's newest revision). Corrections further back
  are not followed: making every day since the first visit again at each sync would cost
  more every year, and 62 days cover this month and the last, the months a report and its
  corrections are about.
- **Delivering** (``sync_now``): every pending batch, oldest day first, with the exact bytes
  queued (a re-send keeps its batch id and hash, so HQ stores it once). Each outcome is
  recorded as soon as it is known (one commit per batch): a crash mid-run forgets nothing
  already acknowledged, and a batch whose acknowledgement was lost is simply sent again.
- **Receiving** HQ's trust bundle (withdrawn cards, trusted issuer keys): once the batches
  are through, the same route fetches it (HTTPS) or reads it from the stick (folder), and
  ``services/sync/trust.py`` applies it. A run that stopped at a wall (HQ unreachable, a bad
  token, no stick) does not try: the bundle is fetched at the next sync.
- **Workers' feedback** (HTTPS only): then, in the same run, the answers and in-person
  feedback go to HQ and HQ's suggestions come back (``services/feedback/exchange.py``). Its
  failure never fails the run: the summaries' outcome stands, and the sync status says
  what became of the feedback.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.config.settings import (
    HQ_TOKEN,
    HQ_URL,
    HTTP_PROXY,
    SYNC_FOLDER,
    SYNC_MODE,
    Settings,
)
from station_app.db.engine import Database
from station_app.db.models import OutboxBatch
from station_app.db.uow import UnitOfWork
from station_app.domain.days import day_start, local_date
from station_app.domain.enums import SyncStatus as BatchStatus
from station_app.domain.progress import Progress, no_progress
from station_app.domain.summary_format import Manifest
from station_app.i18n import _
from station_app.services.feedback.exchange import (
    FeedbackNews,
    exchange_feedback,
    feedback_status,
)
from station_app.services.reporting.queries import first_visit_day
from station_app.services.reporting.summaries import SummaryBatch, SummaryService
from station_app.services.sync.status import SyncOutcome, SyncStatus
from station_app.services.sync.trust import receive_trust, trust_status
from station_app.sync.delivery import Delivery, Parcel, Transport, Verdict
from station_app.sync.folder import FolderTransport
from station_app.sync.https import HttpsTransport, address_problem

log = logging.getLogger(__name__)

RECOMPUTE_DAYS = 62
# Across runs, a batch that could not get through waits before an automatic run tries it
# again: 5 minutes, doubling after each failed run, at most 6 hours. A person pressing
# "sync now" never waits.
_FIRST_WAIT = dt.timedelta(minutes=5)
_LONGEST_WAIT = dt.timedelta(hours=6)
_OPEN = (BatchStatus.PENDING.value, BatchStatus.FAILED.value)

TransportFactory = Callable[[Settings], Transport]


def _https(settings: Settings) -> Transport:
    return HttpsTransport(
        settings.get(HQ_URL), settings.get(HQ_TOKEN), proxy=settings.get(HTTP_PROXY)
    )


def _next_wait(waited: dt.timedelta | None) -> dt.timedelta:
    """Twice the wait before the failed run, starting at 5 minutes, at most 6 hours."""
    return _FIRST_WAIT if waited is None else min(waited * 2, _LONGEST_WAIT)


class SyncService:
    """The outbox of daily summaries and its delivery by folder or HTTPS (settings
    ``sync_mode``, ``sync_folder``, ``hq_url``, ``hq_token``, ``http_proxy``)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        summaries: SummaryService,
        *,
        https: TransportFactory = _https,
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._summaries = summaries
        self._https = https  # tests pass short timeouts and pauses

    # -- what the Sync page shows --------------------------------------------------------

    def _mode(self) -> str:
        return self._settings.get(SYNC_MODE)

    def _destination(self) -> str:
        mode = self._mode()
        if mode == "folder":
            return self._settings.get(SYNC_FOLDER).strip()
        if mode == "https":
            return self._settings.get(HQ_URL).strip()
        return ""

    def setup_problem(self) -> str | None:
        """Why nothing can be sent with the settings as they are; None when they are fine."""
        mode = self._mode()
        if mode == "off":
            return _(
                "Sending to headquarters is off. Choose a folder or the headquarters server "
                "in the settings."
            )
        if mode == "folder" and not self._destination():
            return _("Choose the folder (USB stick) for the summaries in the settings.")
        if mode == "https":
            if not self._destination() or not self._settings.get(HQ_TOKEN).strip():
                return _(
                    "Enter the headquarters address and the upload token headquarters gave "
                    "this station in the settings."
                )
            return address_problem(self._destination())
        return None

    def status(self) -> SyncStatus:
        """Where summaries go, when they last got there, and which days still wait."""
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            last_success = session.scalar(select(func.max(OutboxBatch.acknowledged_at)))
            latest = session.scalars(
                select(OutboxBatch)
                .where(OutboxBatch.last_attempt_at.is_not(None))
                .order_by(OutboxBatch.last_attempt_at.desc(), OutboxBatch.id.desc())
                .limit(1)
            ).first()
            last_attempt = None if latest is None else latest.last_attempt_at
            last_error = (
                latest.last_error
                if latest is not None and latest.status != BatchStatus.ACKNOWLEDGED
                else ""
            )
            pending = set(
                session.scalars(
                    select(OutboxBatch.day).where(OutboxBatch.status.in_(_OPEN)).distinct()
                )
            )
            # Closed days not queued yet wait too: the next run queues them before sending,
            # so "nothing waiting" is never shown over days about to be written.
            pending.update(_not_queued(session, self._clock.today(), self._clock.zone))
        problem = self.setup_problem() if self._mode() != "off" else None
        return SyncStatus(
            mode=self._mode(),
            destination=self._destination(),
            last_success=last_success,
            last_attempt=last_attempt,
            last_error=problem or last_error,
            pending_days=sorted(pending),
            trust=trust_status(self._db) if self._mode() != "off" else "",
            feedback=(
                feedback_status(self._db, self._clock, folder=self._mode() == "folder")
                if self._mode() != "off"
                else ""
            ),
        )

    # -- queueing --------------------------------------------------------------------------

    def queue_closed_days(
        self,
        today: dt.date | None = None,
        zone: dt.tzinfo | None = None,
        progress: Progress = no_progress,
    ) -> int:
        """Queue every closed day not queued yet, and a new revision of each recent day whose
        figures changed; how many batches were queued. ServiceError without a station code."""
        now = self._clock.now()
        zone = zone or self._clock.zone
        today = today or local_date(now, zone)
        yesterday = today - dt.timedelta(days=1)
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            first = first_visit_day(session, zone)
            latest = {
                day: (revision, sha256)
                for day, revision, sha256 in session.execute(
                    select(OutboxBatch.day, OutboxBatch.revision, OutboxBatch.sha256)
                    .where(OutboxBatch.day >= today - dt.timedelta(days=RECOMPUTE_DAYS))
                    .order_by(OutboxBatch.day, OutboxBatch.revision)
                )
            }
            last_queued = session.scalar(select(func.max(OutboxBatch.day)))
        if first is None:
            return 0  # no visit yet: nothing happened that HQ counts
        start = first if last_queued is None else max(first, last_queued + dt.timedelta(days=1))
        days = sorted({*(d for d in latest if d <= yesterday), *_days(start, yesterday)})
        # A day's batch is made once the day is over; "today" may be a test's or a late one.
        created = max(now, day_start(today, zone))
        made: list[SummaryBatch] = []
        for index, day in enumerate(days):
            progress(index, len(days), _("Making the summary of {day}").format(day=day))
            revision, sha256 = latest.get(day, (0, ""))
            # Most recent days have not changed since they were queued: checking the CSV's
            # digest first spares a signature and a commit per day on every automatic run.
            if sha256 and self._summaries.day_digest(day, zone=zone) == sha256:
                continue
            batch = self._summaries.make_batch(day, revision + 1, now=created, zone=zone)
            if batch.manifest.sha256 != sha256:
                made.append(batch)
        progress(len(days), len(days), "")
        if made:
            with UnitOfWork(self._db) as uow:
                for batch in made:
                    _enqueue(uow.session, batch)
                uow.commit()
        return len(made)

    # -- delivering ------------------------------------------------------------------------

    def _transport(self, moment: dt.datetime) -> Transport:
        if self._mode() == "folder":
            return FolderTransport(Path(self._destination()), local_date(moment, self._clock.zone))
        return self._https(self._settings)

    def sync_now(
        self,
        progress: Progress | None = None,
        now: dt.datetime | None = None,
        *,
        automatic: bool = False,
    ) -> SyncOutcome:
        """Queue the closed days, then deliver everything pending (oldest day first).

        ``automatic`` (a timer, a scheduled task) skips batches still waiting after a failed
        attempt; a person asking to sync now gets every pending batch tried at once.
        ServiceError when the station has no code yet.
        """
        report = progress or no_progress
        moment = self._clock.or_now(now)
        problem = self.setup_problem()
        if self._mode() == "off":
            return SyncOutcome(0, 0, self._open_count(), problem or "")
        queued = self.queue_closed_days(today=local_date(moment, self._clock.zone), progress=report)
        if problem is not None:
            return SyncOutcome(queued, 0, self._open_count(), problem)
        parcels = self._due(moment if automatic else None)
        transport = self._transport(moment)
        sent = 0
        stopped: Delivery | None = None
        last_error = ""
        for index, (batch_pk, parcel) in enumerate(parcels):
            report(index, len(parcels), _("Sending {name}").format(name=parcel.stem))
            delivery = transport.send(parcel)
            self._record(batch_pk, delivery, self._clock.or_now(now))
            if delivery.verdict is Verdict.DELIVERED:
                sent += 1
            else:
                last_error = delivery.message
            if delivery.stop and delivery.verdict is not Verdict.DELIVERED:
                stopped = delivery
                break
        report(len(parcels), len(parcels), "")
        trust = (
            receive_trust(self._db, self._clock, transport.fetch_trust) if stopped is None else None
        )
        failed = self._open_count()
        folder = self._mode() == "folder"
        message = _message(sent, failed, stopped, last_error, folder=folder)
        feedback = None if stopped is not None or folder else self._exchange_feedback(transport)
        told = message
        if trust is not None and trust.news:
            told = f"{told} {trust.message}".strip()
        if feedback is not None and feedback.message:
            told = f"{told} {feedback.message}".strip()
        return SyncOutcome(
            queued,
            sent,
            failed,
            told,
            trust.message if trust is not None else "",
            feedback.message if feedback is not None else "",
        )

    def _exchange_feedback(self, transport: Transport) -> FeedbackNews:
        """The feedback exchange after the summaries; whatever goes wrong there is told,
        never raised: the summaries' outcome is already recorded and stands."""
        try:
            return exchange_feedback(self._db, self._clock, transport.exchange_feedback)
        except Exception:
            log.exception("feedback exchange failed")
            return FeedbackNews(
                message=_(
                    "Workers' feedback was not exchanged with headquarters because of an "
                    "unexpected error (details in the log). It is tried again at the next sync."
                ),
                failed=True,
            )

    def _due(self, moment: dt.datetime | None) -> list[tuple[int, Parcel]]:
        with UnitOfWork(self._db, write=False) as uow:
            query = (
                select(OutboxBatch)
                .where(OutboxBatch.status == BatchStatus.PENDING)
                .order_by(OutboxBatch.day, OutboxBatch.revision)
            )
            if moment is not None:
                query = query.where(
                    (OutboxBatch.next_attempt_at.is_(None))
                    | (OutboxBatch.next_attempt_at <= moment)
                )
            rows = uow.session.scalars(query)
            return [(row.id, Parcel(_stem(row), row.csv, row.manifest)) for row in rows]

    def _record(self, batch_pk: int, delivery: Delivery, moment: dt.datetime) -> None:
        """One delivery's outcome, committed at once (see the module docstring)."""
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(OutboxBatch, batch_pk)
            if row is None:  # replaced by a newer revision meanwhile
                return
            waited = (
                row.next_attempt_at - row.last_attempt_at
                if row.next_attempt_at is not None and row.last_attempt_at is not None
                else None
            )
            row.attempts += delivery.tries
            row.last_attempt_at = moment
            row.last_error = delivery.message
            if delivery.verdict is Verdict.DELIVERED:
                row.status = BatchStatus.ACKNOWLEDGED
                row.acknowledged_at = moment
                row.next_attempt_at = None
            elif delivery.verdict is Verdict.CONFLICT:
                row.status = BatchStatus.FAILED
                row.next_attempt_at = None
            else:
                row.next_attempt_at = moment + _next_wait(waited)
            uow.commit()

    def _open_count(self) -> int:
        with UnitOfWork(self._db, write=False) as uow:
            return (
                uow.session.scalar(
                    select(func.count(func.distinct(OutboxBatch.day))).where(
                        OutboxBatch.status.in_(_OPEN)
                    )
                )
                or 0
            )


def _not_queued(session: Session, today: dt.date, zone: dt.tzinfo) -> list[dt.date]:
    """The closed days (up to yesterday) after the last one queued, from the first visit:
    those ``queue_closed_days`` will queue."""
    first = first_visit_day(session, zone)
    if first is None:
        return []
    last_queued = session.scalar(select(func.max(OutboxBatch.day)))
    start = first if last_queued is None else max(first, last_queued + dt.timedelta(days=1))
    return _days(start, today - dt.timedelta(days=1))


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _stem(row: OutboxBatch) -> str:
    return SummaryBatch(row.csv, Manifest.from_json(row.manifest)).stem


def _enqueue(session: Session, batch: SummaryBatch) -> None:
    manifest = batch.manifest
    for older in session.scalars(
        select(OutboxBatch).where(
            OutboxBatch.day == manifest.period_start,
            OutboxBatch.status.in_(_OPEN),
        )
    ):
        session.delete(older)  # never delivered: the new revision replaces it at HQ anyway
    session.add(
        OutboxBatch(
            day=manifest.period_start,
            revision=manifest.revision,
            batch_id=manifest.batch_id,
            sha256=manifest.sha256,
            csv=batch.csv,
            manifest=manifest.to_json(),
            status=BatchStatus.PENDING,
            created_at=manifest.created_at,
            attempts=0,
            last_error="",
        )
    )


def _message(
    sent: int, failed: int, stopped: Delivery | None, last_error: str, *, folder: bool
) -> str:
    if failed == 0 and folder:
        # Written to a USB stick is not yet received: HQ has it once the stick is read in.
        if sent == 0:
            return _("Nothing to write: the folder has every closed day.")
        return _("Wrote {n} daily summaries into the folder, for headquarters.").format(n=sent)
    if failed == 0:
        if sent == 0:
            return _("Nothing to send: headquarters has every closed day.")
        return _("Sent {n} daily summaries; headquarters has every closed day.").format(n=sent)
    why = stopped.message if stopped is not None else last_error
    if sent:
        return (
            _("Sent {n} daily summaries; {m} days still wait. {why}")
            .format(n=sent, m=failed, why=why)
            .strip()
        )
    return _("{m} days still wait to be sent. {why}").format(m=failed, why=why).strip()
