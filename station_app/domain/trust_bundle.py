"""The trust bundle: the issuer keys and withdrawn cards headquarters publishes to every
station, signed with HQ's Ed25519 key (``docs/trust-bundle-v1.md`` describes the format).

The file is one JSON object::

    {"format": "YZTRUST1", "key_id": "<HQ's key id>",
     "payload": "<the payload, itself JSON, as one string>",
     "signature": "<base64 Ed25519 signature over the payload string's UTF-8 bytes>"}

The payload travels as a string so the signed bytes are exactly the bytes received: no
re-serialisation has to agree on spacing or key order. It holds the sequence number (one
more each time the content changes), when HQ issued it, the trusted keys, the keys withdrawn
and the withdrawn cards. Pure functions, no database: HQ writes bundles with ``encode``,
stations read them with ``decode``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from station_app.domain.cards import key_id_of
from station_app.domain.demo_key import is_demo_public_key
from station_app.domain.revocations import REASON_MAX
from station_app.i18n import _

FORMAT = "YZTRUST1"
FILE_NAME = "station-trust.json"  # where the folder route puts it (the stick's top level)
MAX_BYTES = 32 * 1024 * 1024  # far above 100,000 withdrawn cards (about 100 bytes each)
OWNER_MAX = 200
KIND_HQ = "hq"
KIND_STATION = "station"
_KEY_ID = re.compile(r"^[0-9A-F]{8}$")
_CARD_NO = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


@dataclass(frozen=True)
class BundleKey:
    key_id: str
    public_key: bytes  # raw 32-byte Ed25519
    owner: str  # the station's code and name, or HQ's name
    kind: str  # KIND_HQ | KIND_STATION


@dataclass(frozen=True)
class BundleRevocation:
    key_id: str
    card_no: str
    revoked_on: dt.date
    reason: str


@dataclass(frozen=True)
class TrustBundle:
    sequence: int  # grows by one with every change of content; a station never goes back
    issued_at: dt.datetime  # aware UTC
    keys: tuple[BundleKey, ...]
    withdrawn_keys: tuple[str, ...]  # key ids HQ published once and trusts no more
    revocations: tuple[BundleRevocation, ...]


class BundleRefused(ValueError):
    """The file is not a bundle this station may apply; the message says why, plainly."""


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def payload_json(bundle: TrustBundle) -> str:
    """The payload as compact JSON with sorted keys (HQ compares it to see a change)."""
    return json.dumps(
        {
            "sequence": bundle.sequence,
            "issued_at": bundle.issued_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "keys": [
                {
                    "key_id": key.key_id,
                    "public_key": _b32(key.public_key),
                    "owner": key.owner,
                    "kind": key.kind,
                }
                for key in bundle.keys
            ],
            "withdrawn_keys": list(bundle.withdrawn_keys),
            "revocations": [
                {
                    "key_id": r.key_id,
                    "card_no": r.card_no,
                    "revoked_on": r.revoked_on.isoformat(),
                    "reason": r.reason,
                }
                for r in bundle.revocations
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def encode(bundle: TrustBundle, private_key: Ed25519PrivateKey) -> bytes:
    """The signed file's bytes (UTF-8 JSON)."""
    payload = payload_json(bundle)
    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = private_key.sign(payload.encode("utf-8"))
    document = {
        "format": FORMAT,
        "key_id": key_id_of(public),
        "payload": payload,
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def signer_key_id(data: bytes) -> str:
    """The key id the file says it is signed with; BundleRefused when it is not a bundle."""
    try:
        document = json.loads(data) if len(data) <= MAX_BYTES else None
    except ValueError:
        raise _not_a_bundle() from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _not_a_bundle()
    key_id = document.get("key_id")
    if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
        raise _not_a_bundle()
    return key_id


def _not_a_bundle() -> BundleRefused:
    return BundleRefused(
        _("This is not a trust bundle from headquarters (its format is not {format}).").format(
            format=FORMAT
        )
    )


def _damaged(what: str) -> BundleRefused:
    return BundleRefused(
        _(
            "Headquarters' trust bundle is signed but its content is not valid ({what}); "
            "nothing was applied. Tell headquarters."
        ).format(what=what)
    )


def decode(data: bytes, hq_public_key: bytes) -> TrustBundle:
    """The bundle, once its signature is checked with HQ's public key; BundleRefused if
    it is not a bundle, is signed by another key, was changed, or holds a bad entry."""
    if len(data) > MAX_BYTES:
        raise _not_a_bundle()
    try:
        document = json.loads(data)
    except ValueError:
        raise _not_a_bundle() from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _not_a_bundle()
    payload, signature = document.get("payload"), document.get("signature")
    if not isinstance(payload, str) or not isinstance(signature, str):
        raise _not_a_bundle()
    try:
        raw_signature = base64.b64decode(signature.encode("ascii"), validate=True)
        Ed25519PublicKey.from_public_bytes(hq_public_key).verify(
            raw_signature, payload.encode("utf-8")
        )
    except (InvalidSignature, ValueError, binascii.Error, UnicodeError):
        raise BundleRefused(
            _(
                "The trust bundle's signature is not headquarters': it was changed or forged. "
                "Nothing was applied."
            )
        ) from None
    try:
        return _payload(json.loads(payload))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise _damaged(str(error)[:100]) from None


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError("text field")
    return value


def _key(entry: Any) -> BundleKey:
    key_id = _text(entry["key_id"], 8)
    encoded = _text(entry["public_key"], 60)
    public = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    Ed25519PublicKey.from_public_bytes(public)
    if not _KEY_ID.match(key_id) or key_id_of(public) != key_id:
        raise ValueError(f"key {key_id[:8]} does not match its id")
    if is_demo_public_key(public):
        raise ValueError(f"key {key_id} is a demo key")
    kind = entry["kind"]
    if kind not in (KIND_HQ, KIND_STATION):
        raise ValueError("key kind")
    return BundleKey(key_id, public, " ".join(_text(entry["owner"], OWNER_MAX).split()), kind)


def _revocation(entry: Any) -> BundleRevocation:
    key_id, card_no = _text(entry["key_id"], 8), _text(entry["card_no"], 40)
    if not _KEY_ID.match(key_id) or not _CARD_NO.match(card_no):
        raise ValueError(f"card {card_no[:40]}")
    return BundleRevocation(
        key_id,
        card_no,
        dt.date.fromisoformat(_text(entry["revoked_on"], 10)),
        _text(entry["reason"], REASON_MAX),
    )


def _payload(payload: Any) -> TrustBundle:
    sequence = payload["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise ValueError("sequence")
    issued_at = dt.datetime.fromisoformat(_text(payload["issued_at"], 40))
    if issued_at.tzinfo is None:
        raise ValueError("issued_at without a zone")
    withdrawn = tuple(_text(key_id, 8) for key_id in payload["withdrawn_keys"])
    if not all(_KEY_ID.match(key_id) for key_id in withdrawn):
        raise ValueError("withdrawn key id")
    return TrustBundle(
        sequence=sequence,
        issued_at=issued_at.astimezone(dt.UTC),
        keys=tuple(_key(entry) for entry in payload["keys"]),
        withdrawn_keys=withdrawn,
        revocations=tuple(_revocation(entry) for entry in payload["revocations"]),
    )
