"""The unit of work: one per use case, and the only thing that commits."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from station_app.db.engine import Database


class UnitOfWork:
    """``with UnitOfWork(db) as uow: …; uow.commit()`` — leaving without commit rolls back."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._db.sessions()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()  # a no-op after commit(); undoes everything otherwise
        finally:
            session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()


class CoreUnitOfWork:
    """The same contract on a bare connection, for a hot path written in SQLAlchemy Core.

    ``with CoreUnitOfWork(db) as uow: uow.connection.execute(…); uow.commit()``. It skips the
    ORM session's bookkeeping, which a check-in (a handful of Core statements) does not use.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._connection: Connection | None = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._connection

    def __enter__(self) -> CoreUnitOfWork:
        self._connection = self._db.engine.connect()
        self._connection.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self.connection
        try:
            connection.rollback()  # a no-op after commit(); undoes everything otherwise
        finally:
            connection.close()
            self._connection = None

    def commit(self) -> None:
        self.connection.commit()
