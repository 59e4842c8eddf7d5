"""The check-in hot path's queries, built once and run on the unit of work's connection.

A scan is the one use case done hundreds of times a day with someone waiting at the
counter, so it skips the ORM's per-object bookkeeping: each function here is one indexed
round trip. The statements are written once in SQLAlchemy Core and compiled to SQL at
import; the three a scan always runs (issuer, holder, the visit's INSERT) go straight to
the DB-API connection under the unit of work's transaction, since SQLAlchemy's own work per
statement (parameters, result objects, events) cost about as much as SQLite's. Values are
stored and read with the dialect's own processors, as SQLAlchemy would. They never commit
(the service does).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Insert,
    bindparam,
    case,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.elements import ClauseElement

from station_app.db.engine import ATTENDANT_KEY, WRITES_KEY
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
_INSERT_VISIT: Insert = insert(_visit_table).values(
    {
        name: bindparam(name)
        for name in (
            "checked_in_at",
            "source",
            "occupation_code",
            "worker_id",
            "card_id",
            "attendant_id",
        )
    }
)
_INSERT_CARD: Insert = insert(_card_table)

# The SQL of the statements the DB-API runs, and their fixed parameters (the LIMITs).
_DIALECT = sqlite.dialect(paramstyle="named")


def _compiled(statement: ClauseElement) -> tuple[str, dict[str, Any]]:
    compiled = statement.compile(dialect=_DIALECT)
    return str(compiled), {k: v for k, v in compiled.params.items() if v is not None}


_ISSUER_SQL = _compiled(_ISSUER)[0]
_HOLDER_SQL, _HOLDER_FIXED = _compiled(_HOLDER)
_INSERT_VISIT_SQL = _compiled(_INSERT_VISIT)[0]
_store_time = DateTime().dialect_impl(_DIALECT).bind_processor(_DIALECT)
_read_time = DateTime().dialect_impl(_DIALECT).result_processor(_DIALECT, None)
_read_date = Date().dialect_impl(_DIALECT).result_processor(_DIALECT, None)


def _stored(moment: dt.datetime) -> Any:
    """An aware time as ``UTCDateTime`` stores it (db/types.py)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store times as aware UTC")
    naive = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return _store_time(naive) if _store_time else naive


def _time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    moment = _read_time(value) if _read_time else value
    assert isinstance(moment, dt.datetime)
    return moment.replace(tzinfo=dt.UTC)


def _date(value: Any) -> dt.date | None:
    return None if value is None else (_read_date(value) if _read_date else value)


def _driver(conn: Connection) -> Any:
    """The DB-API connection under ``conn``, inside the unit of work's transaction."""
    return conn.connection.driver_connection


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
    row = _driver(conn).execute(_ISSUER_SQL, {"key_id": key_id, "card_no": card_no}).fetchone()
    return Issuer(row[0], bool(row[1]))


def is_listed(conn: Connection, key_id: str, card_no: str) -> bool:
    return issuer(conn, key_id, card_no).listed


def holder(conn: Connection, card_no: str, month: tuple[dt.datetime, dt.datetime]) -> Holder | None:
    """The card with this number, its worker, and their visits (``month``: [start, end))."""
    parameters = {
        **_HOLDER_FIXED,
        "card_no": card_no,
        "month_start": _stored(month[0]),
        "month_end": _stored(month[1]),
    }
    row = _driver(conn).execute(_HOLDER_SQL, parameters).fetchone()
    if row is None:
        return None
    (card_id, number, worker_id, key_id, withdrawn, expires_on, name, active, erased) = row[:9]
    (occupation_code, occupation_name, builtin, last_visit, this_month) = row[9:]
    return Holder(
        card_id=card_id,
        card_no=number,
        worker_id=worker_id,
        issuer_key_id=key_id,
        withdrawn=bool(withdrawn),
        expires_on=_date(expires_on),
        worker_name=name or "",
        worker_active=bool(active),
        worker_erased=bool(erased),
        occupation_code=occupation_code,
        occupation_name=occupation_name or occupation_code,
        occupation_builtin=bool(builtin),
        last_visit=_time(last_visit),
        visits_this_month=this_month or 0,
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
    cursor = _driver(conn).execute(
        _INSERT_VISIT_SQL,
        {
            "checked_in_at": _stored(at),
            "source": source,
            "occupation_code": occupation_code,
            "worker_id": worker_id,
            "card_id": card_id,
            "attendant_id": conn.info.get(ATTENDANT_KEY),
        },
    )
    # The engine's hook (db/engine.py) sees only SQLAlchemy's statements: the unit of work
    # is told of this one here, so its commit announces the new visit like any other write.
    written = conn.info.get(WRITES_KEY)
    if written is not None:
        written.add(_visit_table.name)
    visit_id = cursor.lastrowid
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
