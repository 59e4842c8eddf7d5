"""The SQLite engine with the pragmas the station's data depends on."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.sql.dml import Insert, UpdateBase
from sqlalchemy.sql.util import find_tables

from station_app.domain.accounts import Duty

# WAL lets the report thread read while the check-in page writes; synchronous=FULL makes
# an acknowledged check-in survive a power cut; foreign keys keep visits pointing at real rows.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def apply_pragmas(connection: sqlite3.Connection) -> None:
    cursor = connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, decide when a transaction begins, so the pragmas above run
    # outside one and BEGIN is explicit (the pattern SQLAlchemy's SQLite docs recommend).
    dbapi_connection.isolation_level = None
    apply_pragmas(dbapi_connection)


# An execution option a unit of work that only reads sets on its connection (db/uow.py).
READ_ONLY = "station_read_only"


def _on_begin(connection: Connection) -> None:
    # A transaction that may write takes SQLite's write lock as it begins, waiting its turn
    # within the busy timeout. Begun deferred, it would read first and then fail at once
    # with "database is locked" when asking to write while another connection writes (a
    # deferred reader cannot be upgraded in WAL mode: its snapshot may be stale). Only a
    # unit that says it only reads stays deferred, so a long report never holds the lock.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


ATTENDANT_KEY = "attendant_id"  # in Session.info / Connection.info: who this unit works for


def _stamp_attendant(session: Session, _context: Any, _instances: Any) -> None:
    """Who wrote it: every new row with an ``attendant_id`` column gets the attendant on duty
    when the use case opened its unit of work (a row that names someone keeps its name)."""
    attendant_id = session.info.get(ATTENDANT_KEY)
    if attendant_id is None:
        return
    for row in session.new:
        if hasattr(row, ATTENDANT_KEY) and getattr(row, ATTENDANT_KEY) is None:
            setattr(row, ATTENDANT_KEY, attendant_id)


# In Connection.info while a unit of work holds the connection: the set of tables its
# statements wrote to (``db/uow.py`` reports them at commit; ``services/changes.py`` turns
# them into what the pages show). Statements outside a unit of work are not tracked.
WRITES_KEY = "tables_written"
LINKED_KEY = "linked_connection_infos"  # in Session.info: where WRITES_KEY was put


def _note_write(
    conn: Connection,
    clauseelement: Any,
    _multiparams: Any,
    _params: Any,
    _execution_options: Any,
    result: Any,
) -> None:
    """Every INSERT, UPDATE or DELETE, whether the ORM's flush or a Core statement, names
    its table in the unit of work's set. An UPDATE or DELETE that matched no row changed
    nothing (an INSERT, or a statement with RETURNING, is counted without asking)."""
    written = conn.info.get(WRITES_KEY)
    if written is None or not isinstance(clauseelement, UpdateBase):
        return
    if not isinstance(clauseelement, Insert) and not result.returns_rows and result.rowcount == 0:
        return
    # A plain table almost always; find_tables also looks through an alias or a join.
    written.update(table.name for table in find_tables(clauseelement.table))


def _link_writes(session: Session, _transaction: SessionTransaction, conn: Connection) -> None:
    """A session's connection is taken when it first runs SQL: point it at the unit's set."""
    written = session.info.get(WRITES_KEY)
    if written is None:
        return
    conn.info[WRITES_KEY] = written
    session.info.setdefault(LINKED_KEY, []).append(conn.info)


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 5},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "after_execute", _note_write)
    return engine


@dataclass
class Database:
    """The station's database: its file, its engine, a factory of sessions, and who is on
    duty (every unit of work stamps that person on the rows it writes)."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    duty: Duty = field(default_factory=Duty)

    @classmethod
    def open(cls, path: Path, duty: Duty | None = None) -> Database:
        engine = make_engine(path)
        sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(sessions, "before_flush", _stamp_attendant)
        event.listen(sessions, "after_begin", _link_writes)
        return cls(path, engine, sessions, duty or Duty())

    def close(self) -> None:
        self.engine.dispose()
