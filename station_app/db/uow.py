"""The unit of work: one per use case, and the only thing that commits."""

from __future__ import annotations

from types import TracebackType

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
