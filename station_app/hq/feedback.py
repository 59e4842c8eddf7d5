"""Workers' feedback at HQ: ratings and suggestions from the workers' page (``/r/<code>``,
reached by the QR code of the station's poster), the stations' exchange
(``POST /api/v1/feedback``: their answers and the feedback given in person, against their
suggestions), and what the dashboard shows of them. The wire format is in
``docs/feedback.md``.

Phone numbers are kept only until the suggestion is answered and are shown masked on every
page; the full number goes only to the suggestion's own station, whose attendant calls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
import uuid
from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from station_app.clock import Clock
from station_app.domain.periods import Period
from station_app.hq.db import HqDatabase, HqStation
from station_app.hq.feedback_tables import (
    ANSWERED,
    OPEN,
    SOURCE_IN_PERSON,
    SOURCE_WEB,
    TEXT_MAX,
    HqSuggestion,
)
from station_app.i18n import _

SCHEMA = "station-feedback/1"
MAX_ENTRIES = 500  # per list of a request, and suggestions in an answer
RECENT_DAYS = 90  # the suggestions a station gets back
PHONE = re.compile(r"1[3-9]\d{9}")
# The workers' page: per client address, this many ratings an hour and a day (all stations).
PER_HOUR = 5
PER_DAY = 20
TRACKED_CLIENTS = 10_000  # the oldest are forgotten first: the memory is bounded
FORM_TOKEN_AGE = dt.timedelta(hours=2)


class FeedbackBodyError(ValueError):
    """A feedback request that does not match the format: (field, translated problem)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def mask_phone(phone: str | None) -> str:
    """``138****5678``; empty for none."""
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:]


def clean_text(text: str) -> str:
    """A worker's text without control characters (line breaks kept) and outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = (char for char in text if char == "\n" or not unicodedata.category(char).startswith("C"))
    return "".join(kept).strip()


# --- the workers' page -----------------------------------------------------------------


@dataclass(frozen=True)
class PublicStation:
    code: str
    name: str


def public_station(db: HqDatabase, code: str) -> PublicStation | None:
    """The station a poster names, if it is registered and in service."""
    if len(code) > 40:
        return None
    with db.sessions() as session:
        station = session.get(HqStation, code)
    if station is None or not station.active:
        return None
    return PublicStation(station.code, station.name)


@dataclass(frozen=True)
class Rating:
    rating: int
    text: str
    phone: str | None


def check_rating(form: Mapping[str, str]) -> tuple[Rating | None, dict[str, str]]:
    """The rating a form holds, or what is wrong with it (field → translated problem)."""
    problems: dict[str, str] = {}
    rating_text = form.get("rating", "").strip()
    rating = int(rating_text) if rating_text in {"1", "2", "3", "4", "5"} else 0
    if not rating:
        problems["rating"] = _("Choose from 1 to 5 stars.")
    text = clean_text(form.get("text", ""))
    if len(text) > TEXT_MAX:
        problems["text"] = _("The suggestion may be at most {n} characters long (now {m}).").format(
            n=TEXT_MAX, m=len(text)
        )
    phone: str | None = None
    if form.get("callback") == "1":
        phone = re.sub(r"[\s-]", "", form.get("phone", ""))
        if not PHONE.fullmatch(phone):
            problems["phone"] = _(
                "Enter an 11-digit mobile number such as 13812345678, or untick the call back."
            )
    if problems:
        return None, problems
    return Rating(rating, text, phone), {}


class RatingGuard:
    """What keeps the workers' page from being flooded or forged, held in the running
    service's memory: the ratings each client address gave in the last day (at most
    ``PER_HOUR`` an hour, ``PER_DAY`` a day), and a secret key that signs the form tokens
    and hashes the addresses. Nothing of it is stored: a restarted service starts afresh,
    and the hashes in the database (``client_key``) can no longer be tied to an address."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._key = secrets.token_bytes(32)
        self._given: OrderedDict[str, deque[dt.datetime]] = OrderedDict()

    def _digest(self, *parts: str) -> str:
        return hmac.new(self._key, "|".join(parts).encode(), hashlib.sha256).hexdigest()

    def client_key(self, address: str) -> str:
        """The address, hashed with the day: the same client on the same day only."""
        return self._digest("client", self._clock.today().isoformat(), address)

    def form_token(self, nonce: str, code: str) -> str:
        issued = str(int(self._clock.now().timestamp()))
        return issued + "." + self._digest("form", nonce, code, issued)

    def form_token_valid(self, token: str, nonce: str, code: str) -> bool:
        issued, _sep, signature = token.partition(".")
        if not nonce or not issued.isdigit():
            return False
        expected = self._digest("form", nonce, code, issued)
        age = self._clock.now() - dt.datetime.fromtimestamp(int(issued), dt.UTC)
        fresh = dt.timedelta(0) <= age <= FORM_TOKEN_AGE
        return fresh and hmac.compare_digest(expected.encode(), signature.encode())

    def _recent(self, key: str) -> deque[dt.datetime]:
        given = self._given.get(key, deque())
        day_ago = self._clock.now() - dt.timedelta(days=1)
        while given and given[0] <= day_ago:
            given.popleft()
        return given

    def allowed(self, address: str) -> bool:
        given = self._recent(self._digest("limit", address))
        hour_ago = self._clock.now() - dt.timedelta(hours=1)
        return len(given) < PER_DAY and sum(1 for at in given if at > hour_ago) < PER_HOUR

    def given(self, address: str) -> None:
        key = self._digest("limit", address)
        given = self._recent(key)
        given.append(self._clock.now())
        self._given.pop(key, None)
        self._given[key] = given
        while len(self._given) > TRACKED_CLIENTS:
            self._given.popitem(last=False)


