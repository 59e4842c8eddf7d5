"""Plain dataclasses the check-in, worker and card services return (never ORM rows).

The services return these; the UI and the reports read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


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
class CardPrint:
    """One card to print (PDF sheet, single card, PNG e-card)."""

    display_name: str
    occupation_label: str
    station_name: str
    card_no: str
    qr_text: str
    issued_on: dt.date
    expires_on: dt.date | None = None


class CheckinStatus(StrEnum):
    ACCEPTED = "accepted"  # green: a new visit was written
    ALREADY = "already"  # amber: same card within the dedupe window; nothing written
    REFUSED = "refused"  # red: unknown/forged/tampered/revoked/expired/garbage; nothing written


@dataclass(frozen=True)
class CheckinResult:
    status: CheckinStatus
    message: str  # translated, one line, says what happened and what to do
    visit_ids: tuple[int, ...] = ()  # the visits written (several for an anonymous group)
    worker_name: str = ""  # "" for anonymous visits and foreign cards
    occupation_label: str = ""
    visits_this_month: int = 0  # the worker's (or card's), including this one
    card_no: str = ""


@dataclass(frozen=True)
class VisitRow:
    """One line of the recent-visits list."""

    id: int
    checked_in_at: dt.datetime  # aware UTC; the UI shows local time
    source: str  # VisitSource value
    worker_name: str  # "" when anonymous (or erased)
    occupation_label: str
    card_no: str


@dataclass(frozen=True)
class TodayCounts:
    visits: int
    distinct_workers: int  # distinct cards among today's card visits
    anonymous: int
    by_occupation: dict[str, int] = field(default_factory=dict)  # label → visits, today


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
