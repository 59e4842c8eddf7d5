"""The stations HQ accepts summaries from: their key, their token."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.station import StationProfile, validate_profile
from station_app.hq.db import HqDatabase, HqStation
from station_app.i18n import _
from station_app.services.people.keyring import parse_key_file


@dataclass(frozen=True)
class StationAdded:
    code: str
    name: str
    district: str
    key_id: str
    token: str  # shown once: HQ keeps only its SHA-256


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_station(
    db: HqDatabase, code: str, *, name: str, district: str, key_text: str, now: dt.datetime
) -> StationAdded:
    """Register a station with its public key file (``station-app key export``) and make its
    upload token. A station already registered is refused: its token would change silently.
    ``now``: when it is added (HQ's clock)."""
    profile = StationProfile(code=code, name=name, district=district).normalized()
    problems = validate_profile(profile)
    if problems:
        raise ValidationFailed(problems)
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
                name=profile.name,
                district=profile.district,
                token_hash=token_hash(token),
                key_id=key_id,
                public_key=public_key,
                added_at=now,
            )
        )
        session.commit()
    return StationAdded(profile.code, profile.name, profile.district, key_id, token)


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
