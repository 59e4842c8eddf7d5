"""HQ's database: its own tables and declarative base, apart from any station's.

HQ runs on SQLite (a district) or PostgreSQL (a city or province) through the same models.
The schema has its own Alembic history (``station_app/hq/migrations``), run by
``create_schema`` whenever HQ opens its database. The first release made its tables
without one (``create_all``): such a database is recognised by its tables and stamped
with the first revision, which is exactly those tables, before the upgrade.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Engine,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from station_app.db.types import UTCDateTime
from station_app.hq.base import HqBase as HqBase  # noqa: PLC0414  (re-exported)


class HqStation(HqBase):
    """A station HQ knows: it signs its batches with ``public_key`` and sends them with a token
    whose SHA-256 is ``token_hash`` (the token itself is shown once and never stored)."""

    __tablename__ = "hq_station"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[str] = mapped_column(String(8))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw 32-byte Ed25519
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    address: Mapped[str] = mapped_column(String(300), default="")
    # Free text shown to people, e.g. "07:00-19:00".
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    # The day it opened: reporting expects days from then (from ``added_at``'s day when None).
    opened_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # ISO weekday digits (1 = Monday … 7 = Sunday) it is regularly closed, e.g. "67".
    closed_weekdays: Mapped[str] = mapped_column(String(7), default="")
    # False: withdrawn from service, no longer expected to report.
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HqBatch(HqBase):
    """One received batch (a station's day, one revision), applied or not. A batch id is
    the station's own: another station sending the same id never touches it."""

    __tablename__ = "hq_batch"
    __table_args__ = (Index("ix_hq_batch_station_day", "station_code", "day", "revision"),)

    station_code: Mapped[str] = mapped_column(ForeignKey("hq_station.code"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # False for a revision older than the one already held: kept to show it arrived.
    applied: Mapped[bool] = mapped_column(Boolean, default=False)


class HqValue(HqBase):
    """One figure of a station's day, by the format's natural key."""

    __tablename__ = "hq_value"
    __table_args__ = (
        UniqueConstraint("station_code", "date", "metric", "dimension", name="natural_key"),
        Index("ix_hq_value_date_metric", "date", "metric"),
        ForeignKeyConstraint(
            ["station_code", "batch_id"], ["hq_batch.station_code", "hq_batch.batch_id"]
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("hq_station.code"))
    date: Mapped[dt.date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str] = mapped_column(String(200))
    value: Mapped[int] = mapped_column(BigInteger)
    batch_id: Mapped[str] = mapped_column(String(36))


class HqFlag(HqBase):
    """A finding of a validation rule on a stored day (``hq/validation.py``): the day's
    figures were kept, and someone at HQ should follow it up. A newer revision of the day
    replaces its flags with its own."""

    __tablename__ = "hq_flag"
    __table_args__ = (Index("ix_hq_flag_day", "date", "station_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("hq_station.code"))
    date: Mapped[dt.date] = mapped_column(Date)
    rule: Mapped[str] = mapped_column(String(40))
    line: Mapped[int] = mapped_column(Integer)  # the CSV line, 0 for the file as a whole
    # The rule's figures as JSON: the message is made from them in the reader's language.
    params: Mapped[str] = mapped_column(String(1000))
    batch_id: Mapped[str] = mapped_column(String(36))


FIRST_REVISION = "0001"


def migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "migrations"


def create_schema(engine: Engine) -> None:
    """Bring HQ's database to the newest schema (see the module docstring)."""
    from alembic import command

    from station_app.db.migrate import alembic_config, upgrade

    config = alembic_config(migrations_dir())
    with engine.connect() as connection:
        unversioned = not inspect(connection).has_table("alembic_version")
        made_by_first_release = unversioned and inspect(connection).has_table("hq_station")
    if made_by_first_release:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.stamp(config, FIRST_REVISION)
    upgrade(engine, config=config)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # As the station's engine (db/engine.py): SQLAlchemy, not pysqlite, begins transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=10000",
        ):
            cursor.execute(pragma)
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two deliveries at once then run one after the
    # other (waiting up to busy_timeout) instead of both reading and one failing to write.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_hq_engine(url: str) -> Engine:
    """An engine for an HQ database URL (``sqlite:///…`` or ``postgresql+psycopg://…``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


@dataclass
class HqDatabase:
    """HQ's engine and its factory of sessions."""

    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> HqDatabase:
        engine = make_hq_engine(url)
        if create:
            create_schema(engine)
        return cls(engine, sessionmaker(engine, expire_on_commit=False))

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def ping(self) -> None:
        """Raises when the database does not answer (the health check)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()
