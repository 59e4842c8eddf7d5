"""Workers' feedback on the station, and the wire format of its exchange with HQ.

A worker rates the station (1–5) and may leave a suggestion on HQ's public page (reached by
the QR code on the station's poster); each sync brings this station's suggestions here, the
attendant records what was done, and the answer goes back to HQ. Feedback given in person is
recorded here and sent the same way. The exchange is one ``POST /api/v1/feedback`` whose
body and answer are described in docs/feedback-station.md (``schema`` below).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

SCHEMA = "station-feedback/1"
TEXT_MAX = 500  # a suggestion, an answer
LIST_MAX = 500  # entries per list in one exchange, each way
RATING_MIN, RATING_MAX = 1, 5


class Source(StrEnum):
    HQ = "hq"  # from the workers' page at HQ, brought by a sync
    IN_PERSON = "in_person"  # told the attendant, recorded here


def clean_text(text: str) -> str:
    """One line of text as stored: control characters dropped, runs of spaces made one."""
    kept = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(kept.split())


@dataclass(frozen=True)
class FeedbackView:
    id: str
    source: Source
    received_at: dt.datetime  # aware UTC; for feedback in person, when it was given
    rating: int | None
    text: str
    phone: str | None  # the worker asked for a call back; erased once answered
    action: str  # what was done; "" while open
    answered_at: dt.datetime | None
    answered_by: str  # the attendant's name, "" when HQ or nobody answered
    to_send: bool  # HQ has not accepted the latest change yet

    @property
    def open(self) -> bool:
        return self.answered_at is None


# -- the wire ------------------------------------------------------------------------------


def wire_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """ISO 8601 with the station's offset, as the summaries write times."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _time(value: object) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a time must be a string")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time must carry its offset")
    return moment.astimezone(dt.UTC)


@dataclass(frozen=True)
class AnswerOut:
    """What the station did about one of HQ's suggestions."""

    id: str
    answered_at: dt.datetime
    action: str


@dataclass(frozen=True)
class InPersonOut:
    id: str
    given_at: dt.datetime
    rating: int | None
    text: str
    action: str  # "" while open
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class FeedbackUpload:
    """The station's side of one exchange, with the revision of each entry it carries."""

    answers: tuple[AnswerOut, ...] = ()
    in_person: tuple[InPersonOut, ...] = ()
    revisions: tuple[tuple[str, int], ...] = ()  # (id, revision) of every entry above

    def body(self, zone: dt.tzinfo) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "answers": [
                {
                    "id": entry.id,
                    "answered_at": wire_time(entry.answered_at, zone),
                    "action": entry.action,
                }
                for entry in self.answers
            ],
            "in_person": [
                {
                    "id": entry.id,
                    "given_at": wire_time(entry.given_at, zone),
                    "rating": entry.rating,
                    "text": entry.text,
                    "action": entry.action or None,
                    "answered_at": (
                        None if entry.answered_at is None else wire_time(entry.answered_at, zone)
                    ),
                }
                for entry in self.in_person
            ],
        }


@dataclass(frozen=True)
class Suggestion:
    """One of this station's suggestions as HQ holds it."""

    id: str
    received_at: dt.datetime  # aware UTC
    rating: int | None
    text: str
    phone: str | None
    answered: bool
    action: str
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class FeedbackReply:
    accepted: tuple[str, ...]
    unknown: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]


def _ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("a list of ids is expected")
    return tuple(value)


def _short(value: object, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("a text is expected")
    return clean_text(value)[:limit]


def _suggestion(raw: object) -> Suggestion:
    if not isinstance(raw, dict):
        raise ValueError("a suggestion must be an object")
    ident = raw.get("id")
    if not isinstance(ident, str) or not 0 < len(ident) <= 36:
        raise ValueError("a suggestion's id must be a short string")
    rating = raw.get("rating")
    if rating is not None and (
        not isinstance(rating, int)
        or isinstance(rating, bool)
        or not RATING_MIN <= rating <= RATING_MAX
    ):
        raise ValueError("a rating must be 1 to 5")
    phone = raw.get("phone")
    if phone is not None and (not isinstance(phone, str) or not phone.isdigit() or len(phone) > 20):
        raise ValueError("a phone number must be digits")
    status = raw.get("status")
    if status not in ("open", "answered"):
        raise ValueError("a status must be open or answered")
    received = _time(raw.get("received_at"))
    if received is None:
        raise ValueError("a suggestion needs its time")
    return Suggestion(
        id=ident,
        received_at=received,
        rating=rating,
        text=_short(raw.get("text"), TEXT_MAX),
        phone=phone or None,
        answered=status == "answered",
        action=_short(raw.get("action"), TEXT_MAX),
        answered_at=_time(raw.get("answered_at")),
    )


def parse_reply(answer: dict[str, Any]) -> FeedbackReply:
    """HQ's 200 answer; ValueError when it is not in the agreed shape."""
    if answer.get("status") != "ok":
        raise ValueError("not an ok answer")
    suggestions = answer.get("suggestions", [])
    if not isinstance(suggestions, list):
        raise ValueError("suggestions must be a list")
    return FeedbackReply(
        accepted=_ids(answer.get("accepted", [])),
        unknown=_ids(answer.get("unknown", [])),
        suggestions=tuple(_suggestion(raw) for raw in suggestions[:LIST_MAX]),
    )


@dataclass(frozen=True)
class FeedbackPoster:
    """What the A4 poster shows: the station, and the address its QR code opens."""

    station_name: str
    station_code: str
    url: str  # HQ's rating page for this station
