"""The card codec: what a worker's QR code says, and how a station checks it offline.

A card's QR holds one line of text, signed with Ed25519 by the issuing station or HQ:

    YZ1.<key id>.<card no>.<occupation>.<issued YYYYMMDD>.<expires YYYYMMDD or 0>.<signature>

Everything is upper-case letters, digits, '-' and '.', so the QR uses the compact
alphanumeric mode (a smaller, easier-to-scan code) and a scanner typing with Caps Lock on
still reads right: the text is upper-cased before it is checked. The signature (base32, no
padding) covers everything before the last dot. The occupation is on the card so a card
from another station counts in the right category here; no name or phone is on it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "YZ1"
MAX_SCAN_LENGTH = 512  # a real code is about 170 characters; anything longer is garbage
_FIELD = re.compile(r"^[A-Z0-9-]{1,40}$")
_CARD_NO = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")
_OCCUPATION = re.compile(r"^[a-z0-9_]{1,32}$")


class Refusal(StrEnum):
    """Why a scanned or typed code was not accepted (messages live in the service layer)."""

    MALFORMED = "malformed"  # not a card code at all: scanner garbage, a URL, a typo
    UNKNOWN_ISSUER = "unknown_issuer"  # signed by a key this station does not trust
    BAD_SIGNATURE = "bad_signature"  # forged or tampered with
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"  # issued in the future: a wrong clock or a forgery


class CardRefused(Exception):
    def __init__(self, reason: Refusal, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason


@dataclass(frozen=True)
class CardClaim:
    """What a card says about itself; trustworthy only once ``verify`` returned it."""

    key_id: str
    card_no: str
    occupation: str  # occupation code, e.g. "sanitation"
    issued_on: dt.date
    expires_on: dt.date | None = None


def key_id_of(public_key: bytes) -> str:
    """A short, stable name for a public key: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:8].upper()


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def _day(text: str) -> dt.date:
    # Exactly YYYYMMDD (strptime would also take "2026111"), and a scan's hot path is
    # better off without strptime's cost.
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise ValueError(f"not a YYYYMMDD date: {text!r}")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _body(claim: CardClaim) -> str:
    occupation = claim.occupation.upper().replace("_", "-")
    expires = claim.expires_on.strftime("%Y%m%d") if claim.expires_on else "0"
    issued = claim.issued_on.strftime("%Y%m%d")
    return f"{PREFIX}.{claim.key_id}.{claim.card_no}.{occupation}.{issued}.{expires}"


def encode(claim: CardClaim, private_key: Ed25519PrivateKey) -> str:
    """The signed text for the QR code."""
    if not _CARD_NO.match(claim.card_no) or not _OCCUPATION.match(claim.occupation):
        raise ValueError(f"card number or occupation not encodable: {claim}")
    body = _body(claim)
    return f"{body}.{_b32(private_key.sign(body.encode('ascii')))}"


# A station sees the same few hundred cards day after day, and reading one (base32, the
# dates) and checking its signature are most of a scan's own work. Both are pure functions
# of the scanned text (and the issuer's key), so their answers for the cards seen lately
# are kept; a refusal is never kept (exceptions are not cached), nor anything that can
# change: the keyring, the revocation list and the dates are looked at on every scan.
_CARDS_REMEMBERED = 4096


def parse(text: str) -> tuple[CardClaim, str, bytes]:
    """Split a scanned text into its claim, the signed body and the signature.

    Raises CardRefused(MALFORMED) for anything that is not shaped like a card code.
    """
    if len(text) > MAX_SCAN_LENGTH:
        raise CardRefused(Refusal.MALFORMED, "too long")
    return _parse(text)


@lru_cache(maxsize=_CARDS_REMEMBERED)
def _parse(text: str) -> tuple[CardClaim, str, bytes]:
    cleaned = text.strip().upper()
    if not cleaned.isascii() or not cleaned.isprintable():
        raise CardRefused(Refusal.MALFORMED, "not printable ASCII")
    parts = cleaned.split(".")
    if len(parts) != 7 or parts[0] != PREFIX:
        raise CardRefused(Refusal.MALFORMED, "not a YZ1 card code")
    _prefix, key_id, card_no, occupation, issued, expires, signature = parts
    if not (_FIELD.match(key_id) and _CARD_NO.match(card_no) and _FIELD.match(occupation)):
        raise CardRefused(Refusal.MALFORMED, "bad field")
    try:
        claim = CardClaim(
            key_id=key_id,
            card_no=card_no,
            occupation=occupation.lower().replace("-", "_"),
            issued_on=_day(issued),
            expires_on=None if expires == "0" else _day(expires),
        )
        raw_signature = _unb32(signature)
    except ValueError as exc:  # bad dates, bad base32 (binascii.Error is a ValueError)
        raise CardRefused(Refusal.MALFORMED, str(exc)) from None
    body = cleaned[: cleaned.rindex(".")]
    return claim, body, raw_signature


def verify(
    text: str,
    trusted_keys: Mapping[str, bytes],
    today: dt.date,
    revoked: frozenset[tuple[str, str]] = frozenset(),
    *,
    parsed: tuple[CardClaim, str, bytes] | None = None,
) -> CardClaim:
    """Check a scanned code offline against the keyring and the revocation list.

    ``trusted_keys`` maps key id → raw 32-byte Ed25519 public key; ``revoked`` holds
    (key id, card no) pairs. Returns the claim, or raises CardRefused saying why not.
    ``parsed`` is ``parse(text)`` when the caller already has it (to look the key up).
    """
    claim, body, signature = parsed if parsed is not None else parse(text)
    public = trusted_keys.get(claim.key_id)
    if public is None:
        raise CardRefused(Refusal.UNKNOWN_ISSUER, claim.key_id)
    if not _signed(text.strip().upper(), body, signature, public):
        raise CardRefused(Refusal.BAD_SIGNATURE, claim.card_no)
    if (claim.key_id, claim.card_no) in revoked:
        raise CardRefused(Refusal.REVOKED, claim.card_no)
    if claim.issued_on > today + dt.timedelta(days=1):  # a day of slack for clocks and zones
        raise CardRefused(Refusal.NOT_YET_VALID, claim.card_no)
    if claim.expires_on is not None and claim.expires_on < today:
        raise CardRefused(Refusal.EXPIRED, claim.card_no)
    return claim


@lru_cache(maxsize=_CARDS_REMEMBERED)
def _signed(scanned: str, body: str, signature: bytes, public: bytes) -> bool:
    """True when ``signature`` is the key's signature of ``body``, spelled as the issuer
    wrote it: base32 leaves a few spare bits in the last character, and only the one
    spelling is genuine, so a changed character is never accepted."""
    if f"{body}.{_b32(signature)}" != scanned:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, body.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True
