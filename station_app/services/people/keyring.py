"""The keyring: whose cards this station accepts, and the cards it must refuse.

Every station signs the cards it issues with its own Ed25519 key, created on first use and
kept in the database (the private half never leaves it). Another station, or HQ, accepts
those cards once it has imported the station's *public* key, exported as a one-line text
file (UTF-8)::

    YZKEY1 <key id> <public key> <owner>

- ``YZKEY1`` marks the format (version 1);
- ``<key id>`` is 8 upper-case hex digits, the first ones of the SHA-256 of the public key
  (``domain.cards.key_id_of``), as they appear in every card's QR text;
- ``<public key>`` is the raw 32-byte Ed25519 public key in base32 without padding
  (52 characters);
- ``<owner>`` is free text up to the end of the line: the station's code and name, or HQ's
  name.

For example ``YZKEY1 3F9A0C12 Q2C7…7XKA HF-LY-0012 庐阳区爱心驿站``. Blank lines and lines
starting with ``#`` are ignored, so a file may carry a comment. The key id is checked
against the key on import: a file changed by hand is refused.

A demo station's key (``domain.demo_key``: anyone can make it) is exported with ``YZDEMO1``
in place of ``YZKEY1``, and no station imports it: neither a file so marked nor a demo key
recognised without its mark. Older versions refuse a ``YZDEMO1`` file as not a key file.

Cards withdrawn elsewhere arrive as a revocation list file (``domain.revocations``), or
with headquarters' trust bundle at each sync (``services/sync/trust.py``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import Card, RevokedCard, StationProfileRow, TrustedKey
from station_app.db.uow import UnitOfWork
from station_app.domain.cards import key_id_of
from station_app.domain.days import day_start
from station_app.domain.demo_key import is_demo_public_key
from station_app.domain.enums import KeyKind, RevocationSource
from station_app.domain.errors import ServiceError
from station_app.domain.revocations import RevocationListInvalid, parse_revocations
from station_app.i18n import N_, _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin
from station_app.services.people.worker_data import KeyView

KEY_FILE_PREFIX = "YZKEY1"
DEMO_KEY_FILE_PREFIX = "YZDEMO1"  # the same line for a demo station's key
OWNER_MAX = 200
IMPORT_CHUNK = 5000
_KEY_ID = re.compile(r"^[0-9A-F]{8}$")
_KIND_LABELS = {
    KeyKind.OWN: N_("This station"),
    KeyKind.HQ: N_("Headquarters"),
    KeyKind.STATION: N_("Another station"),
}
_KIND_ORDER = {KeyKind.OWN: 0, KeyKind.HQ: 1, KeyKind.STATION: 2}


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _clean_owner(owner: str) -> str:
    return " ".join(owner.split())[:OWNER_MAX]


def _profile_owner(session: Session) -> str:
    profile = session.get(StationProfileRow, 1)
    return "" if profile is None else _clean_owner(f"{profile.code} {profile.name}")


def _own_row(session: Session) -> TrustedKey | None:
    return session.scalars(
        select(TrustedKey)
        .where(TrustedKey.kind == KeyKind.OWN, TrustedKey.active)
        .order_by(TrustedKey.added_at, TrustedKey.key_id)
        .limit(1)
    ).first()


def own_key_row(
    session: Session,
    *,
    added_at: dt.datetime,
    new_key: Callable[[], Ed25519PrivateKey] = Ed25519PrivateKey.generate,
    demo: bool = False,
) -> TrustedKey:
    """The station's signing key, created (in this unit of work) the first time it is asked for.

    ``added_at``: when a key made now is added (the clock's now). ``new_key`` and ``demo``
    let the demo make a reproducible key, marked as a demo key; a real station's key is
    always freshly generated.
    """
    row = _own_row(session)
    if row is None:
        private = new_key()
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        row = TrustedKey(
            key_id=key_id_of(public),
            public_key=public,
            private_key=private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            owner=_profile_owner(session),
            kind=KeyKind.OWN,
            active=True,
            added_at=added_at,
            demo=demo,
        )
        session.add(row)
        session.flush()
    return row


def signing_key(row: TrustedKey) -> Ed25519PrivateKey:
    assert row.private_key is not None, "only the station's own key signs"
    return Ed25519PrivateKey.from_private_bytes(row.private_key)


def _view(row: TrustedKey) -> KeyView:
    kind = KeyKind(row.kind)
    return KeyView(
        key_id=row.key_id,
        owner=row.owner,
        kind=kind.value,
        kind_label=_(_KIND_LABELS[kind]),
        added_at=row.added_at,
        active=row.active,
        can_sign=row.private_key is not None,
        demo=row.demo,
    )


def parse_key_file(text: str) -> tuple[str, bytes, str]:
    """(key id, raw public key, owner) from a key file; ServiceError saying what is wrong."""
    key_id, public, owner, _demo = read_key_file(text)
    return key_id, public, owner


def read_key_file(text: str) -> tuple[str, bytes, str, bool]:
    """``parse_key_file``, and whether the file marks the key as a demo station's."""
    lines = [
        line.strip()
        for line in text.removeprefix("\ufeff").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    not_a_key = _(
        "This file does not hold a public key from a station or headquarters. Ask the issuer "
        "for their key file again (its line starts with YZKEY1)."
    )
    if not lines:
        raise ServiceError(not_a_key)
    if len(lines) > 1:
        raise ServiceError(_("This file holds more than one line. Import one key file at a time."))
    parts = lines[0].split(maxsplit=3)
    if len(parts) < 3 or parts[0] not in (KEY_FILE_PREFIX, DEMO_KEY_FILE_PREFIX):
        raise ServiceError(not_a_key)
    key_id, encoded = parts[1].upper(), parts[2].upper()
    owner = _clean_owner(parts[3]) if len(parts) == 4 else ""
    try:
        public = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
        Ed25519PublicKey.from_public_bytes(public)
    except (binascii.Error, ValueError):
        raise ServiceError(not_a_key) from None
    if not _KEY_ID.match(key_id) or key_id_of(public) != key_id:
        raise ServiceError(
            _(
                "The key in this file does not match its key id {key_id}: the file was changed "
                "or damaged. Ask the issuer for their key file again."
            ).format(key_id=key_id[:8])
        )
    return key_id, public, owner, parts[0] == DEMO_KEY_FILE_PREFIX


class KeyringService:
    """The station's own key, the keys it trusts, and imported revocation lists."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def own_key_id(self) -> str:
        """The id of the key this station signs its cards with (created on first use)."""
        with UnitOfWork(self._db) as uow:
            row = own_key_row(uow.session, added_at=self._clock.now())
            uow.commit()
            return row.key_id

    def export_public_key(self) -> str:
        """The station's public key as one line of a key file (see the module docstring)."""
        with UnitOfWork(self._db) as uow:
            row = own_key_row(uow.session, added_at=self._clock.now())
            owner = _profile_owner(uow.session) or row.owner
            uow.commit()
            prefix = DEMO_KEY_FILE_PREFIX if row.demo else KEY_FILE_PREFIX
            return f"{prefix} {row.key_id} {_b32(row.public_key)} {owner}".rstrip()

    def import_key(self, text: str, kind: str = KeyKind.HQ) -> KeyView:
        """Trust the public key in a key file; cards it signed are accepted from now on.

        Importing a key already trusted updates its owner and kind. Raises ServiceError for
        anything that is not a valid key file, for this station's own key, and for a demo
        station's key (anyone can sign cards with it).
        """
        require_admin(self._db)
        if kind not in (KeyKind.HQ, KeyKind.STATION):
            raise ServiceError(
                _("A key can be imported as headquarters' (hq) or another station's (station).")
            )
        key_id, public, owner, marked_demo = read_key_file(text)
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(TrustedKey, key_id)
            if row is not None and row.kind == KeyKind.OWN:
                raise ServiceError(_("This is this station's own key; it is already trusted."))
            if marked_demo or is_demo_public_key(public):
                raise ServiceError(
                    _(
                        "Key {key_id} is a demo station's key: it is made from the demo data, "
                        "so anyone can sign cards with it. It cannot be trusted; ask the "
                        "station for the key file of its real data."
                    ).format(key_id=key_id)
                )
            if row is None:
                row = TrustedKey(
                    key_id=key_id, public_key=public, kind=kind, added_at=self._clock.now()
                )
                uow.session.add(row)
            row.kind = kind
            row.owner = owner
            row.active = True
            audit.record(
                uow.session,
                "key.import",
                "trusted_key",
                key_id,
                f"{kind} {owner}",
                at=self._clock.now(),
            )
            uow.session.flush()
            view = _view(row)
            uow.commit()
            return view

    def list_keys(self, *, include_removed: bool = False) -> list[KeyView]:
        """The keyring: this station's key first, then HQ's, then other stations'."""
        with UnitOfWork(self._db, write=False) as uow:
            query = select(TrustedKey)
            if not include_removed:
                query = query.where(TrustedKey.active)
            rows = list(uow.session.scalars(query))
            rows.sort(key=lambda r: (_KIND_ORDER.get(KeyKind(r.kind), 9), r.added_at, r.key_id))
            return [_view(row) for row in rows]

    def remove_key(self, key_id: str) -> None:
        """Stop trusting a key: cards it signed are refused from now on (it can be imported
        again). The station's own key cannot be removed."""
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(TrustedKey, key_id.strip().upper())
            if row is None or not row.active:
                raise ServiceError(
                    _("There is no trusted key {key_id}. Check the key id in the list.").format(
                        key_id=key_id.strip()[:20]
                    )
                )
            if row.kind == KeyKind.OWN:
                raise ServiceError(
                    _(
                        "This station's own key cannot be removed: every card it issued would "
                        "stop working."
                    )
                )
            row.active = False
            audit.record(uow.session, "key.remove", "trusted_key", row.key_id, at=self._clock.now())
            uow.commit()

    def import_revocations(self, path: Path) -> int:
        """Add the cards of a revocation list file to those refused; returns how many were new.

        The whole file is refused (nothing written) when any line is bad; the message names
        the lines. Importing the same file again adds nothing.
        """
        require_admin(self._db)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise ServiceError(
                _("Could not read {path}: {error}").format(path=path, error=exc.strerror or exc)
            ) from exc
        except UnicodeDecodeError:
            raise ServiceError(
                _(
                    "{path} is not a UTF-8 text file. Save the revocation list as “CSV UTF-8” "
                    "and import it again."
                ).format(path=path.name)
            ) from None
        try:
            revocations = parse_revocations(text)
        except RevocationListInvalid as invalid:
            raise ServiceError(
                _(
                    "The revocation list was not imported; nothing was changed. Correct these "
                    "lines and import it again:\n{problems}"
                ).format(problems=invalid.summary())
            ) from None
        with UnitOfWork(self._db) as uow:
            session = uow.session
            before = session.scalar(select(func.count()).select_from(RevokedCard)) or 0
            rows = [
                {
                    "key_id": r.key_id,
                    "card_no": r.card_no,
                    "revoked_at": day_start(r.revoked_on, self._clock.zone),
                    "reason": r.reason,
                    "source": RevocationSource.IMPORTED.value,
                }
                for r in revocations
            ]
            statement = sqlite_insert(RevokedCard).on_conflict_do_nothing(
                index_elements=["key_id", "card_no"]
            )
            for start in range(0, len(rows), IMPORT_CHUNK):
                session.execute(statement, rows[start : start + IMPORT_CHUNK])
            added = (session.scalar(select(func.count()).select_from(RevokedCard)) or 0) - before
            mark_cards_revoked(session)
            audit.record(
                session,
                "revocations.import",
                "revoked_card",
                "",
                f"{added} new",
                at=self._clock.now(),
            )
            uow.commit()
            return added


def mark_cards_revoked(session: Session) -> None:
    """Cards known here that a list withdrew show as withdrawn in the worker list too."""
    same_card = (RevokedCard.card_no == Card.card_no, RevokedCard.key_id == Card.issuer_key_id)
    session.execute(
        update(Card)
        .where(Card.revoked_at.is_(None), exists().where(*same_card))
        .values(
            revoked_at=select(RevokedCard.revoked_at).where(*same_card).scalar_subquery(),
            revoke_reason=select(RevokedCard.reason).where(*same_card).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
