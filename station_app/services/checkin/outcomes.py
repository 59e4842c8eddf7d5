"""What a check-in answers, and the rows and counts the check-in page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


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
    # ALREADY: the visit this worker (or card) is still on, so services can be added to it.
    open_visit_id: int | None = None


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
