"""The SQLite engine with the pragmas the station's data depends on."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

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


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 5},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Database:
    """The station's database: its file, its engine and a factory of sessions."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, path: Path) -> Database:
        engine = make_engine(path)
        return cls(path, engine, sessionmaker(engine, expire_on_commit=False))

    def close(self) -> None:
        self.engine.dispose()
