"""The unit of work: one per use case, and the only thing that commits.

A unit also knows which tables its statements wrote to, and at each commit tells the
listener of the current context (``db/commits.py``; ``services/changes.py`` sets it), so
whoever shows the data learns what a use case changed without the use case saying so.

A unit that may write (the default) takes SQLite's write lock when its transaction begins
(``BEGIN IMMEDIATE``, ``db/engine.py``), so two writers wait their turn instead of one failing
half-way; ``write=False`` declares a unit that only reads, which begins deferred and never
holds the lock, so a long report does not keep the check-in waiting. A read-only unit that
commits anyway is a mistake and raises.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from station_app.db.commits import commit_listener
from station_app.db.engine import ATTENDANT_KEY, LINKED_KEY, READ_ONLY, WRITES_KEY, Database


class _Transactional(Protocol):
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


T = TypeVar("T", bound=_Transactional)


class _Scope(Generic[T]):
    """Open on enter; leaving without ``commit()`` rolls everything back, then closes."""

    def __init__(self, db: Database, *, write: bool = True) -> None:
        self._db = db
        self._write = write
        self._handle: T | None = None
        # Filled by the engine's statement hook (db/engine.py) while the unit is open.
        self._written: set[str] = set()

    def _open(self) -> T:
        raise NotImplementedError

    def _unlink(self) -> None:
        """Stop the connection's statements from counting as this unit's."""
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
            self._unlink()
            handle.close()
            self._handle = None
            self._written.clear()

    def commit(self) -> None:
        if not self._write:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._current.commit()
        written = frozenset(self._written)
        self._written.clear()  # a later commit of the same unit reports only its own
        listener = commit_listener.get()
        if written and listener is not None:
            listener(written)


class UnitOfWork(_Scope[Session]):
    """``with UnitOfWork(db) as uow: …; uow.commit()`` — leaving without commit rolls back.
    ``UnitOfWork(db, write=False)`` for a unit that only reads."""

    def _open(self) -> Session:
        session = self._db.sessions()
        session.info[ATTENDANT_KEY] = self._db.duty.attendant_id
        session.info[WRITES_KEY] = self._written
        if not self._write:
            # The option must be on the connection before its BEGIN: take it now.
            session.connection(execution_options={READ_ONLY: True})
        return session

    def _unlink(self) -> None:
        infos: list[dict[Any, Any]] = self._current.info.pop(LINKED_KEY, [])
        for info in infos:
            info.pop(WRITES_KEY, None)

    @property
    def session(self) -> Session:
        return self._current


class CoreUnitOfWork(_Scope[Connection]):
    """The same contract on a bare connection, for a hot path written in SQLAlchemy Core.

    ``with CoreUnitOfWork(db) as uow: uow.connection.execute(…); uow.commit()``. It skips the
    ORM session's bookkeeping, which a check-in (a handful of Core statements) does not use.
    """

    def __init__(self, db: Database, *, write: bool = True) -> None:
        super().__init__(db, write=write)
        self._info: dict[Any, Any] = {}

    def _open(self) -> Connection:
        connection = self._db.engine.connect()
        connection.info[ATTENDANT_KEY] = self._db.duty.attendant_id
        if not self._write:
            connection.execution_options(**{READ_ONLY: True})
        connection.begin()
        # Connection.info belongs to the pooled connection: kept to clear it on the way out.
        self._info = connection.info
        self._info[WRITES_KEY] = self._written
        return connection

    def _unlink(self) -> None:
        self._info.pop(WRITES_KEY, None)

    @property
    def connection(self) -> Connection:
        return self._current
