"""Registered outdoor workers: register, edit, find, deactivate, erase (PIPL)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import Card, Occupation, Worker
from station_app.db.uow import UnitOfWork
from station_app.domain.days import local_date
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.people import normalize_phone, worker_problems
from station_app.i18n import _
from station_app.reports.output import atomic_output
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin
from station_app.services.people.personal_data import (
    as_json,
    erase_worker_row,
    personal_data,
    stale_workers,
    years_before,
)
from station_app.services.people.worker_data import WorkerInput, WorkerView, mask_phone
from station_app.services.station.labels import occupation_labels

_PHONE_QUERY = re.compile(r"^[0-9]{3,11}$")


def find_worker(session: Session, worker_id: int) -> Worker:
    """The worker, or ServiceError when there is none (or only an erased record)."""
    worker = session.get(Worker, worker_id)
    if worker is None or worker.erased_at is not None:
        raise ServiceError(
            _("There is no worker number {id}. Search for the worker again.").format(id=worker_id)
        )
    return worker


def worker_views(session: Session, workers: Sequence[Worker], zone: dt.tzinfo) -> list[WorkerView]:
    """Views of ``workers`` with their labels and current cards, in two queries."""
    labels = occupation_labels(session)
    current: dict[int, str] = {}
    if workers:
        rows = session.execute(
            select(Card.worker_id, Card.card_no)
            .where(Card.worker_id.in_([w.id for w in workers]), Card.revoked_at.is_(None))
            .order_by(Card.id)
        )
        current = {worker_id: card_no for worker_id, card_no in rows if worker_id is not None}
    return [
        WorkerView(
            id=w.id,
            display_name=w.display_name,
            phone_masked=mask_phone(w.phone),
            occupation_code=w.occupation_code,
            occupation_label=labels.get(w.occupation_code, w.occupation_code),
            employer=w.employer,
            union_member=w.union_member,
            wants_to_join=w.wants_to_join,
            consent_on=w.consent_on,
            active=w.active,
            card_no=current.get(w.id),
            registered_on=local_date(w.created_at, zone),
        )
        for w in workers
    ]


def _cleaned(session: Session, data: WorkerInput, *, keep_occupation: str = "") -> WorkerInput:
    """``data`` trimmed and checked; ValidationFailed with a message per bad field."""
    cleaned = WorkerInput(
        display_name=data.display_name.strip(),
        occupation_code=data.occupation_code.strip(),
        phone=normalize_phone(data.phone.strip()),
        employer=data.employer.strip(),
        union_member=data.union_member,
        wants_to_join=data.wants_to_join,
        consent=data.consent,
    )
    problems = worker_problems(
        display_name=cleaned.display_name,
        phone=cleaned.phone,
        employer=cleaned.employer,
        consent=cleaned.consent,
    )
    occupation = (
        session.get(Occupation, cleaned.occupation_code) if cleaned.occupation_code else None
    )
    # A worker keeps an occupation the station has since switched off, until it is changed.
    usable = occupation is not None and (occupation.active or occupation.code == keep_occupation)
    if not usable:
        problems["occupation_code"] = _("Choose the worker's occupation category from the list.")
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def _apply(worker: Worker, data: WorkerInput) -> None:
    worker.display_name = data.display_name
    worker.occupation_code = data.occupation_code
    worker.phone = data.phone or None
    worker.employer = data.employer
    worker.union_member = data.union_member
    worker.wants_to_join = data.wants_to_join and not data.union_member


class WorkerService:
    """The station's registered workers. Every method is one unit of work."""

    def __init__(
        self, db: Database, clock: Clock, retention_years: Callable[[], int] = lambda: 0
    ) -> None:
        self._db = db
        self._clock = clock
        # Read when retention runs, so a change on the settings page applies at once.
        self._retention_years = retention_years

    def register(self, data: WorkerInput, *, today: dt.date | None = None) -> WorkerView:
        """Register a worker who agreed to their details being kept (consent dated ``today``).

        Raises ValidationFailed with a translated message per field (display_name, phone,
        employer, occupation_code, consent).
        """
        with UnitOfWork(self._db) as uow:
            cleaned = _cleaned(uow.session, data)
            worker = Worker(active=True, created_at=self._clock.now())
            _apply(worker, cleaned)
            worker.consent_on = today or self._clock.today()
            uow.session.add(worker)
            uow.session.flush()
            audit.record(
                uow.session, "worker.registered", "worker", worker.id, at=self._clock.now()
            )
            (view,) = worker_views(uow.session, [worker], self._clock.zone)
            uow.commit()
            return view

    def update(self, worker_id: int, data: WorkerInput) -> WorkerView:
        """Change a worker's details; the consent date stays the first one.

        ``data.phone`` may be the masked number shown (138****1234): the stored number is
        then kept; empty removes it. ``data.consent`` must still be True: a worker who
        withdraws consent is erased instead.
        """
        with UnitOfWork(self._db) as uow:
            worker = find_worker(uow.session, worker_id)
            if worker.phone and data.phone.strip() == mask_phone(worker.phone):
                # The form showed the masked number and nobody changed it: keep the number.
                data = replace(data, phone=worker.phone)
            cleaned = _cleaned(uow.session, data, keep_occupation=worker.occupation_code)
            _apply(worker, cleaned)
            if worker.consent_on is None:
                worker.consent_on = self._clock.today()
            audit.record(uow.session, "worker.updated", "worker", worker.id, at=self._clock.now())
            uow.session.flush()
            (view,) = worker_views(uow.session, [worker], self._clock.zone)
            uow.commit()
            return view

    def get(self, worker_id: int) -> WorkerView:
        with UnitOfWork(self._db, write=False) as uow:
            (view,) = worker_views(
                uow.session, [find_worker(uow.session, worker_id)], self._clock.zone
            )
            return view

    def find(
        self, query: str, *, include_inactive: bool = False, limit: int = 200
    ) -> list[WorkerView]:
        """Workers matching ``query``, most recently registered first.

        Empty: everyone. Three or more digits: the end of a phone number (or of a card
        number, e.g. its serial). Anything else: part of the name, or a card number (whole
        or its end, any letter case). Erased workers are never found.
        """
        text = query.strip()
        statement = select(Worker).where(Worker.erased_at.is_(None))
        if not include_inactive:
            statement = statement.where(Worker.active)
        if text:
            by_card = Worker.id.in_(
                select(Card.worker_id).where(
                    Card.worker_id.is_not(None),
                    Card.card_no.endswith(text.upper(), autoescape=True),
                )
            )
            digits = normalize_phone(text)
            if _PHONE_QUERY.match(digits):
                statement = statement.where(
                    or_(Worker.phone.endswith(digits, autoescape=True), by_card)
                )
            else:
                statement = statement.where(
                    or_(Worker.display_name.contains(text, autoescape=True), by_card)
                )
        statement = statement.order_by(Worker.created_at.desc(), Worker.id.desc()).limit(
            max(0, limit)
        )
        with UnitOfWork(self._db, write=False) as uow:
            return worker_views(uow.session, list(uow.session.scalars(statement)), self._clock.zone)

    def deactivate(self, worker_id: int) -> WorkerView:
        """The worker no longer uses the station: hidden from the list, their card refused."""
        return self._set_active(worker_id, active=False)

    def reactivate(self, worker_id: int) -> WorkerView:
        return self._set_active(worker_id, active=True)

    def _set_active(self, worker_id: int, *, active: bool) -> WorkerView:
        with UnitOfWork(self._db) as uow:
            worker = find_worker(uow.session, worker_id)
            worker.active = active
            audit.record(
                uow.session, "worker.active", "worker", worker.id, str(active), at=self._clock.now()
            )
            uow.session.flush()
            (view,) = worker_views(uow.session, [worker], self._clock.zone)
            uow.commit()
            return view

    def erase(self, worker_id: int) -> None:
        """Erase a worker's personal data (PIPL); their visits stay as anonymous counts.

        Name, phone, employer, membership and consent are blanked, their cards withdrawn,
        and their visits and loans no longer point at them. Their visits keep the
        occupation, so the station's figures do not change.
        """
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            worker = session.get(Worker, worker_id)
            if worker is not None and worker.erased_at is not None:
                return  # erased already: asking twice is not an error
            erase_worker_row(session, find_worker(session, worker_id), self._clock.now())
            uow.commit()

    def export_personal_data(self, worker_id: int, *, now: dt.datetime | None = None) -> bytes:
        """Everything the station holds about the worker, as readable UTF-8 JSON (PIPL).

        The full phone number is in it: the worker is entitled to their own data. An erased
        worker's copy says that nothing personal is left.
        """
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            data = personal_data(uow.session, worker_id, self._clock.or_now(now), self._clock.zone)
            audit.record(uow.session, "worker.export", "worker", worker_id, at=self._clock.now())
            uow.commit()
        return as_json(data)

    def save_personal_data(self, worker_id: int, path: Path) -> Path:
        """``export_personal_data`` written to ``path`` atomically (never half a file)."""
        data = self.export_personal_data(worker_id)
        with atomic_output(path) as stream:  # a failure is a ServiceError naming the file
            stream.write(data)
        return path

    def apply_retention(self, now: dt.datetime | None = None) -> int:
        """Erase every worker not seen for ``retention_years`` (0: off); how many were erased.

        Seen means their last visit, or their registration when they never came. All of them
        are erased in one transaction, exactly as ``erase`` does one.
        """
        # No role check: the admin chose the setting, and the app applies it at start-up,
        # before anyone signs in. Each erasure is audited without an attendant.
        years = self._retention_years()
        if years <= 0:
            return 0
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            stale = stale_workers(uow.session, years_before(moment, years))
            for worker in stale:
                erase_worker_row(uow.session, worker, moment)
            uow.commit()
            return len(stale)

    def count(self, include_inactive: bool = False) -> int:
        """How many workers are registered (erased ones never count)."""
        statement = select(func.count()).select_from(Worker).where(Worker.erased_at.is_(None))
        if not include_inactive:
            statement = statement.where(Worker.active)
        with UnitOfWork(self._db, write=False) as uow:
            return uow.session.scalar(statement) or 0
