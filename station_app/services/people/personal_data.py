"""A worker's personal data under PIPL: a copy on request, erasure, and retention.

The copy is JSON with translated keys: the worker can read it, and a program can too.
Erasure keeps the visits (with their occupation) so the station's figures never change;
retention is erasure of everyone not seen for a number of years.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from station_app.db.models import (
    Card,
    InventoryItem,
    Loan,
    ServiceRecord,
    ServiceType,
    StationProfileRow,
    Visit,
    Worker,
)
from station_app.domain.days import to_local
from station_app.domain.enums import VisitSource
from station_app.domain.errors import ServiceError
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.people.cards import revoke_card_row
from station_app.services.station.labels import catalog_label, occupation_labels

ERASED_REASON = "worker erased"


def erase_worker_row(session: Session, worker: Worker, now: dt.datetime) -> None:
    """Blank ``worker``'s personal fields, withdraw their cards, unlink visits and loans."""
    cards = list(session.scalars(select(Card).where(Card.worker_id == worker.id)))
    for card in cards:
        if card.revoked_at is None:
            revoke_card_row(session, card, ERASED_REASON, now)
    card_ids = [card.id for card in cards]
    # The visits keep what they are counted by (visitor key, card or not, union flags at
    # the visit; revision 0012), so the station's past figures do not change.
    session.execute(
        update(Visit)
        .where(or_(Visit.worker_id == worker.id, Visit.card_id.in_(card_ids)))
        .values(worker_id=None, card_id=None, source=VisitSource.ANONYMOUS.value)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Loan)
        .where(Loan.worker_id == worker.id)
        .values(worker_id=None)
        .execution_options(synchronize_session=False)
    )
    worker.display_name = ""
    worker.phone = None
    worker.employer = ""
    worker.union_member = False
    worker.wants_to_join = False
    worker.consent_on = None
    worker.active = False
    worker.erased_at = now
    audit.record(session, "worker.erase", "worker", worker.id, at=now)


# -- retention --------------------------------------------------------------------------


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same calendar moment ``years`` earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def stale_workers(session: Session, cutoff: dt.datetime) -> list[Worker]:
    """Workers not erased, registered before ``cutoff`` and with no visit since."""
    by_worker = exists().where(Visit.worker_id == Worker.id, Visit.checked_in_at >= cutoff)
    # A visit by one of their cards counts too, whichever way it was linked.
    by_card = exists().where(
        Card.worker_id == Worker.id, Visit.card_id == Card.id, Visit.checked_in_at >= cutoff
    )
    statement = (
        select(Worker)
        .where(Worker.erased_at.is_(None), Worker.created_at < cutoff, ~by_worker, ~by_card)
        .order_by(Worker.id)
    )
    return list(session.scalars(statement))


# -- the copy for the worker -------------------------------------------------------------


