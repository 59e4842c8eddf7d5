"""Closed sets of values stored in the database as short strings."""

from __future__ import annotations

from enum import StrEnum


class VisitSource(StrEnum):
    CARD = "card"  # a scanned QR card or phone e-card
    MANUAL = "manual"  # a card number typed by hand
    ANONYMOUS = "anonymous"  # one tap by occupation, no person stored


class MovementKind(StrEnum):
    RECEIVE = "receive"  # purchase or donation
    ISSUE = "issue"
    ADJUST = "adjust"  # after a count, with a reason
    DISCARD = "discard"  # expired or damaged
    LEND = "lend"
    RETURN = "return"


class Role(StrEnum):
    ATTENDANT = "attendant"
    ADMIN = "admin"


class SyncStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"


class KeyKind(StrEnum):
    OWN = "own"  # this station's signing key (the only one with a private half)
    HQ = "hq"  # headquarters: cards it issues are accepted at every station
    STATION = "station"  # another station whose cards this one accepts


class RevocationSource(StrEnum):
    LOCAL = "local"  # withdrawn here (lost card reissued, worker erased)
    IMPORTED = "imported"  # from a revocation list file (HQ's or another station's)
