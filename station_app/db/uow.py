"""The unit of work: one per use case, and the only thing that commits."""

from __future__ import annotations

from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from station_app.db.engine import ATTENDANT_KEY, Database


class _Transactional(Protocol):
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


T = TypeVar("T", bound=_Transactional)


class _Scope(Generic[T]):
    """Open on enter; leaving without ``commit()`` rolls everything back, then closes."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._handle: T | None = None

    def _open(self) -> T:
        raise NotImplementedError

    @property
    def _current(self) -> T:
        if self._handle is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._handle

    def __enter__(self) -> Self:
        self._handle = self._open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        handle = self._current
        try:
            handle.rollback()  # a no-op after commit(); undoes everything otherwise
        finally:
            handle.close()
            self._handle = None

    def commit(self) -> None:
        self._current.commit()


class UnitOfWork(_Scope[Session]):
    """``with UnitOfWork(db) as uow: …; uow.commit()`` — leaving without commit rolls back."""

    def _open(self) -> Session:
        session = self._db.sessions()
        session.info[ATTENDANT_KEY] = self._db.duty.attendant_id
        return session

    @property
    def session(self) -> Session:
        return self._current


class CoreUnitOfWork(_Scope[Connection]):
    """The same contract on a bare connection, for a hot path written in SQLAlchemy Core.

    ``with CoreUnitOfWork(db) as uow: uow.connection.execute(…); uow.commit()``. It skips the
    ORM session's bookkeeping, which a check-in (a handful of Core statements) does not use.
    """

    def _open(self) -> Connection:
        connection = self._db.engine.connect()
        connection.info[ATTENDANT_KEY] = self._db.duty.attendant_id
        connection.begin()
        return connection

    @property
    def connection(self) -> Connection:
        return self._current
