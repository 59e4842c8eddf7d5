"""Attendant accounts: the first admin, signing in and handing over the shift, and the
admin's list of attendants with their roles and PINs.

Signing in sets ``db.duty``, which every unit of work stamps on the rows it writes. A wrong
PIN counts against the name in the database; after five in a row the name is locked for a
minute, doubling with each further wrong try (``domain.accounts.lock_seconds``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import ATTENDANT_KEY, Database
from station_app.db.models import Attendant
from station_app.db.uow import UnitOfWork
from station_app.domain.accounts import (
    NAME_MAX_CHARS,
    Actor,
    AttendantView,
    hash_secret,
    lock_seconds,
    secret_problem,
    verify_secret,
)
from station_app.domain.enums import Role
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin
from station_app.services.changes import Subject
from station_app.services.changes import note as note_change


class SignInRefused(ServiceError):
    """A wrong PIN, a locked or inactive name; the message says what to do."""


def _secret_message(problem: str) -> str:
    return {
        "too_long": _("At most 64 characters."),
        "pin_short": _("A PIN has at least 4 digits."),
        "pin_guessable": _("This PIN is too easy to guess (like 1234 or 0000); choose another."),
        "password_short": _("A password has at least 6 characters; or use a PIN of digits."),
    }[problem]


def _check_secret(secret: str, again: str | None) -> None:
    problem = secret_problem(secret)
    if problem is not None:
        raise ValidationFailed({"secret": _secret_message(problem)})
    if again is not None and again != secret:
        raise ValidationFailed({"again": _("The two entries differ; type the PIN again.")})


def _clean_name(session: Session, name: str, *, other_than: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed({"name": _("Enter the attendant's name.")})
    if len(name) > NAME_MAX_CHARS:
        raise ValidationFailed({"name": _("At most {n} characters.").format(n=NAME_MAX_CHARS)})
    taken = session.scalar(select(Attendant.id).where(Attendant.name == name))
    if taken is not None and taken != other_than:
        raise ValidationFailed({"name": _("There is already an attendant with this name.")})
    return name


def _view(row: Attendant) -> AttendantView:
    return AttendantView(id=row.id, name=row.name, role=Role(row.role), active=row.active)


def _actor(row: Attendant) -> Actor:
    return Actor(id=row.id, name=row.name, role=Role(row.role))


class AccountService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # -- first run and sign-in ---------------------------------------------------------------
    def has_admin(self) -> bool:
        """False until the first-run flow has made the first station admin."""
        with UnitOfWork(self._db, write=False) as uow:
            count = uow.session.scalar(
                select(func.count())
                .select_from(Attendant)
                .where(Attendant.role == Role.ADMIN, Attendant.active.is_(True))
            )
            return bool(count)

    def create_first_admin(self, name: str, secret: str, again: str | None = None) -> Actor:
        """The station manager's account, made once by the first-run flow; signs them in."""
        _check_secret(secret, again)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            if session.scalar(select(func.count()).select_from(Attendant)):
                raise ServiceError(_("The station already has attendants; ask its admin."))
            row = Attendant(
                name=_clean_name(session, name),
                role=Role.ADMIN,
                secret_hash=hash_secret(secret),
                created_at=self._clock.now(),
            )
            session.add(row)
            session.flush()
            session.info[ATTENDANT_KEY] = row.id  # made by themselves
            audit.record(session, "account.first_admin", "attendant", row.id, at=self._clock.now())
            uow.commit()
            actor = _actor(row)
        self._db.duty.current = actor
        note_change(Subject.DUTY)
        return actor

    def on_duty(self) -> list[AttendantView]:
        """Who can sign in: active attendants, by name."""
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(Attendant).where(Attendant.active.is_(True)).order_by(Attendant.name)
            )
            return [_view(row) for row in rows]

    def sign_in(self, attendant_id: int, secret: str, *, now: dt.datetime | None = None) -> Actor:
        """Start a shift (or take one over). Every wrong try is counted and audited."""
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            row = session.get(Attendant, attendant_id)
            if row is None or not row.active:
                raise SignInRefused(_("This name can no longer sign in; ask the station admin."))
            if row.locked_until is not None and row.locked_until > moment:
                raise SignInRefused(_locked_message(row.locked_until - moment, row.role))
            # The unit of work was opened before anyone signed in: name the person tried.
            session.info[ATTENDANT_KEY] = row.id
            if not verify_secret(secret, row.secret_hash):
                row.failed_attempts += 1
                wait = lock_seconds(row.failed_attempts)
                row.locked_until = moment + dt.timedelta(seconds=wait) if wait else None
                audit.record(
                    session, "account.sign_in_failed", "attendant", row.id, at=self._clock.now()
                )
                uow.commit()
                if wait:
                    raise SignInRefused(_locked_message(dt.timedelta(seconds=wait), row.role))
                raise SignInRefused(_("Wrong PIN or password. Try again."))
            row.failed_attempts = 0
            row.locked_until = None
            audit.record(session, "account.sign_in", "attendant", row.id, at=self._clock.now())
            uow.commit()
            actor = _actor(row)
        self._db.duty.current = actor
        note_change(Subject.DUTY)
        return actor

    def sign_out(self) -> None:
        """End the shift: the app waits for the next attendant to sign in."""
        if self._db.duty.current is None:
            return
        with UnitOfWork(self._db) as uow:
            audit.record(
                uow.session,
                "account.sign_out",
                "attendant",
                self._db.duty.attendant_id,
                at=self._clock.now(),
            )
            uow.commit()
        self._db.duty.current = None
        note_change(Subject.DUTY)

    def change_own_secret(self, old: str, new: str, again: str | None = None) -> None:
        current = self._db.duty.current
        if current is None:
            raise SignInRefused(_("Nobody is signed in."))
        _check_secret(new, again)
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(Attendant, current.id)
            if row is None or not verify_secret(old, row.secret_hash):
                raise ValidationFailed({"old": _("The current PIN or password is wrong.")})
            row.secret_hash = hash_secret(new)
            audit.record(
                uow.session, "account.secret_changed", "attendant", row.id, at=self._clock.now()
            )
            uow.commit()

    def current(self) -> Actor | None:
        return self._db.duty.current

    def may_administer(self) -> bool:
        return self._db.duty.may_administer

    def needs_sign_in(self) -> bool:
        """True in the GUI while nobody is on duty (the command line never signs in)."""
        return self._db.duty.current is None and not self._db.duty.console

    # -- the admin's list ------------------------------------------------------------------
    def attendants(self) -> list[AttendantView]:
        """Everyone, inactive included (admin only: it is the admin's list)."""
        require_admin(self._db)
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(select(Attendant).order_by(Attendant.name))
            return [_view(row) for row in rows]

    def add(self, name: str, role: Role, secret: str, again: str | None = None) -> AttendantView:
        require_admin(self._db)
        _check_secret(secret, again)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            row = Attendant(
                name=_clean_name(session, name),
                role=role,
                secret_hash=hash_secret(secret),
                created_at=self._clock.now(),
            )
            session.add(row)
            session.flush()
            audit.record(
                session, "account.added", "attendant", row.id, str(role), at=self._clock.now()
            )
            uow.commit()
            return _view(row)

    def update(self, attendant_id: int, *, name: str, role: Role, active: bool) -> AttendantView:
        """Rename, change the role, or stop/allow signing in. The last active admin stays."""
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            row = self._get(session, attendant_id)
            row.name = _clean_name(session, name, other_than=row.id)
            losing_admin = row.role == Role.ADMIN and (role != Role.ADMIN or not active)
            if losing_admin and self._active_admins(session) <= 1:
                raise ServiceError(
                    _("The station needs at least one active admin; make another admin first.")
                )
            changes = []
            if row.role != role:
                changes.append(f"role={role}")
            if row.active != active:
                changes.append(f"active={active}")
            row.role = role
            row.active = active
            audit.record(
                session,
                "account.updated",
                "attendant",
                row.id,
                " ".join(changes),
                at=self._clock.now(),
            )
            uow.commit()
            view = _view(row)
        if self._db.duty.attendant_id == view.id:  # an admin changed their own account
            self._db.duty.current = _actor(row) if view.active else None
            note_change(Subject.DUTY)
        return view

    def reset_secret(self, attendant_id: int, secret: str, again: str | None = None) -> None:
        """A forgotten PIN: the admin sets a new one (and lifts a lock)."""
        require_admin(self._db)
        _check_secret(secret, again)
        with UnitOfWork(self._db) as uow:
            row = self._get(uow.session, attendant_id)
            row.secret_hash = hash_secret(secret)
            row.failed_attempts = 0
            row.locked_until = None
            audit.record(
                uow.session, "account.secret_reset", "attendant", row.id, at=self._clock.now()
            )
            uow.commit()

    def names(self) -> dict[int, str]:
        """Every attendant's name by id, for lists that show who made an entry."""
        with UnitOfWork(self._db, write=False) as uow:
            return {
                id_: name for id_, name in uow.session.execute(select(Attendant.id, Attendant.name))
            }

    @staticmethod
    def _get(session: Session, attendant_id: int) -> Attendant:
        row = session.get(Attendant, attendant_id)
        if row is None:
            raise ServiceError(_("This attendant no longer exists."))
        return row

    @staticmethod
    def _active_admins(session: Session) -> int:
        return (
            session.scalar(
                select(func.count())
                .select_from(Attendant)
                .where(Attendant.role == Role.ADMIN, Attendant.active.is_(True))
            )
            or 0
        )


def _locked_message(left: dt.timedelta, role: str) -> str:
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    if role == Role.ADMIN:  # an admin has nobody above them to ask
        return _(
            "Too many wrong tries: this name is locked for {n} more minutes. If the PIN is"
            " forgotten, another admin can set a new one, or the command"
            ' "station-app attendant reset-pin" on this PC.'
        ).format(n=minutes)
    return _(
        "Too many wrong tries: this name is locked for {n} more minutes."
        " Ask the station admin to set a new PIN if it is forgotten."
    ).format(n=minutes)
