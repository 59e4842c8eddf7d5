"""The visit log (来访记录): every visit, newest first, filtered, a page at a time.

A station holds about a million visits after five years, so nothing here reads them all.
A page walks the index on the check-in time from where the last page ended (keyset, not
OFFSET: the thousandth page costs what the first does); a text filter is first turned into
the few workers, cards and occupations it names (small tables), so the visits are then
found through their indexes on worker and card. Only ``count`` reads every matching row;
the page calls it off the GUI thread.
"""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import Card, Visit, Worker
from station_app.db.uow import UnitOfWork
from station_app.domain.days import day_start
from station_app.domain.enums import VisitSource
from station_app.services.checkin.outcomes import VisitRow
from station_app.services.station.labels import occupation_labels

CARD_VISITS = "card"  # a scanned card or a card number typed by hand
ANONYMOUS_VISITS = "anonymous"


@dataclass(frozen=True)
class VisitFilter:
    """Which visits to list; every part is optional. Dates are local days, inclusive.

    ``text`` matches part of a worker's name or of a card number; anonymous visits (and
    those of erased workers, which count as anonymous) match by their occupation's name.
    """

    text: str = ""
    occupation_code: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str | None = None  # CARD_VISITS, ANONYMOUS_VISITS or None for both


# A text naming at least this share of the station's workers and cards ("0", "HF") names a
# good part of all visits: a page of them is found sooner walking the time index from the
# newest than through each worker's and card's own visits (all of which would be sorted).
_MANY = 0.02


def _text_condition(
    session: Session, text: str, *, newest_first: bool = False
) -> ColumnElement[bool] | None:
    """Visits ``text`` names, or None when it names nothing at all.

    ``newest_first``: for a page in time order, rather than a count."""
    workers = list(
        session.scalars(
            select(Worker.id).where(
                Worker.erased_at.is_(None), Worker.display_name.contains(text, autoescape=True)
            )
        )
    )
    cards = list(
        session.scalars(select(Card.id).where(Card.card_no.contains(text.upper(), autoescape=True)))
    )
    wanted = text.casefold()
    occupations = [
        code
        for code, label in occupation_labels(session).items()
        if wanted in label.casefold() or wanted in code
    ]
    parts: list[ColumnElement[bool]] = []
    if newest_first and _names_many(session, len(workers) + len(cards)):
        # "+ 0" keeps SQLite off the indexes on these columns: it walks the time index.
        if workers:
            parts.append((Visit.worker_id + 0).in_(workers))
        if cards:
            parts.append((Visit.card_id + 0).in_(cards))
    else:
        if workers:
            parts.append(Visit.worker_id.in_(workers))
        if cards:
            parts.append(Visit.card_id.in_(cards))
    if occupations:
        parts.append(
            and_(
                Visit.source == VisitSource.ANONYMOUS.value,
                Visit.occupation_code.in_(occupations),
            )
        )
    return or_(*parts) if parts else None


def _names_many(session: Session, named: int) -> bool:
    if named < 50:
        return False
    everyone = session.scalar(
        select(
            select(func.count()).select_from(Worker).scalar_subquery() + func.count()
        ).select_from(Card)
    )
    return named >= _MANY * (everyone or 0)


def _conditions(
    session: Session, where: VisitFilter, zone: dt.tzinfo, *, newest_first: bool = False
) -> list[ColumnElement[bool]] | None:
    """The WHERE terms of ``where``; None when nothing can match."""
    terms: list[ColumnElement[bool]] = []
    text = where.text.strip()
    if text:
        named = _text_condition(session, text, newest_first=newest_first)
        if named is None:
            return None
        terms.append(named)
    if where.occupation_code:
        terms.append(Visit.occupation_code == where.occupation_code)
    if where.start is not None:
        terms.append(Visit.checked_in_at >= day_start(where.start, zone))
    if where.end is not None:
        terms.append(Visit.checked_in_at < day_start(where.end + dt.timedelta(days=1), zone))
    if where.kind == CARD_VISITS:
        terms.append(Visit.source != VisitSource.ANONYMOUS.value)
    elif where.kind == ANONYMOUS_VISITS:
        terms.append(Visit.source == VisitSource.ANONYMOUS.value)
    return terms


def _after(last: VisitRow) -> ColumnElement[bool]:
    # The last row's time as stored, not as Python would write it again: the list is
    # ordered by the stored text, and a row written by another program may spell the same
    # moment differently (without the microseconds), which a re-written value would put on
    # the wrong side, showing the same page again. Its own value when it has gone since.
    stored = select(Visit.checked_in_at).where(Visit.id == last.id).scalar_subquery()
    anchor = func.coalesce(stored, last.checked_in_at)
    # The range part alone lets SQLite start the index walk at the last row shown.
    return and_(
        Visit.checked_in_at <= anchor,
        or_(Visit.checked_in_at < anchor, Visit.id < last.id),
    )


def visit_rows(session: Session, which: ColumnElement[bool]) -> builtins.list[VisitRow]:
    """The visits ``which`` selects (a page's ids), as lists show them: with the worker's
    name, the occupation's label and the card number. In no particular order."""
    statement = (
        select(
            Visit.id,
            Visit.checked_in_at,
            Visit.source,
            Worker.display_name,
            Visit.occupation_code,
            Card.card_no,
        )
        .outerjoin(Worker, Worker.id == Visit.worker_id)
        .outerjoin(Card, Card.id == Visit.card_id)
        .where(which)
    )
    labels = occupation_labels(session)
    return [
        VisitRow(
            id=visit_id,
            checked_in_at=at,
            source=source,
            worker_name=name or "",
            occupation_label=labels.get(code, code),
            card_no=card_no or "",
        )
        for visit_id, at, source, name, code, card_no in session.execute(statement)
    ]


class VisitLogService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    @property
    def _zone(self) -> dt.tzinfo:
        return self._clock.zone

    def list(
        self, where: VisitFilter | None = None, *, after: VisitRow | None = None, limit: int = 100
    ) -> list[VisitRow]:
        """Up to ``limit`` visits matching ``where``, newest first, from just after ``after``
        (the last row already shown) or from the newest."""
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            terms = _conditions(session, where or VisitFilter(), self._zone, newest_first=True)
            if terms is None or limit <= 0:
                return []
            if after is not None:
                terms.append(_after(after))
            page = (
                select(Visit.id)
                .where(*terms)
                .order_by(Visit.checked_in_at.desc(), Visit.id.desc())
                .limit(limit)
            )
            return self._rows(session, page)

    def _rows(self, session: Session, page: Select[int]) -> builtins.list[VisitRow]:
        # The page's ids first (from the indexes alone), then only those rows joined, shown
        # in the database's order: the next page starts after the last of them.
        ids = list(session.scalars(page))
        found = {row.id: row for row in visit_rows(session, Visit.id.in_(ids))}
        return [found[visit_id] for visit_id in ids if visit_id in found]

    def count(self, where: VisitFilter | None = None) -> int:
        """How many visits ``list`` would give in all (reads every match: off the GUI
        thread on a big station)."""
        with UnitOfWork(self._db, write=False) as uow:
            terms = _conditions(uow.session, where or VisitFilter(), self._zone)
            if terms is None:
                return 0
            statement = select(func.count()).select_from(Visit).where(true(), *terms)
            return int(uow.session.scalar(statement) or 0)
