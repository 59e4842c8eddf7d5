"""HQ's staff accounts and their signed-in sessions.

Two roles: an HQ admin does everything; a district viewer sees only the stations of their
own district (``Account.districts``; the pages and exports filter by it on the server).
Passwords are kept as scrypt hashes like the station's PINs; five wrong tries in a row lock
the name for a while, doubling with each further wrong try (``domain.accounts``). A session
is a random token in a cookie; HQ stores only its SHA-256, with an expiry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from station_app.db.types import UTCDateTime
from station_app.domain.accounts import (
    NAME_MAX_CHARS,
    hash_secret,
    lock_seconds,
    verify_secret,
)
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.hq.audit import record
from station_app.hq.db import HqBase, HqDatabase
from station_app.i18n import N_, _

PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 200
SESSION_HOURS = 12  # a working day; then sign in again


class HqRole(StrEnum):
    ADMIN = "admin"
    VIEWER = "viewer"


ROLE_NAMES = {HqRole.ADMIN: N_("HQ admin"), HqRole.VIEWER: N_("District viewer")}


class HqUser(HqBase):
    __tablename__ = "hq_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    district: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class HqSession(HqBase):
    __tablename__ = "hq_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("hq_user.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Account:
    """A signed-in HQ user, as the pages see them."""

    id: int
    name: str
    role: HqRole
    district: str

    @property
    def is_admin(self) -> bool:
        return self.role is HqRole.ADMIN

    @property
    def districts(self) -> frozenset[str] | None:
        """The districts this account may see; None for all of them."""
        return None if self.is_admin else frozenset({self.district})

    def may_see(self, district: str) -> bool:
        return self.is_admin or district == self.district


@dataclass(frozen=True)
class SignedIn:
    account: Account
    token: str  # for the cookie; HQ keeps its hash
    csrf: str
    expires_at: dt.datetime


class SignInRefused(ServiceError):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account(user: HqUser) -> Account:
    return Account(user.id, user.name, HqRole(user.role), user.district)


def password_problem(password: str) -> str | None:
    if len(password.strip()) < PASSWORD_MIN_CHARS:
        return _("A password has at least {n} characters.").format(n=PASSWORD_MIN_CHARS)
    if len(password) > PASSWORD_MAX_CHARS:
        return _("A password has at most {n} characters.").format(n=PASSWORD_MAX_CHARS)
    return None


def add_user(
    db: HqDatabase,
    name: str,
    *,
    role: HqRole,
    district: str,
    password: str,
    by: str,
    now: dt.datetime,
) -> Account:
    """A new HQ account. A viewer needs a district; an admin has none."""
    name = name.strip()
    district = district.strip() if role is HqRole.VIEWER else ""
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = _("Enter a name.")
    elif len(name) > NAME_MAX_CHARS:
        problems["name"] = _("At most {n} characters.").format(n=NAME_MAX_CHARS)
    if role is HqRole.VIEWER and not district:
        problems["district"] = _("A district viewer needs a district.")
    weak = password_problem(password)
    if weak:
        problems["password"] = weak
    if problems:
        raise ValidationFailed(problems)
    with db.sessions() as session:
        if session.scalar(select(HqUser.id).where(HqUser.name == name)) is not None:
            raise ValidationFailed({"name": _("{name} already has an account.").format(name=name)})
        user = HqUser(
            name=name,
            role=role.value,
            district=district,
            password_hash=hash_secret(password),
            failures=0,
            active=True,
            created_at=now,
        )
        session.add(user)
        record(session, by, "user.add", name, f"role={role.value} district={district}", now)
        session.commit()
        return _account(user)


def list_users(db: HqDatabase) -> list[HqUser]:
    with db.sessions() as session:
        return list(session.scalars(select(HqUser).order_by(HqUser.name)))


def set_user_state(
    db: HqDatabase, user_id: int, *, active: bool, by: str, now: dt.datetime
) -> None:
    """Disable an account (its sessions end) or enable it again (its lock is lifted)."""
    with db.sessions() as session:
        user = session.get(HqUser, user_id)
        if user is None:
            raise ServiceError(_("No such account."))
        user.active = active
        if active:
            user.failures = 0
            user.locked_until = None
        else:
            session.execute(delete(HqSession).where(HqSession.user_id == user_id))
        record(session, by, "user.enable" if active else "user.disable", user.name, "", now)
        session.commit()


def reset_password(
    db: HqDatabase, user_id: int, password: str, *, by: str, now: dt.datetime
) -> None:
    weak = password_problem(password)
    if weak:
        raise ValidationFailed({"password": weak})
    with db.sessions() as session:
        user = session.get(HqUser, user_id)
        if user is None:
            raise ServiceError(_("No such account."))
        user.password_hash = hash_secret(password)
        user.failures = 0
        user.locked_until = None
        session.execute(delete(HqSession).where(HqSession.user_id == user_id))
        record(session, by, "user.password", user.name, "", now)
        session.commit()


def sign_in(
    db: HqDatabase, name: str, password: str, *, now: dt.datetime, address: str = ""
) -> SignedIn:
    """A new session for the right password; SignInRefused otherwise (the same message for an
    unknown name and a wrong password, so names cannot be probed)."""
    wrong = SignInRefused(_("Wrong name or password."))
    with db.sessions() as session:
        user = session.scalar(select(HqUser).where(HqUser.name == name.strip()))
        if user is None or not user.active:
            record(session, name[:80], "signin.failed", name[:200], f"from {address}", now)
            session.commit()
            raise wrong
        if user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() + 59) // 60)
            record(session, user.name, "signin.locked", user.name, f"from {address}", now)
            session.commit()
            raise SignInRefused(
                _("Too many wrong passwords: {name} is locked for {n} more minutes.").format(
                    name=user.name, n=minutes
                )
            )
        if not verify_secret(password, user.password_hash):
            user.failures += 1
            wait = lock_seconds(user.failures)
            user.locked_until = now + dt.timedelta(seconds=wait) if wait else None
            record(
                session,
                user.name,
                "signin.failed",
                user.name,
                f"from {address}; {user.failures} in a row",
                now,
            )
            session.commit()
            raise wrong
        user.failures = 0
        user.locked_until = None
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(hours=SESSION_HOURS)
        session.execute(delete(HqSession).where(HqSession.expires_at <= now))
        session.add(
            HqSession(
                token_hash=_hash(token),
                user_id=user.id,
                csrf=csrf,
                created_at=now,
                expires_at=expires,
            )
        )
        record(session, user.name, "signin", user.name, f"from {address}", now)
        session.commit()
        return SignedIn(_account(user), token, csrf, expires)


def session_for(db: HqDatabase, token: str, *, now: dt.datetime) -> SignedIn | None:
    """The live session of a cookie's token, or None (unknown, expired, account disabled)."""
    if not token:
        return None
    wanted = _hash(token)
    with db.sessions() as session:
        row = session.execute(
            select(HqSession, HqUser)
            .join(HqUser, HqUser.id == HqSession.user_id)
            .where(HqSession.token_hash == wanted)
        ).first()
    if row is None:
        return None
    stored, user = row
    if not hmac.compare_digest(stored.token_hash, wanted):
        return None
    if stored.expires_at <= now or not user.active:
        return None
    return SignedIn(_account(user), token, stored.csrf, stored.expires_at)


def sign_out(db: HqDatabase, token: str, *, who: str, now: dt.datetime) -> None:
    with db.sessions() as session:
        session.execute(delete(HqSession).where(HqSession.token_hash == _hash(token)))
        record(session, who, "signout", who, "", now)
        session.commit()
