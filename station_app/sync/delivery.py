"""What a transport says about one batch it tried to deliver."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from station_app.domain.feedback import FeedbackReply


class Verdict(StrEnum):
    DELIVERED = "delivered"  # HQ said ok, or both files are in the folder
    RETRY = "retry"  # the way there failed (network, timeout, HQ unwell): try again later
    REFUSED = "refused"  # HQ or the folder said no; a person must act, then the next run retries
    CONFLICT = "conflict"  # HQ holds other content under this batch id: never re-sent blindly


@dataclass(frozen=True)
class Delivery:
    verdict: Verdict
    message: str = ""  # plain words in the user's language; "" when delivered
    tries: int = 1
    # True when the next batches would meet the same wall (HQ unreachable, a bad token, no
    # USB stick): the run stops instead of repeating the same failure for every day.
    stop: bool = False


@dataclass(frozen=True)
class Parcel:
    """One batch as the outbox holds it."""

    stem: str  # ``<station>_<day>_r<revision>``
    csv: bytes
    manifest_json: str  # the signed manifest's text


@dataclass(frozen=True)
class TrustFetch:
    """What a transport found of HQ's trust bundle (``domain.trust_bundle``): the files as
    received, unchecked (the folder route may hold a few), or why there is none."""

    files: tuple[bytes, ...] = ()
    message: str = ""  # plain words; "" when there simply is no bundle yet


@dataclass(frozen=True)
class FeedbackExchange:
    """What became of one feedback exchange with HQ: its answer, or why there is none."""

    reply: FeedbackReply | None = None
    message: str = ""  # plain words in the user's language; "" when HQ answered
    # An HQ server older than the exchange: nothing is wrong at the station, so the sync's
    # outcome does not mention it (the sync status does).
    unsupported: bool = False


class Transport(Protocol):
    def send(self, parcel: Parcel) -> Delivery: ...

    def fetch_trust(self) -> TrustFetch: ...

    def exchange_feedback(self, body: dict[str, Any]) -> FeedbackExchange:
        """Send the station's answers and in-person feedback (``domain.feedback``'s body),
        bring back HQ's suggestions for this station."""
        ...
