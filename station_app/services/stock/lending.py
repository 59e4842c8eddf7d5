"""Lending (借用/归还): umbrellas, raincoats, power banks and tools lent to a worker or to
an anonymous visitor who leaves a deposit note.

A lend is a 'lend' movement (−1, from the earliest-expiring batch like any issue) and a
return a 'return' movement (+1, back into the same batch), each written in the same
transaction as the loan row. Unless the attendant picks a due time, a loan is due at the end
of the local day it was lent, and never sooner than four hours after (an umbrella lent at
nine in the evening is due at one in the morning, not in three hours).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import InventoryItem, Loan, StockMovement, Worker
from station_app.db.uow import UnitOfWork
from station_app.domain.days import as_utc, day_bounds, local_date
from station_app.domain.enums import MovementKind
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.people.workers import find_worker
from station_app.services.stock import journal
from station_app.services.stock.inventory import find_item
from station_app.services.stock.stock_data import LoanView

MIN_LOAN = dt.timedelta(hours=4)
MAX_DEPOSIT_NOTE = 200


def default_due(lent_at: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """End of the local day of lending, and at least four hours after it."""
    _start, end_of_day = day_bounds(local_date(lent_at, zone), zone)
    return max(end_of_day, lent_at + MIN_LOAN)


def _view(loan: Loan, item_name: str, worker_name: str, now: dt.datetime) -> LoanView:
    late = now - loan.due_at if loan.returned_at is None and now > loan.due_at else None
    return LoanView(
        id=loan.id,
        item_id=loan.item_id,
        item_name=item_name,
        worker_id=loan.worker_id,
        worker_name=worker_name,
        deposit_note=loan.deposit_note,
        lent_at=loan.lent_at,
        due_at=loan.due_at,
        returned_at=loan.returned_at,
        overdue_by=late,
    )


def _listing() -> Select[Loan, str, str | None]:
    return (
        select(Loan, InventoryItem.name, Worker.display_name)
        .join(InventoryItem, InventoryItem.id == Loan.item_id)
        .outerjoin(Worker, Worker.id == Loan.worker_id)
    )


def _views(
    session: Session, statement: Select[Loan, str, str | None], now: dt.datetime
) -> list[LoanView]:
    return [
        _view(loan, item_name, worker_name or "", now)
        for loan, item_name, worker_name in session.execute(statement)
    ]


class LendingService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def lend(
        self,
        item_id: int,
        *,
        worker_id: int | None = None,
        deposit_note: str = "",
        due_at: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> LoanView:
        """Lend one unit of a lendable item to a registered worker (resolve a scanned card
        with ``workers.find``) or, without ``worker_id``, to a visitor who leaves a deposit
        note (required then). Refused when none is on the shelf."""
        moment = self._clock.or_now(now)
        note = deposit_note.strip()
        if len(note) > MAX_DEPOSIT_NOTE:
            raise ValidationFailed(
                {
                    "deposit_note": _(
                        "The deposit note is too long: at most {n} characters."
                    ).format(n=MAX_DEPOSIT_NOTE)
                }
            )
        if worker_id is None and not note:
            raise ValidationFailed(
                {
                    "deposit_note": _(
                        "Scan the worker's card, or for a visitor without a card write down the "
                        "deposit left (for example: ID card, 50 yuan)."
                    )
                }
            )
        zone = self._clock.zone
        due = as_utc(due_at, zone) if due_at is not None else default_due(moment, zone)
        if due <= moment:
            raise ValidationFailed({"due_at": _("The due time must be later than now.")})
        with UnitOfWork(self._db) as uow:
            session = uow.session
            item = find_item(session, item_id)
            if not item.lendable:
                raise ServiceError(
                    _(
                        "{item} is not lendable. Mark it as lendable on the Inventory page if the "
                        "station lends it out."
                    ).format(item=item.name)
                )
            worker_name = ""
            if worker_id is not None:
                worker = find_worker(session, worker_id)
                if not worker.active:
                    raise ServiceError(
                        _(
                            "{name}'s registration is deactivated. Reactivate them on the Workers "
                            "page to lend to them."
                        ).format(name=worker.display_name)
                    )
                worker_name = worker.display_name
            if journal.stock_of(session, item.id) < 1:
                raise ServiceError(
                    _(
                        "No {item} left on the shelf to lend: all are lent out or used up. See the "
                        "overdue list, or receive more."
                    ).format(item=item.name)
                )
            (movement,) = journal.take_out(session, item, MovementKind.LEND, 1, moment=moment)
            loan = Loan(
                item_id=item.id,
                worker_id=worker_id,
                deposit_note=note,
                lent_at=moment,
                due_at=due,
                lend_movement_id=movement.id,
            )
            session.add(loan)
            session.flush()
            audit.record(session, "item_lent", "loan", loan.id, at=self._clock.now())
            view = _view(loan, item.name, worker_name, moment)
            uow.commit()
            return view

    def return_loan(self, loan_id: int, *, now: dt.datetime | None = None) -> LoanView:
        """Take back the item of one loan (chosen from a list)."""
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            loan = session.get(Loan, loan_id)
            if loan is None:
                raise ServiceError(_("There is no such loan. Reload the list."))
            view = self._return(session, loan, moment)
            uow.commit()
            return view

    def return_item(self, item_id: int, *, now: dt.datetime | None = None) -> LoanView:
        """Take back one unit of an item (scanned by barcode): its oldest open loan."""
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            item = find_item(session, item_id, active=False)
            loan = session.scalar(
                select(Loan)
                .where(Loan.item_id == item.id, Loan.returned_at.is_(None))
                .order_by(Loan.lent_at, Loan.id)
                .limit(1)
            )
            if loan is None:
                raise ServiceError(
                    _("No {item} is lent out at the moment, so there is nothing to return.").format(
                        item=item.name
                    )
                )
            view = self._return(session, loan, moment)
            uow.commit()
            return view

    def return_all_for_worker(
        self, worker_id: int, *, now: dt.datetime | None = None
    ) -> list[LoanView]:
        """Take back everything a worker (scanned card) has borrowed, in one transaction."""
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            worker = find_worker(session, worker_id)
            loans = list(
                session.scalars(
                    select(Loan)
                    .where(Loan.worker_id == worker.id, Loan.returned_at.is_(None))
                    .order_by(Loan.lent_at, Loan.id)
                )
            )
            if not loans:
                raise ServiceError(
                    _("{name} has nothing borrowed at the moment.").format(name=worker.display_name)
                )
            views = [self._return(session, loan, moment) for loan in loans]
            uow.commit()
            return views

    def _return(self, session: Session, loan: Loan, moment: dt.datetime) -> LoanView:
        item = session.get(InventoryItem, loan.item_id)
        assert item is not None
        if loan.returned_at is not None:
            raise ServiceError(
                _("This {item} was already returned. Reload the list.").format(item=item.name)
            )
        lent = session.get(StockMovement, loan.lend_movement_id)
        assert lent is not None
        back = journal.put_back(session, item, MovementKind.RETURN, lent, moment=moment)
        loan.returned_at = max(moment, loan.lent_at)
        loan.return_movement_id = back.id
        session.flush()
        audit.record(session, "item_returned", "loan", loan.id, at=self._clock.now())
        worker = session.get(Worker, loan.worker_id) if loan.worker_id is not None else None
        return _view(loan, item.name, worker.display_name if worker else "", moment)

    def open_loans(
        self,
        *,
        worker_id: int | None = None,
        item_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> list[LoanView]:
        """Loans not yet returned, oldest first; optionally one worker's or one item's."""
        moment = self._clock.or_now(now)
        statement = _listing().where(Loan.returned_at.is_(None)).order_by(Loan.lent_at, Loan.id)
        if worker_id is not None:
            statement = statement.where(Loan.worker_id == worker_id)
        if item_id is not None:
            statement = statement.where(Loan.item_id == item_id)
        with UnitOfWork(self._db, write=False) as uow:
            return _views(uow.session, statement, moment)

    def overdue(self, now: dt.datetime | None = None) -> list[LoanView]:
        """Open loans past their due time, the longest overdue first (``overdue_by`` says how
        long)."""
        moment = self._clock.or_now(now)
        statement = (
            _listing()
            .where(Loan.returned_at.is_(None), Loan.due_at < moment)
            .order_by(Loan.due_at, Loan.id)
        )
        with UnitOfWork(self._db, write=False) as uow:
            return _views(uow.session, statement, moment)