def store_rating(
    db: HqDatabase, code: str, rating: Rating, *, client_key: str, now: dt.datetime
) -> str:
    """Keep a rating from the workers' page; the same client's open one of the same day for
    the same station is replaced rather than repeated. Its id."""
    with db.sessions() as session:
        row = session.scalars(
            select(HqSuggestion).where(
                HqSuggestion.client_key == client_key,
                HqSuggestion.station_code == code,
                HqSuggestion.source == SOURCE_WEB,
                HqSuggestion.status == OPEN,
            )
        ).first()
        if row is None:
            row = HqSuggestion(
                id=str(uuid.uuid4()),
                station_code=code,
                source=SOURCE_WEB,
                status=OPEN,
                client_key=client_key,
            )
            session.add(row)
        row.rating, row.text, row.phone = rating.rating, rating.text, rating.phone
        row.received_at = now
        session.commit()
        return row.id


# --- the stations' exchange ------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    id: str
    answered_at: dt.datetime
    action: str


@dataclass(frozen=True)
class InPerson:
    id: str
    given_at: dt.datetime
    rating: int | None
    text: str
    action: str | None
    answered_at: dt.datetime | None


@dataclass
class _Reader:
    """Reads one request's entries, gathering every problem rather than the first."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    def refuse(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def fields(self, value: object, where: str, required: set[str], optional: set[str]) -> bool:
        if not isinstance(value, dict):
            self.refuse(where, _("must be a JSON object"))
            return False
        missing = sorted(required - value.keys())
        unknown = sorted(value.keys() - required - optional)
        for name in missing:
            self.refuse(f"{where}.{name}", _("is missing"))
        for name in unknown:
            self.refuse(f"{where}.{name}", _("is not a field of this format"))
        return not missing and not unknown

    def id(self, value: object, where: str) -> str:
        if isinstance(value, str):
            try:
                if str(uuid.UUID(value)) == value:
                    return value
            except ValueError:
                pass
        self.refuse(where, _("must be a UUID in lower case"))
        return ""

    def moment(self, value: object, where: str) -> dt.datetime | None:
        if isinstance(value, str) and len(value) <= 40:
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                moment = None
            if moment is not None and moment.utcoffset() is not None:
                return moment.astimezone(dt.UTC)
        self.refuse(where, _("must be a time in ISO 8601 with its offset"))
        return None

    def text(self, value: object, where: str, *, empty: bool) -> str:
        if isinstance(value, str):
            cleaned = clean_text(value)
            if len(cleaned) > TEXT_MAX:
                self.refuse(where, _("is longer than {n} characters").format(n=TEXT_MAX))
            elif cleaned or empty:
                return cleaned
            else:
                self.refuse(where, _("must not be empty"))
            return ""
        self.refuse(where, _("must be text"))
        return ""

    def rating(self, value: object, where: str) -> int | None:
        if value is None or (type(value) is int and 1 <= value <= 5):
            return value
        self.refuse(where, _("must be a whole number from 1 to 5, or null"))
        return None

    def entries(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.refuse(where, _("must be a JSON array"))
            return []
        if len(value) > MAX_ENTRIES:
            self.refuse(where, _("holds more than {n} entries").format(n=MAX_ENTRIES))
            return []
        return value

    def answer(self, value: object, where: str) -> Answer | None:
        if not self.fields(value, where, {"id", "answered_at", "action"}, set()):
            return None
        assert isinstance(value, dict)
        before = len(self.problems)
        answer_id = self.id(value["id"], f"{where}.id")
        answered_at = self.moment(value["answered_at"], f"{where}.answered_at")
        action = self.text(value["action"], f"{where}.action", empty=False)
        if len(self.problems) > before or answered_at is None:
            return None
        return Answer(answer_id, answered_at, action)

    def in_person(self, value: object, where: str) -> InPerson | None:
        names = {"id", "given_at", "rating", "text", "action", "answered_at"}
        if not self.fields(value, where, names, set()):
            return None
        assert isinstance(value, dict)
        before = len(self.problems)
        entry_id = self.id(value["id"], f"{where}.id")
        given_at = self.moment(value["given_at"], f"{where}.given_at")
        rating = self.rating(value["rating"], f"{where}.rating")
        text = self.text(value["text"], f"{where}.text", empty=True)
        if rating is None and not text and len(self.problems) == before:
            self.refuse(f"{where}.text", _("must not be empty when there is no rating"))
        action: str | None = None
        answered_at: dt.datetime | None = None
        if (value["action"] is None) != (value["answered_at"] is None):
            self.refuse(f"{where}.action", _("and answered_at are both given or both null"))
        elif value["action"] is not None:
            action = self.text(value["action"], f"{where}.action", empty=False)
            answered_at = self.moment(value["answered_at"], f"{where}.answered_at")
        if len(self.problems) > before or given_at is None:
            return None
        return InPerson(entry_id, given_at, rating, text, action, answered_at)


def read_exchange(data: object) -> tuple[list[Answer], list[InPerson]]:
    """A feedback request's entries; FeedbackBodyError listing every problem otherwise."""
    reader = _Reader()
    if not reader.fields(data, "$", {"schema", "answers", "in_person"}, set()):
        raise FeedbackBodyError(reader.problems)
    assert isinstance(data, dict)
    if data["schema"] != SCHEMA:
        reader.refuse("$.schema", _("must be {schema}").format(schema=SCHEMA))
    answers = [
        reader.answer(entry, f"$.answers[{index}]")
        for index, entry in enumerate(reader.entries(data["answers"], "$.answers"))
    ]
    in_person = [
        reader.in_person(entry, f"$.in_person[{index}]")
        for index, entry in enumerate(reader.entries(data["in_person"], "$.in_person"))
    ]
    if reader.problems:
        raise FeedbackBodyError(reader.problems)
    return [a for a in answers if a is not None], [p for p in in_person if p is not None]


