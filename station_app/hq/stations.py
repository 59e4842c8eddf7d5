"""The stations HQ accepts summaries from: their profile, key and token, and who changed
what about them (``HqStationRevision``; every change is also in HQ's audit trail)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Index, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from station_app.db.types import UTCDateTime
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.station import StationProfile, validate_profile
from station_app.hq.audit import record
from station_app.hq.db import HqBase, HqBatch, HqDatabase, HqStation
from station_app.hq.figures.rollups import move_station
from station_app.i18n import _
from station_app.services.people.keyring import parse_key_file

CONSOLE = "console"  # the author of changes made on HQ's command line
# A revoked token's place: not a SHA-256 in hex, so no token can ever hash to it.
REVOKED_PREFIX = "revoked:"


class HqStationRevision(HqBase):
    """One field of a station changed: before, after, who and when."""

    __tablename__ = "hq_station_revision"
    __table_args__ = (Index("ix_hq_station_revision_code", "station_code", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No foreign key: the history outlives nothing, but keeps the schema's drop order simple.
    station_code: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    who: Mapped[str] = mapped_column(String(80))
    field: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(String(400), default="")
    after: Mapped[str] = mapped_column(String(400), default="")


@dataclass(frozen=True)
class StationDetails:
    """What HQ's staff may set about a station besides its code and key."""

    name: str
    district: str = ""
    address: str = ""
    opening_hours: str = ""
    opened_on: dt.date | None = None
    closed_weekdays: str = ""  # ISO weekday digits, "67" for weekends


@dataclass(frozen=True)
class StationRow:
    code: str
    name: str
    district: str
    active: bool
    has_token: bool
    last_contact: dt.datetime | None


@dataclass(frozen=True)
class StationAdded:
    code: str
    name: str
    district: str
    key_id: str
    token: str  # shown once: HQ keeps only its SHA-256


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _checked(code: str, details: StationDetails) -> tuple[StationProfile, StationDetails]:
    profile = StationProfile(
        code=code,
        name=details.name,
        district=details.district,
        address=details.address,
        opening_hours=details.opening_hours,
    ).normalized()
    problems = validate_profile(profile)
    weekdays = "".join(sorted(set(details.closed_weekdays.replace(",", "").replace(" ", ""))))
    if any(day not in "1234567" for day in weekdays) or len(weekdays) == 7:
        problems["closed_weekdays"] = _(
            "Closed weekdays are digits from 1 (Monday) to 7 (Sunday), not all seven."
        )
    if problems:
        raise ValidationFailed(problems)
    return profile, StationDetails(
        profile.name,
        profile.district,
        profile.address,
        profile.opening_hours,
        details.opened_on,
        weekdays,
    )


def add_station(
    db: HqDatabase,
    code: str,
    *,
    name: str,
    district: str,
    key_text: str,
    now: dt.datetime,
    details: StationDetails | None = None,
    by: str = CONSOLE,
) -> StationAdded:
    """Register a station with its public key file (``station-app key export``) and make its
    upload token. A station already registered is refused: its token would change silently.
    ``now``: when it is added (HQ's clock); ``details`` beyond the name and district."""
    profile, checked = _checked(code, details or StationDetails(name=name, district=district))
    key_id, public_key, _owner = parse_key_file(key_text)
    # 32 random bytes: guessing one is hopeless, and HQ stores only its hash.
    token = secrets.token_urlsafe(32)
    with db.sessions() as session:
        if session.get(HqStation, profile.code) is not None:
            raise ServiceError(
                _("Station {code} is already registered at headquarters.").format(code=profile.code)
            )
        session.add(
            HqStation(
                code=profile.code,
                name=checked.name,
                district=checked.district,
                token_hash=token_hash(token),
                key_id=key_id,
                public_key=public_key,
                added_at=now,
                address=checked.address,
                opening_hours=checked.opening_hours,
                opened_on=checked.opened_on,
                closed_weekdays=checked.closed_weekdays,
                active=True,
            )
        )
        record(session, by, "station.add", profile.code, f"key {key_id}", now)
        session.commit()
    return StationAdded(profile.code, checked.name, checked.district, key_id, token)


def _station(session: Session, code: str) -> HqStation:
    station = session.get(HqStation, code)
    if station is None:
        raise ServiceError(_("No station {code} is registered.").format(code=code))
    return station


