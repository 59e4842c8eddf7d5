"""The check-in hot path's queries, built once and run on the unit of work's connection.

A scan is the one use case done hundreds of times a day with someone waiting at the
counter, so it skips the ORM's per-object bookkeeping: each function here is one indexed
round trip through SQLAlchemy Core, with the statements compiled once and cached. They
never commit (the service does).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Insert,
    bindparam,
    case,
    exists,
    func,
    insert,
    select,
)

from station_app.db.engine import ATTENDANT_KEY
from station_app.db.models import Base

_tables = Base.metadata.tables
_key_table, _revoked_table = _tables["trusted_key"], _tables["revoked_card"]
_card_table, _worker_table = _tables["card"], _tables["worker"]
_occupation_table, _visit_table = _tables["occupation"], _tables["visit"]
_key, _revoked, _card = _key_table.c, _revoked_table.c, _card_table.c
_worker, _occupation, _visit = _worker_table.c, _occupation_table.c, _visit_table.c

_ISSUER = select(
    select(_key.public_key)
    .where(_key.key_id == bindparam("key_id"), _key.active)
    .scalar_subquery(),
    exists()
    .where(_revoked.key_id == bindparam("key_id"), _revoked.card_no == bindparam("card_no"))
    .label("listed"),
)

_occupation_of_visit = func.coalesce(_worker.occupation_code, _card.occupation_code)


def _last_and_month(owner: ColumnElement[bool]) -> tuple[Any, Any]:
    """The newest visit and this month's count for ``owner``: index searches, not scans."""
    last = (
        select(_visit.checked_in_at)
        .where(owner)
        .order_by(_visit.checked_in_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    month = (
        select(func.count())
        .where(
            owner,
            _visit.checked_in_at >= bindparam("month_start"),
            _visit.checked_in_at < bindparam("month_end"),
        )
        .scalar_subquery()
    )
    return last, month


# A worker's visits count together across their cards (a reissued card is the same person);
# a card from elsewhere is known by itself. CASE evaluates only the branch it takes.
_by_worker = _last_and_month(_visit.worker_id == _card.worker_id)
_by_card = _last_and_month(_visit.card_id == _card.id)
_has_worker = _card.worker_id.is_not(None)
_HOLDER = (
    select(
        _card.id,
        _card.card_no,
        _card.worker_id,
        _card.issuer_key_id,
        _card.revoked_at.is_not(None).label("withdrawn"),
        _card.expires_on,
        _worker.display_name,
        _worker.active,
        _worker.erased_at.is_not(None).label("erased"),
        _occupation_of_visit.label("occupation_code"),
        _occupation.name.label("occupation_name"),
        _occupation.builtin,
        case((_has_worker, _by_worker[0]), else_=_by_card[0]).label("last_visit"),
        case((_has_worker, _by_worker[1]), else_=_by_card[1]).label("visits_this_month"),
    )
    .select_from(_card_table)
    .outerjoin(_worker_table, _worker.id == _card.worker_id)
    .outerjoin(_occupation_table, _occupation.code == _occupation_of_visit)
    .where(_card.card_no == bindparam("card_no"))
)
_OCCUPATION = select(_occupation.name, _occupation.builtin).where(
    _occupation.code == bindparam("code")
)
_INSERT_VISIT: Insert = insert(_visit_table)
_INSERT_CARD: Insert = insert(_card_table)


@dataclass(frozen=True)
class Issuer:
    public_key: bytes | None  # None: no active trusted key with that id
    listed: bool  # the card is on the revocation list


@dataclass(frozen=True)
class Holder:
    """A card known here, with its worker (if it has one) and the occupation to count."""

    card_id: int
    card_no: str
    worker_id: int | None
    issuer_key_id: str
    withdrawn: bool
    expires_on: dt.date | None
    worker_name: str
    worker_active: bool
    worker_erased: bool
    occupation_code: str
    occupation_name: str
    occupation_builtin: bool
    last_visit: dt.datetime | None  # of the worker (any card), or of the card
    visits_this_month: int  # before the visit being written


def issuer(conn: Connection, key_id: str, card_no: str) -> Issuer:
    row = conn.execute(_ISSUER, {"key_id": key_id, "card_no": card_no}).one()
    return Issuer(row[0], bool(row[1]))


def is_listed(conn: Connection, key_id: str, card_no: str) -> bool:
    return issuer(conn, key_id, card_no).listed


def holder(conn: Connection, card_no: str, month: tuple[dt.datetime, dt.datetime]) -> Holder | None:
    """The card with this number, its worker, and their visits (``month``: [start, end))."""
    row = conn.execute(
        _HOLDER, {"card_no": card_no, "month_start": month[0], "month_end": month[1]}
    ).first()
    if row is None:
        return None
    return Holder(
        card_id=row.id,
        card_no=row.card_no,
        worker_id=row.worker_id,
        issuer_key_id=row.issuer_key_id,
        withdrawn=bool(row.withdrawn),
        expires_on=row.expires_on,
        worker_name=row.display_name or "",
        worker_active=bool(row.active),
        worker_erased=bool(row.erased),
        occupation_code=row.occupation_code,
        occupation_name=row.occupation_name or row.occupation_code,
        occupation_builtin=bool(row.builtin),
        last_visit=row.last_visit,
        visits_this_month=row.visits_this_month or 0,
    )


def occupation(conn: Connection, code: str) -> tuple[str, bool] | None:
    """(name, builtin) of an occupation, or None when the station does not know it."""
    row = conn.execute(_OCCUPATION, {"code": code}).first()
    return None if row is None else (row.name, bool(row.builtin))


def add_visit(
    conn: Connection,
    *,
    at: dt.datetime,
    source: str,
    occupation_code: str,
    worker_id: int | None,
    card_id: int,
) -> int:
    result = conn.execute(
        _INSERT_VISIT,
        {
            "checked_in_at": at,
            "source": source,
            "occupation_code": occupation_code,
            "worker_id": worker_id,
            "card_id": card_id,
            "attendant_id": conn.info.get(ATTENDANT_KEY),
        },
    )
    (visit_id,) = result.inserted_primary_key or (None,)
    assert visit_id is not None
    return int(visit_id)


def add_foreign_card(
    conn: Connection,
    *,
    card_no: str,
    key_id: str,
    occupation_code: str,
    issued_on: dt.date,
    expires_on: dt.date | None,
) -> int:
    """A card signed elsewhere, seen here for the first time: a card row without a worker."""
    result = conn.execute(
        _INSERT_CARD,
        {
            "card_no": card_no,
            "worker_id": None,
            "issuer_key_id": key_id,
            "occupation_code": occupation_code,
            "issued_on": issued_on,
            "expires_on": expires_on,
            "revoked_at": None,
            "revoke_reason": "",
        },
    )
    (card_id,) = result.inserted_primary_key or (None,)
    assert card_id is not None
    return int(card_id)