def _when(moment: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    return None if moment is None else f"{to_local(moment, zone):%Y-%m-%d %H:%M}"


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _visit_way(source: str) -> str:
    return {
        VisitSource.CARD.value: _("card scanned"),
        VisitSource.MANUAL.value: _("card number typed"),
    }.get(source, source)


def _station_name(session: Session) -> str:
    profile = session.get(StationProfileRow, 1)
    return "" if profile is None else f"{profile.name} ({profile.code})"


def _erased_copy(
    session: Session, worker: Worker, now: dt.datetime, zone: dt.tzinfo
) -> dict[str, Any]:
    erased = worker.erased_at or now
    return {
        _("Station"): _station_name(session),
        _("Exported at"): _when(now, zone),
        _("Worker number"): worker.id,
        _("Note"): _(
            "This worker's personal data was erased on {date}. The station holds nothing "
            "personal about them any more: only anonymous visit counts remain."
        ).format(date=f"{to_local(erased, zone):%Y-%m-%d}"),
    }


def _cards(session: Session, worker: Worker) -> list[Card]:
    return list(session.scalars(select(Card).where(Card.worker_id == worker.id).order_by(Card.id)))


def _visits(
    session: Session, worker: Worker, card_ids: list[int], zone: dt.tzinfo
) -> list[dict[str, Any]]:
    numbers = session.execute(select(Card.id, Card.card_no).where(Card.id.in_(card_ids)))
    cards = {card_id: card_no for card_id, card_no in numbers}
    visits = list(
        session.scalars(
            select(Visit)
            .where(or_(Visit.worker_id == worker.id, Visit.card_id.in_(card_ids)))
            .order_by(Visit.checked_in_at, Visit.id)
        )
    )
    services: dict[int, list[dict[str, Any]]] = {}
    if visits:
        rows = session.execute(
            select(ServiceRecord, ServiceType)
            .join(ServiceType, ServiceRecord.service_type_id == ServiceType.id)
            .where(ServiceRecord.visit_id.in_([visit.id for visit in visits]))
            .order_by(ServiceRecord.recorded_at, ServiceRecord.id)
        )
        for record, service in rows:
            services.setdefault(record.visit_id, []).append(
                {
                    _("Service"): catalog_label(service.name, service.builtin),
                    _("Quantity"): record.quantity,
                    _("Time"): _when(record.recorded_at, zone),
                }
            )
    return [
        {
            _("Time"): _when(visit.checked_in_at, zone),
            _("How"): _visit_way(visit.source),
            _("Card number"): cards.get(visit.card_id) if visit.card_id is not None else None,
            _("Services received"): services.get(visit.id, []),
        }
        for visit in visits
    ]


def _loans(session: Session, worker: Worker, zone: dt.tzinfo) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Loan, InventoryItem.name)
        .join(InventoryItem, Loan.item_id == InventoryItem.id)
        .where(Loan.worker_id == worker.id)
        .order_by(Loan.lent_at, Loan.id)
    )
    return [
        {
            _("Item"): name,
            _("Lent at"): _when(loan.lent_at, zone),
            _("Due back"): _when(loan.due_at, zone),
            _("Returned at"): _when(loan.returned_at, zone),
            _("Deposit"): loan.deposit_note,
        }
        for loan, name in rows
    ]


def personal_data(
    session: Session, worker_id: int, now: dt.datetime, zone: dt.tzinfo
) -> dict[str, Any]:
    """Everything the station holds about one worker, ready to be written as JSON."""
    worker = session.get(Worker, worker_id)
    if worker is None:
        raise ServiceError(
            _("There is no worker number {id}. Search for the worker again.").format(id=worker_id)
        )
    if worker.erased_at is not None:
        return _erased_copy(session, worker, now, zone)
    cards = _cards(session, worker)
    label = occupation_labels(session).get(worker.occupation_code, worker.occupation_code)
    return {
        _("Station"): _station_name(session),
        _("Exported at"): _when(now, zone),
        _("Profile"): {
            _("Worker number"): worker.id,
            _("Name"): worker.display_name,
            _("Phone"): worker.phone,
            _("Occupation"): label,
            _("Employer"): worker.employer,
            _("Union member"): worker.union_member,
            _("Would like to join the union"): worker.wants_to_join,
            _("Registered at"): _when(worker.created_at, zone),
            _("Agreed to their details being kept on"): _day(worker.consent_on),
            _("Active"): worker.active,
        },
        _("Cards"): [
            {
                _("Card number"): card.card_no,
                _("Issued on"): _day(card.issued_on),
                _("Valid until"): _day(card.expires_on),
                _("Withdrawn at"): _when(card.revoked_at, zone),
                _("Reason"): card.revoke_reason,
            }
            for card in cards
        ],
        _("Visit history"): _visits(session, worker, [card.id for card in cards], zone),
        _("Loans"): _loans(session, worker, zone),
    }


def as_json(data: dict[str, Any]) -> bytes:
    """Readable UTF-8 (Chinese as is, indented), ending with a newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