def update_station(
    db: HqDatabase,
    code: str,
    details: StationDetails,
    *,
    key_text: str = "",
    by: str,
    now: dt.datetime,
) -> list[str]:
    """Change a station's details (and its key, when a key file is given); each changed
    field becomes a revision. The names of the changed fields."""
    _profile, checked = _checked(code, details)
    new_key = parse_key_file(key_text)[:2] if key_text.strip() else None
    with db.sessions() as session:
        station = _station(session, code)
        changes: list[tuple[str, str, str]] = []
        for field_name in (
            "name",
            "district",
            "address",
            "opening_hours",
            "opened_on",
            "closed_weekdays",
        ):
            before, after = getattr(station, field_name), getattr(checked, field_name)
            if before != after:
                setattr(station, field_name, after)
                changes.append((field_name, _text(before), _text(after)))
                if field_name == "district":
                    # The dashboard's district sums follow the station, in this transaction.
                    move_station(session.connection(), code, before, after)
        if new_key is not None and new_key[1] != station.public_key:
            changes.append(("key", station.key_id, new_key[0]))
            station.key_id, station.public_key = new_key
        for field_name, before_text, after_text in changes:
            session.add(
                HqStationRevision(
                    station_code=code,
                    at=now,
                    who=by,
                    field=field_name,
                    before=before_text[:400],
                    after=after_text[:400],
                )
            )
        if changes:
            record(
                session,
                by,
                "station.edit",
                code,
                "; ".join(f"{name}: {old} -> {new}" for name, old, new in changes),
                now,
            )
        session.commit()
    return [name for name, _old, _new in changes]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def issue_token(db: HqDatabase, code: str, *, by: str, now: dt.datetime) -> str:
    """A new upload token for the station (the old one stops working at once); shown once."""
    token = secrets.token_urlsafe(32)
    with db.sessions() as session:
        station = _station(session, code)
        rotated = not station.token_hash.startswith(REVOKED_PREFIX)
        station.token_hash = token_hash(token)
        record(session, by, "token.rotate" if rotated else "token.issue", code, "", now)
        session.commit()
    return token


def revoke_token(db: HqDatabase, code: str, *, by: str, now: dt.datetime) -> None:
    """The station's token stops working; the station can send nothing until a new one."""
    with db.sessions() as session:
        station = _station(session, code)
        station.token_hash = REVOKED_PREFIX + secrets.token_hex(28)
        record(session, by, "token.revoke", code, "", now)
        session.commit()


def set_active(db: HqDatabase, code: str, *, active: bool, by: str, now: dt.datetime) -> None:
    """Withdraw a station from service (it is no longer expected to report) or bring it back."""
    with db.sessions() as session:
        station = _station(session, code)
        if station.active != active:
            station.active = active
            session.add(
                HqStationRevision(
                    station_code=code,
                    at=now,
                    who=by,
                    field="active",
                    before=str(not active),
                    after=str(active),
                )
            )
            record(
                session, by, "station.activate" if active else "station.deactivate", code, "", now
            )
        session.commit()


def station_rows(db: HqDatabase, districts: frozenset[str] | None) -> list[StationRow]:
    """The stations ``districts`` may see (None: all), with their last contact."""
    last = (
        select(HqBatch.station_code, func.max(HqBatch.received_at).label("last"))
        .group_by(HqBatch.station_code)
        .subquery()
    )
    query = (
        select(HqStation, last.c.last)
        .outerjoin(last, last.c.station_code == HqStation.code)
        .order_by(HqStation.district, HqStation.code)
    )
    if districts is not None:
        query = query.where(HqStation.district.in_(districts))
    with db.sessions() as session:
        return [
            StationRow(
                station.code,
                station.name,
                station.district,
                station.active,
                not station.token_hash.startswith(REVOKED_PREFIX),
                _aware(last_contact),
            )
            for station, last_contact in session.execute(query)
        ]


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    # max() over the column comes back without UTCDateTime's conversion.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def get_station(db: HqDatabase, code: str) -> HqStation | None:
    with db.sessions() as session:
        return session.get(HqStation, code)


def revisions(db: HqDatabase, code: str) -> list[HqStationRevision]:
    with db.sessions() as session:
        return list(
            session.scalars(
                select(HqStationRevision)
                .where(HqStationRevision.station_code == code)
                .order_by(HqStationRevision.id.desc())
            )
        )


def station_for_token(db: HqDatabase, token: str) -> str | None:
    """The code of the station this upload token belongs to, or None."""
    if not token:
        return None
    wanted = token_hash(token)
    with db.sessions() as session:
        row = session.execute(
            select(HqStation.code, HqStation.token_hash).where(HqStation.token_hash == wanted)
        ).first()
    # The lookup is by hash (an attacker cannot steer it); the final check is constant-time.
    if row is None or not hmac.compare_digest(row.token_hash, wanted):
        return None
    return str(row.code)