@dataclass(frozen=True)
class Exchanged:
    accepted: list[str]
    unknown: list[str]
    suggestions: list[dict[str, Any]]


def _wire_time(moment: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def exchange(
    db: HqDatabase,
    station_code: str,
    answers: Sequence[Answer],
    in_person: Sequence[InPerson],
    *,
    clock: Clock,
) -> Exchanged:
    """Apply a station's answers and in-person feedback (one transaction) and give back its
    recent suggestions from the workers' page. An id that is another station's, or an answer
    to nothing, is left alone and listed as unknown."""
    accepted: list[str] = []
    unknown: list[str] = []
    with db.sessions() as session:
        for answer in answers:
            row = session.get(HqSuggestion, answer.id)
            if row is None or row.station_code != station_code:
                unknown.append(answer.id)
                continue
            row.status, row.action, row.answered_at = ANSWERED, answer.action, answer.answered_at
            row.phone = None
            accepted.append(answer.id)
        for entry in in_person:
            row = session.get(HqSuggestion, entry.id)
            if row is None:
                row = HqSuggestion(id=entry.id, station_code=station_code, source=SOURCE_IN_PERSON)
                session.add(row)
            elif row.station_code != station_code or row.source != SOURCE_IN_PERSON:
                unknown.append(entry.id)
                continue
            row.received_at, row.rating, row.text = entry.given_at, entry.rating, entry.text
            row.action, row.answered_at, row.phone = entry.action, entry.answered_at, None
            row.status = OPEN if entry.action is None else ANSWERED
            accepted.append(entry.id)
        session.flush()
        since = clock.now() - dt.timedelta(days=RECENT_DAYS)
        rows = session.scalars(
            select(HqSuggestion)
            .where(
                HqSuggestion.station_code == station_code,
                HqSuggestion.source == SOURCE_WEB,
                HqSuggestion.received_at >= since,
            )
            .order_by(HqSuggestion.received_at.desc(), HqSuggestion.id)
            .limit(MAX_ENTRIES)
        ).all()
        zone = clock.zone
        suggestions = [
            {
                "id": row.id,
                "received_at": _wire_time(row.received_at, zone),
                "rating": row.rating,
                "text": row.text,
                "phone": row.phone,
                "status": row.status,
                "action": row.action,
                "answered_at": _wire_time(row.answered_at, zone),
            }
            for row in rows
        ]
        session.commit()
    return Exchanged(accepted, unknown, suggestions)


# --- the dashboard ---------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionRow:
    id: str
    station_code: str
    station_name: str
    source: str
    rating: int | None
    text: str
    masked_phone: str
    received_at: dt.datetime
    age_days: int
    status: str
    action: str | None
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class RatingFigures:
    """One station's ratings over a period and its suggestions still open (any date)."""

    average: float | None  # None: no rating in the period
    ratings: int
    open_suggestions: int


def _bounds(period: Period, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(period.start, dt.time(), zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), zone)
    return start, end


def rating_figures(
    db: HqDatabase,
    period: Period,
    zone: dt.tzinfo,
    *,
    districts: frozenset[str] | None,
    codes: Iterable[str] | None = None,
) -> dict[str, RatingFigures]:
    """Station code → its ratings and open suggestions, for the stations the viewer may see
    (``districts`` None: all) that have any."""
    chosen = []
    if districts is not None:
        chosen.append(
            HqSuggestion.station_code.in_(
                select(HqStation.code).where(HqStation.district.in_(sorted(districts)))
            )
        )
    if codes is not None:
        chosen.append(HqSuggestion.station_code.in_(sorted(set(codes))))
    start, end = _bounds(period, zone)
    averages: dict[str, tuple[float, int]] = {}
    open_counts: dict[str, int] = {}
    with db.sessions() as session:
        for code, average, count in session.execute(
            select(HqSuggestion.station_code, func.avg(HqSuggestion.rating), func.count())
            .where(
                *chosen,
                HqSuggestion.rating.is_not(None),
                HqSuggestion.received_at >= start,
                HqSuggestion.received_at < end,
            )
            .group_by(HqSuggestion.station_code)
        ):
            averages[code] = (float(average), int(count))
        for code, count in session.execute(
            select(HqSuggestion.station_code, func.count())
            .where(*chosen, HqSuggestion.status == OPEN)
            .group_by(HqSuggestion.station_code)
        ):
            open_counts[code] = int(count)
    return {
        code: RatingFigures(
            averages[code][0] if code in averages else None,
            averages.get(code, (0.0, 0))[1],
            open_counts.get(code, 0),
        )
        for code in sorted({*averages, *open_counts})
    }


def rating_cells(found: RatingFigures | None) -> list[str | int]:
    """A ranking's cells: the average rating (one decimal) and the open suggestions."""
    if found is None:
        return ["—", 0]
    average = "—" if found.average is None else f"{found.average:.1f}"
    return [average, found.open_suggestions]


def suggestion_rows(
    db: HqDatabase,
    now: dt.datetime,
    *,
    districts: frozenset[str] | None,
    status: str | None = None,
    code: str | None = None,
    limit: int = 500,
) -> list[SuggestionRow]:
    """The suggestions the viewer may see, newest first (``status``: open or answered)."""
    query = (
        select(HqSuggestion, HqStation.name)
        .join(HqStation, HqStation.code == HqSuggestion.station_code)
        .order_by(HqSuggestion.received_at.desc(), HqSuggestion.id)
        .limit(limit)
    )
    if districts is not None:
        query = query.where(HqStation.district.in_(sorted(districts)))
    if status is not None:
        query = query.where(HqSuggestion.status == status)
    if code is not None:
        query = query.where(HqSuggestion.station_code == code)
    with db.sessions() as session:
        found = session.execute(query).all()
    return [
        SuggestionRow(
            id=row.id,
            station_code=row.station_code,
            station_name=name,
            source=row.source,
            rating=row.rating,
            text=row.text,
            masked_phone=mask_phone(row.phone),
            received_at=row.received_at,
            age_days=max(0, (now - row.received_at).days),
            status=row.status,
            action=row.action,
            answered_at=row.answered_at,
        )
        for row, name in found
    ]
