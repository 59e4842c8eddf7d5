"""The service log (服务记录): which services each visit received, and the service types.

Recording a service that consumes an item (饮水 → one bottle of 饮用水) writes the service
record and its stock issue (earliest expiry first) in one transaction; when the stock is
short, neither is written. Removing or correcting a record puts its stock back with a
compensating movement in the same transaction.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import (
    InventoryItem,
    ServiceRecord,
    ServiceType,
    StockMovement,
    Visit,
    Worker,
)
from station_app.db.uow import UnitOfWork
from station_app.domain.days import day_start
from station_app.domain.enums import MovementKind
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin, require_owner_or_admin
from station_app.services.checkin.service_data import (
    ServiceFilter,
    ServiceRecordView,
    ServiceTypeView,
)
from station_app.services.station.labels import catalog_label, occupation_labels
from station_app.services.stock import journal
from station_app.services.stock.inventory import find_item

MAX_PER_RECORD = 100
Records = Select[ServiceRecord, ServiceType, Visit, str | None, str | None, int]
MAX_CONSUMES = 100


def _type_view(row: ServiceType, item_name: str) -> ServiceTypeView:
    return ServiceTypeView(
        id=row.id,
        code=row.code,
        label=catalog_label(row.name, row.builtin),
        builtin=row.builtin,
        active=row.active,
        sort_order=row.sort_order,
        consumes_item_id=row.consumes_item_id,
        consumes_item_name=item_name,
        consumes_quantity=row.consumes_quantity if row.consumes_item_id is not None else 0,
    )


def _find_type(session: Session, code: str, *, active: bool = True) -> ServiceType:
    row = session.scalar(select(ServiceType).where(ServiceType.code == code))
    if row is None or (active and not row.active):
        raise ServiceError(_("Choose a service from the list."))
    return row


def _name(name: str) -> str:
    text = name.strip()
    if not text:
        raise ValidationFailed({"name": _("Enter the service's name.")})
    if len(text) > 100:
        raise ValidationFailed({"name": _("The name is too long: at most 100 characters.")})
    return text


def _refuse_taken(session: Session, text: str, *, other_than: int | None = None) -> None:
    """Two services of the same name could not be told apart on the check-in page."""
    labels = {
        catalog_label(row.name, row.builtin)
        for row in session.scalars(select(ServiceType))
        if row.id != other_than
    }
    if text in labels:
        raise ValidationFailed(
            {"name": _("There is already a service called {name}.").format(name=text)}
        )


def _record_query() -> Records:
    issued = (
        select(func.coalesce(-func.sum(StockMovement.quantity), 0))
        .where(
            (StockMovement.id == ServiceRecord.stock_movement_id)
            | (StockMovement.part_of_id == ServiceRecord.stock_movement_id)
        )
        .scalar_subquery()
    )
    # An alias: the plain table in the FROM list would correlate into ``issued``.
    taken = aliased(StockMovement)
    return (
        select(ServiceRecord, ServiceType, Visit, Worker.display_name, InventoryItem.name, issued)
        .join(ServiceType, ServiceType.id == ServiceRecord.service_type_id)
        .join(Visit, Visit.id == ServiceRecord.visit_id)
        .outerjoin(Worker, Worker.id == Visit.worker_id)
        .outerjoin(taken, taken.id == ServiceRecord.stock_movement_id)
        .outerjoin(InventoryItem, InventoryItem.id == taken.item_id)
    )


class ServiceLogService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # -- service types -----------------------------------------------------------------

    def service_types(self, *, include_inactive: bool = False) -> list[ServiceTypeView]:
        """The station's service types in their order, with the item each consumes."""
        with UnitOfWork(self._db, write=False) as uow:
            statement = (
                select(ServiceType, InventoryItem.name)
                .outerjoin(InventoryItem, InventoryItem.id == ServiceType.consumes_item_id)
                .order_by(ServiceType.sort_order, ServiceType.id)
            )
            if not include_inactive:
                statement = statement.where(ServiceType.active)
            return [
                _type_view(row, item_name or "")
                for row, item_name in uow.session.execute(statement)
            ]

    def add_type(
        self, name: str, *, consumes_item_id: int | None = None, consumes_quantity: int = 0
    ) -> ServiceTypeView:
        """A station's own service type, shown as typed; it goes last in the list."""
        text = _name(name)
        require_admin(self._db)  # the service list is the station's settings
        with UnitOfWork(self._db) as uow:
            session = uow.session
            _refuse_taken(session, text)
            last = session.scalar(select(func.max(ServiceType.sort_order))) or 0
            row = ServiceType(
                code=f"own_{session.scalar(select(func.count()).select_from(ServiceType))}",
                name=text,
                builtin=False,
                sort_order=last + 1,
                active=True,
                consumes_quantity=0,
            )
            while session.scalar(select(ServiceType.id).where(ServiceType.code == row.code)):
                row.code += "_"
            session.add(row)
            session.flush()
            item_name = self._consume(session, row, consumes_item_id, consumes_quantity)
            audit.record(
                session, "service_type_added", "service_type", row.code, at=self._clock.now()
            )
            view = _type_view(row, item_name)
            uow.commit()
            return view

    def rename_type(self, code: str, name: str) -> ServiceTypeView:
        """Rename a service type; a renamed built-in one is shown as typed from then on."""
        text = _name(name)
        require_admin(self._db)  # the service list is the station's settings
        with UnitOfWork(self._db) as uow:
            session = uow.session
            row = _find_type(session, code, active=False)
            _refuse_taken(session, text, other_than=row.id)
            row.name = text
            row.builtin = False
            audit.record(
                session, "service_type_renamed", "service_type", row.code, at=self._clock.now()
            )
            item = (
                session.get(InventoryItem, row.consumes_item_id) if row.consumes_item_id else None
            )
            view = _type_view(row, item.name if item else "")
            uow.commit()
            return view

    def set_type_active(self, code: str, active: bool) -> ServiceTypeView:
        """Hide a service type from the check-in page (its records stay), or show it again."""
        require_admin(self._db)  # the service list is the station's settings
        with UnitOfWork(self._db) as uow:
            session = uow.session
            row = _find_type(session, code, active=False)
            row.active = active
            audit.record(
                session,
                "service_type_active",
                "service_type",
                row.code,
                str(active),
                at=self._clock.now(),
            )
            item = (
                session.get(InventoryItem, row.consumes_item_id) if row.consumes_item_id else None
            )
            view = _type_view(row, item.name if item else "")
            uow.commit()
            return view

    def set_consumption(self, code: str, item_id: int | None, quantity: int = 1) -> ServiceTypeView:
        """What one such service takes from stock: ``quantity`` of ``item_id``, or nothing."""
        require_admin(self._db)  # the service list is the station's settings
        with UnitOfWork(self._db) as uow:
            session = uow.session
            row = _find_type(session, code, active=False)
            item_name = self._consume(session, row, item_id, quantity)
            audit.record(
                session, "service_type_consumes", "service_type", row.code, at=self._clock.now()
            )
            view = _type_view(row, item_name)
            uow.commit()
            return view

    def _consume(
        self, session: Session, row: ServiceType, item_id: int | None, quantity: int
    ) -> str:
        if item_id is None:
            row.consumes_item_id = None
            row.consumes_quantity = 0
            return ""
        if not 1 <= quantity <= MAX_CONSUMES:
            raise ValidationFailed(
                {"consumes_quantity": _("Each service uses 1 to {n} units.").format(n=MAX_CONSUMES)}
            )
        item = find_item(session, item_id)
        row.consumes_item_id = item.id
        row.consumes_quantity = quantity
        return item.name

    # -- service records ---------------------------------------------------------------

    def record(
        self,
        visit_id: int,
        service_code: str,
        quantity: int = 1,
        *,
        now: dt.datetime | None = None,
        correcting: bool = False,
    ) -> ServiceRecordView:
        """Record that a visit received a service (``quantity`` times) together with the
        stock it uses, in one transaction; refused whole when the stock is short.

        ``correcting``: added later to a past visit (the visit log), which only the visit's
        own attendant or an admin may do; at the check-in desk anyone on duty may."""
        if not 1 <= quantity <= MAX_PER_RECORD:
            raise ValidationFailed(
                {"quantity": _("Enter how many times: 1 to {n}.").format(n=MAX_PER_RECORD)}
            )
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise ServiceError(
                    _("This visit no longer exists (it was undone). Check the visitor in again.")
                )
            if correcting:
                require_owner_or_admin(self._db, visit.attendant_id)
            service = _find_type(session, service_code)
            record = ServiceRecord(
                visit_id=visit.id, service_type_id=service.id, quantity=quantity, recorded_at=moment
            )
            record.stock_movement_id = self._issue(session, service, quantity, visit.id, moment)
            session.add(record)
            session.flush()
            view = self._view(session, record.id)
            uow.commit()
            return view

    def _issue(
        self,
        session: Session,
        service: ServiceType,
        quantity: int,
        visit_id: int,
        moment: dt.datetime,
    ) -> int | None:
        if service.consumes_item_id is None or service.consumes_quantity <= 0:
            return None
        item = find_item(session, service.consumes_item_id, active=False)
        rows = journal.take_out(
            session,
            item,
            MovementKind.ISSUE,
            service.consumes_quantity * quantity,
            moment=moment,
            visit_id=visit_id,
        )
        return rows[0].id

    def _reverse(self, session: Session, record: ServiceRecord, moment: dt.datetime) -> None:
        if record.stock_movement_id is None:
            return
        head = session.get(StockMovement, record.stock_movement_id)
        assert head is not None
        if not journal.is_reversed(session, head.id):
            journal.reverse(session, head, moment=moment, reason=_("service record corrected"))

    def correct(
        self,
        record_id: int,
        *,
        service_code: str | None = None,
        quantity: int | None = None,
        now: dt.datetime | None = None,
    ) -> ServiceRecordView:
        """Change a record's service or count: its old stock comes back and the new stock is
        taken (refused whole, nothing changed, when that stock is short)."""
        moment = self._clock.or_now(now)
        if quantity is not None and not 1 <= quantity <= MAX_PER_RECORD:
            raise ValidationFailed(
                {"quantity": _("Enter how many times: 1 to {n}.").format(n=MAX_PER_RECORD)}
            )
        with UnitOfWork(self._db) as uow:
            session = uow.session
            record = self._find(session, record_id)
            require_owner_or_admin(self._db, record.attendant_id)
            service = (
                _find_type(session, service_code)
                if service_code is not None
                else session.get(ServiceType, record.service_type_id)
            )
            assert service is not None
            count = quantity if quantity is not None else record.quantity
            self._reverse(session, record, moment)
            record.service_type_id = service.id
            record.quantity = count
            record.stock_movement_id = self._issue(session, service, count, record.visit_id, moment)
            session.flush()
            audit.record(
                session, "service_corrected", "service_record", record.id, at=self._clock.now()
            )
            view = self._view(session, record.id)
            uow.commit()
            return view

    def remove(self, record_id: int, *, now: dt.datetime | None = None) -> None:
        """Delete a service record given by mistake; its stock comes back (compensating
        movement) in the same transaction."""
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            record = self._find(session, record_id)
            require_owner_or_admin(self._db, record.attendant_id)
            self._reverse(session, record, moment)
            audit.record(
                session, "service_removed", "service_record", record.id, at=self._clock.now()
            )
            session.delete(record)
            uow.commit()

    def take_back(
        self, visit_ids: Sequence[int], service_code: str, *, now: dt.datetime | None = None
    ) -> int:
        """Undo one tap of a service: the latest record of it for each of ``visit_ids`` (a
        group got it once each) goes, its stock comes back. All or nothing; returns how many
        records went (0: none of the visits had it)."""
        moment = self._clock.or_now(now)
        removed = 0
        with UnitOfWork(self._db) as uow:
            session = uow.session
            for visit_id in visit_ids:
                record = session.scalar(
                    select(ServiceRecord)
                    .join(ServiceType, ServiceType.id == ServiceRecord.service_type_id)
                    .where(ServiceRecord.visit_id == visit_id, ServiceType.code == service_code)
                    .order_by(ServiceRecord.id.desc())
                    .limit(1)
                )
                if record is None:
                    continue
                require_owner_or_admin(self._db, record.attendant_id)
                self._reverse(session, record, moment)
                audit.record(
                    session, "service_removed", "service_record", record.id, at=self._clock.now()
                )
                session.delete(record)
                removed += 1
            uow.commit()
        return removed

    def _find(self, session: Session, record_id: int) -> ServiceRecord:
        record = session.get(ServiceRecord, record_id)
        if record is None:
            raise ServiceError(_("This service record no longer exists. Reload the list."))
        return record

    def _view(self, session: Session, record_id: int) -> ServiceRecordView:
        statement = _record_query().where(ServiceRecord.id == record_id)
        (view,) = self._views(session, statement)
        return view

    def _views(
        self,
        session: Session,
        statement: Records,
    ) -> list[ServiceRecordView]:
        occupations = occupation_labels(session)
        views = []
        for record, service, visit, worker_name, item_name, issued in session.execute(statement):
            views.append(
                ServiceRecordView(
                    id=record.id,
                    visit_id=visit.id,
                    recorded_at=record.recorded_at,
                    service_code=service.code,
                    service_label=catalog_label(service.name, service.builtin),
                    quantity=record.quantity,
                    occupation_label=occupations.get(visit.occupation_code, visit.occupation_code),
                    worker_name=worker_name or "",
                    item_name=item_name or "",
                    item_quantity=int(issued or 0),
                    stock_movement_id=record.stock_movement_id,
                )
            )
        return views

    def _filtered(
        self,
        statement: Records,
        where: ServiceFilter,
    ) -> Records:
        if where.start is not None:
            statement = statement.where(
                ServiceRecord.recorded_at >= day_start(where.start, self._clock.zone)
            )
        if where.end is not None:
            statement = statement.where(
                ServiceRecord.recorded_at
                < day_start(where.end + dt.timedelta(days=1), self._clock.zone)
            )
        if where.service_code:
            statement = statement.where(ServiceType.code == where.service_code)
        if where.occupation_code:
            statement = statement.where(Visit.occupation_code == where.occupation_code)
        return statement

    def list(
        self, where: ServiceFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[ServiceRecordView]:
        """Service records, newest first, filtered; ``limit`` after skipping ``offset`` (for
        a lazy list)."""
        statement = self._filtered(_record_query(), where or ServiceFilter())
        statement = (
            statement.order_by(ServiceRecord.recorded_at.desc(), ServiceRecord.id.desc())
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        with UnitOfWork(self._db, write=False) as uow:
            return self._views(uow.session, statement)

    def count(self, where: ServiceFilter | None = None) -> int:
        """How many records ``list`` would give in all."""
        base = (
            select(func.count())
            .select_from(ServiceRecord)
            .join(ServiceType, ServiceType.id == ServiceRecord.service_type_id)
            .join(Visit, Visit.id == ServiceRecord.visit_id)
        )
        statement = self._filtered(base, where or ServiceFilter())  # type: ignore[arg-type]
        with UnitOfWork(self._db, write=False) as uow:
            return int(uow.session.scalar(statement) or 0)

    def for_visit(self, visit_id: int) -> builtins.list[ServiceRecordView]:
        """The services a visit received, in the order they were recorded."""
        statement = (
            _record_query().where(ServiceRecord.visit_id == visit_id).order_by(ServiceRecord.id)
        )
        with UnitOfWork(self._db, write=False) as uow:
            return self._views(uow.session, statement)
