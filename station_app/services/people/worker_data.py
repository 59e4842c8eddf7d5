"""Plain dataclasses the worker, card and keyring services take and return (never ORM rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def mask_phone(phone: str | None) -> str:
    """138****1234: enough for the attendant to recognise, not enough to copy."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


@dataclass(frozen=True)
class WorkerInput:
    """What the attendant types when registering or editing a worker."""

    display_name: str
    occupation_code: str
    phone: str = ""
    employer: str = ""
    union_member: bool = False
    wants_to_join: bool = False
    consent: bool = False  # the worker agreed to their data being kept (PIPL); required


@dataclass(frozen=True)
class WorkerView:
    id: int
    display_name: str
    phone_masked: str  # never the full number
    occupation_code: str
    occupation_label: str  # in the user's language
    employer: str
    union_member: bool
    wants_to_join: bool
    consent_on: dt.date | None
    active: bool
    card_no: str | None  # the current (not revoked) card, if any
    registered_on: dt.date  # local date


@dataclass(frozen=True)
class CardView:
    card_no: str
    worker_id: int | None  # None for a card from another station seen here
    key_id: str
    issued_on: dt.date
    expires_on: dt.date | None
    revoked: bool
    qr_text: str  # the signed text to put in the QR code ("" when not ours to sign)


@dataclass(frozen=True)
class KeyView:
    """A key in the station's keyring: whose cards this station accepts."""

    key_id: str  # 8 hex digits, as printed in the card's QR text
    owner: str  # who the key belongs to, e.g. "HF-LY-0012 庐阳区驿站" or "合肥市总工会"
    kind: str  # KeyKind value: own | hq | station
    kind_label: str  # in the user's language
    added_at: dt.datetime  # aware UTC
    active: bool
    can_sign: bool  # True only for the station's own key
    demo: bool = False  # a demo station's key (domain.demo_key): anyone can sign with it
