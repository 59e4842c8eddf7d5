"""Cards withdrawn once for all stations: HQ's signing key, the issuer keys every station
should trust, the withdrawn cards, and the signed trust bundle that carries them
(``domain.trust_bundle``; ``docs/trust-bundle-v1.md``).

- HQ's Ed25519 key is made the first time it is needed and kept in HQ's database
  (``hq_signing_key``); ``hq_public_key_file`` gives the one-line key file a station imports
  as headquarters' key (``station-app key import FILE --kind hq``).
- The bundle trusts HQ's key and the key of every registered station in service. A key HQ
  published once and no longer trusts (a station's key replaced, a station withdrawn) is
  listed as withdrawn, so stations stop accepting its cards.
- ``current_bundle`` gives the bundle as it stands; its sequence number grows by one only
  when the content changed, so asking twice gives the very same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from station_app.atomic_file import atomic_write
from station_app.clock import SystemClock
from station_app.domain import trust_bundle
from station_app.domain.cards import key_id_of
from station_app.domain.demo_key import is_demo_public_key
from station_app.domain.errors import ServiceError
from station_app.domain.revocations import REASON_MAX
from station_app.domain.trust_bundle import BundleKey, BundleRevocation, TrustBundle
from station_app.hq.audit import record
from station_app.hq.db import HqDatabase, HqStation
from station_app.hq.trust_tables import HqPublishedKey, HqRevocation, HqSigningKey, HqTrustState
from station_app.i18n import _

HQ_OWNER = "HQ"  # the owner written in HQ's key file and bundle (stations label it themselves)
_KEY_ID = re.compile(r"^[0-9A-F]{8}$")
_CARD_NO = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


@dataclass(frozen=True)
class RevocationView:
    key_id: str
    card_no: str
    revoked_at: dt.datetime  # aware UTC
    reason: str
    revoked_by: str
    issuer: str  # the issuing station's code and name, HQ, or "" for a key HQ never knew


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _signing_row(session: Session) -> HqSigningKey | None:
    return session.get(HqSigningKey, 1)


def _ensure_signing_key(db: HqDatabase, now: dt.datetime) -> None:
    """Make HQ's key if it has none; two processes making it at once keep the first one."""
    with db.sessions() as session:
        if _signing_row(session) is not None:
            return
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        session.add(
            HqSigningKey(
                id=1,
                key_id=key_id_of(public),
                public_key=public,
                private_key=private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
                created_at=now,
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # another process made it first: that one stands


def hq_key_id(db: HqDatabase, *, now: dt.datetime | None = None) -> str:
    """The id of HQ's signing key (made now if HQ has none yet)."""
    _ensure_signing_key(db, now or SystemClock().now())
    with db.sessions() as session:
        row = _signing_row(session)
        assert row is not None
        return row.key_id


def hq_public_key_file(db: HqDatabase, *, now: dt.datetime | None = None) -> str:
    """HQ's public key as a key file line (``YZKEY1 <key id> <key> HQ``), the file a
    station imports as headquarters' key. ``now``: when a key made now is created."""
    _ensure_signing_key(db, now or SystemClock().now())
    with db.sessions() as session:
        row = _signing_row(session)
        assert row is not None
        return f"YZKEY1 {row.key_id} {_b32(row.public_key)} {HQ_OWNER}\n"


def _known_key_ids(session: Session) -> set[str]:
    ids = set(session.scalars(select(HqStation.key_id)))
    ids.update(session.scalars(select(HqPublishedKey.key_id)))
    ids.update(session.scalars(select(HqSigningKey.key_id)))
    return ids


def revoke_card(
    db: HqDatabase, key_id: str, card_no: str, reason: str, *, by: str, now: dt.datetime
) -> None:
    """Withdraw a card at every station: it is in the next trust bundle, and each station
    refuses it after its next sync. ``key_id``: the issuer's key id as on the card; ``by``:
    who withdrew it (an HQ account, or the command line), also written to HQ's audit trail.
    ServiceError for a malformed
    key id or card number, an issuer HQ does not know, or a card already withdrawn."""
    key_id, card_no, reason = key_id.strip().upper(), card_no.strip().upper(), reason.strip()
    if not _KEY_ID.match(key_id):
        raise ServiceError(_("The key id must be 8 hex digits, like 3F9A0C12."))
    if not _CARD_NO.match(card_no):
        raise ServiceError(_("“{value}” is not a card number.").format(value=card_no[:50]))
    if len(reason) > REASON_MAX:
        raise ServiceError(_("The reason is longer than {n} characters.").format(n=REASON_MAX))
    with db.sessions() as session:
        if key_id not in _known_key_ids(session):
            raise ServiceError(
                _(
                    "No registered station (and not headquarters) signs with key {key_id}. "
                    "Check the key id printed on the card."
                ).format(key_id=key_id)
            )
        existing = session.get(HqRevocation, (key_id, card_no))
        if existing is not None:
            raise ServiceError(
                _("Card {card_no} of key {key_id} was already withdrawn on {day}.").format(
                    card_no=card_no, key_id=key_id, day=existing.revoked_at.date().isoformat()
                )
            )
        session.add(
            HqRevocation(
                key_id=key_id,
                card_no=card_no,
                revoked_at=now,
                reason=reason,
                revoked_by=by.strip()[:100],
            )
        )
        # HQ's audit trail says who withdrew it, in the same transaction as the withdrawal.
        record(session, by, "card.revoke", f"{key_id} {card_no}", reason, now)
        try:
            session.commit()
        except IntegrityError:  # the same card withdrawn at the same moment elsewhere
            session.rollback()
            raise ServiceError(
                _("Card {card_no} of key {key_id} is already withdrawn.").format(
                    card_no=card_no, key_id=key_id
                )
            ) from None


def list_revocations(db: HqDatabase) -> list[RevocationView]:
    """Every card withdrawn at HQ, the latest first."""
    with db.sessions() as session:
        owners = {
            key_id: f"{code} {name}".strip()
            for code, name, key_id in session.execute(
                select(HqStation.code, HqStation.name, HqStation.key_id)
            )
        }
        owners.update({key_id: HQ_OWNER for key_id in session.scalars(select(HqSigningKey.key_id))})
        rows = session.scalars(
            select(HqRevocation).order_by(
                HqRevocation.revoked_at.desc(), HqRevocation.key_id, HqRevocation.card_no
            )
        )
        return [
            RevocationView(
                row.key_id,
                row.card_no,
                row.revoked_at,
                row.reason,
                row.revoked_by,
                owners.get(row.key_id, ""),
            )
            for row in rows
        ]


def _stations_in_service(session: Session) -> list[BundleKey]:
    query = select(HqStation.code, HqStation.name, HqStation.key_id, HqStation.public_key)
    # A station withdrawn from service issues no more cards, and its key is withdrawn too.
    active = HqStation.__table__.c.get("active")
    if active is not None:
        query = query.where(active.is_(True))
    keys = []
    for code, name, key_id, public in session.execute(query.order_by(HqStation.code)):
        if is_demo_public_key(public):
            continue  # a practice station's: anyone can sign with it, and stations refuse it
        owner = " ".join(f"{code} {name}".split())[: trust_bundle.OWNER_MAX]
        keys.append(BundleKey(key_id, public, owner, trust_bundle.KIND_STATION))
    return keys


def _content(session: Session, signer: HqSigningKey, now: dt.datetime) -> TrustBundle:
    """The bundle's content as HQ's tables stand (sequence and time not yet set), with the
    published keys brought up to date in ``session``."""
    trusted = {
        signer.key_id: BundleKey(signer.key_id, signer.public_key, HQ_OWNER, trust_bundle.KIND_HQ)
    }
    for key in _stations_in_service(session):
        trusted.setdefault(key.key_id, key)
    published = {row.key_id: row for row in session.scalars(select(HqPublishedKey))}
    for key_id in trusted:
        row = published.get(key_id)
        if row is None:
            session.add(HqPublishedKey(key_id=key_id, first_published_at=now, withdrawn_at=None))
        elif row.withdrawn_at is not None:
            row.withdrawn_at = None  # trusted again (a station back in service)
    for key_id, row in published.items():
        if key_id not in trusted and row.withdrawn_at is None:
            row.withdrawn_at = now
    withdrawn = sorted(key_id for key_id in published if key_id not in trusted)
    revocations = tuple(
        BundleRevocation(row.key_id, row.card_no, row.revoked_at.date(), row.reason)
        for row in session.scalars(
            select(HqRevocation).order_by(HqRevocation.key_id, HqRevocation.card_no)
        )
    )
    return TrustBundle(
        sequence=1,
        issued_at=now,
        keys=tuple(
            sorted(trusted.values(), key=lambda k: (k.kind != trust_bundle.KIND_HQ, k.key_id))
        ),
        withdrawn_keys=tuple(withdrawn),
        revocations=revocations,
    )


def _digest(bundle: TrustBundle) -> str:
    """What identifies the content: the payload without its number and time."""
    payload = json.loads(trust_bundle.payload_json(bundle))
    del payload["sequence"], payload["issued_at"]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def current_bundle(db: HqDatabase, *, now: dt.datetime) -> bytes:
    """The signed trust bundle as it stands (``now``: HQ's clock, the issue time of a new
    number). One transaction: the state row is locked, so two stations asking at once get
    the same number for the same content."""
    _ensure_signing_key(db, now)
    for _attempt in range(3):
        with db.sessions() as session:
            signer = _signing_row(session)
            assert signer is not None
            state = session.scalars(
                select(HqTrustState).where(HqTrustState.id == 1).with_for_update()
            ).first()
            content = _content(session, signer, now)
            digest = _digest(content)
            if state is None:
                state = HqTrustState(id=1, sequence=1, issued_at=now, content_sha256=digest)
                session.add(state)
            elif state.content_sha256 != digest:
                state.sequence += 1
                state.issued_at = now
                state.content_sha256 = digest
            bundle = TrustBundle(
                state.sequence,
                state.issued_at,
                content.keys,
                content.withdrawn_keys,
                content.revocations,
            )
            private = Ed25519PrivateKey.from_private_bytes(signer.private_key)
            try:
                session.commit()
            except IntegrityError:  # the first bundle, made by two requests at once
                session.rollback()
                continue
            return trust_bundle.encode(bundle, private)
    raise ServiceError(_("Headquarters could not issue its trust bundle; try again."))


def write_bundle(db: HqDatabase, folder: Path, *, now: dt.datetime) -> Path:
    """Put the current bundle at the top of ``folder`` (a station's USB stick), replacing
    the one there in one step; its path."""
    target = folder / trust_bundle.FILE_NAME
    data = current_bundle(db, now=now)
    with atomic_write(target) as stream:
        stream.write(data)
    return target
