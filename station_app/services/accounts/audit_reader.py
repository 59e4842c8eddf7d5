"""The admin's view of the audit trail: newest first, a page at a time, filtered by who,
what kind of action and which days."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.config.settings import REGISTRY
from station_app.db.engine import Database
from station_app.db.models import (
    Attendant,
    AuditEvent,
    InventoryItem,
    Loan,
    Occupation,
    ServiceRecord,
    ServiceType,
    StockMovement,
    Worker,
)
from station_app.db.uow import UnitOfWork
from station_app.domain.days import day_bounds
from station_app.i18n import N_, _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin

SYSTEM = 0  # the "who" filter value for events without an attendant (command line, the app)

# What each kind of event is called on the admin's list; the first part of an action's code
# is its group ("account", "stock", …) for the filter.
ACTION_LABELS: dict[str, str] = {
    "account.first_admin": N_("First admin created"),
    "account.sign_in": N_("Signed in"),
    "account.sign_in_failed": N_("Wrong PIN at sign-in"),
    "account.sign_out": N_("Handed over / signed out"),
    "account.added": N_("Attendant added"),
    "account.updated": N_("Attendant changed"),
    "account.secret_reset": N_("PIN reset by the admin"),
    "account.secret_changed": N_("Own PIN changed"),
    "settings.changed": N_("Settings changed"),
    "station.profile_saved": N_("Station details saved"),
    "occupation.added": N_("Occupation added"),
    "occupation.active": N_("Occupation shown or hidden"),
    "worker.registered": N_("Worker registered"),
    "worker.updated": N_("Worker's details changed"),
    "worker.active": N_("Worker deactivated or reactivated"),
    "worker.erase": N_("Worker's personal data erased"),
    "worker.export": N_("Worker's personal data exported"),
    "card.issue": N_("Card issued"),
    "card.revoke": N_("Card withdrawn"),
    "visit.undone": N_("Visit undone"),
    "service_type_added": N_("Service added"),
    "service_type_renamed": N_("Service renamed"),
    "service_type_active": N_("Service shown or hidden"),
    "service_type_consumes": N_("Service's stock use changed"),
    "service_corrected": N_("Service record corrected"),
    "service_removed": N_("Service record removed"),
    "item_created": N_("Item added"),
    "item_updated": N_("Item changed"),
    "item_activated": N_("Item back in use"),
    "item_deactivated": N_("Item put away"),
    "items_imported": N_("Items imported"),
    "stock_adjusted": N_("Stock adjusted"),
    "stock_discarded": N_("Stock discarded"),
    "stock_undone": N_("Stock entry undone"),
    "stocktake": N_("Stocktake applied"),
    "item_lent": N_("Item lent"),
    "item_returned": N_("Item returned"),
    "key.import": N_("Key trusted"),
    "key.remove": N_("Key removed"),
    "revocations.import": N_("Revocation list imported"),
    "backup.restored": N_("Backup restored"),
    "feedback.answered": N_("Answer to workers' feedback recorded"),
    "feedback.in_person": N_("Feedback given in person recorded"),
}

ENTITY_LABELS: dict[str, str] = {
    "attendant": N_("Attendant"),
    "settings": N_("Settings"),
    "station_profile": N_("Station"),
    "occupation": N_("Occupation"),
    "worker": N_("Worker"),
    "card": N_("Card"),
    "visit": N_("Visit"),
    "service_type": N_("Service"),
    "service_record": N_("Service record"),
    "inventory_item": N_("Item"),
    "stock_movement": N_("Stock entry"),
    "loan": N_("Loan"),
    "trusted_key": N_("Key"),
    "revoked_card": N_("Revocation list"),
    "backup": N_("Backup"),
    "feedback": N_("Workers' feedback"),
}

GROUP_LABELS: dict[str, str] = {
    "account": N_("Sign-in and attendants"),
    "settings": N_("Settings and station details"),
    "worker": N_("Workers and cards"),
    "visit": N_("Visits and services"),
    "stock": N_("Stock and lending"),
    "key": N_("Keys and revocations"),
}


DETAIL_WORDS: dict[str, str] = {
    "attendant": N_("Attendant"),
    "admin": N_("Station admin (站长)"),
    "True": N_("yes"),
    "False": N_("no"),
    "role": N_("Role"),
    "active": N_("May sign in"),
}


def _detail_word(word: str) -> str:
    """role=admin → 角色=站长（管理员）; a setting's key → its title; words the app did
    not write stay as they are."""
    key, sep, value = word.partition("=")
    parts = [key, value] if sep else [word]
    shown = [_word(part) for part in parts]
    return "=".join(shown)


def _word(part: str) -> str:
    if part in DETAIL_WORDS:
        return _(DETAIL_WORDS[part])
    setting = REGISTRY.get(part)
    return _(setting.title) if setting is not None else part


def detail_text(action: str, detail: str) -> str:
    """An event's detail in the user's language."""
    if not detail:
        return ""
    adjusted = re.fullmatch(r"(\d+) adjusted", detail)
    if action == "stocktake" and adjusted:
        return _("{n} items corrected").format(n=adjusted.group(1))
    imported = re.fullmatch(r"(\d+)\+(\d+)", detail)
    if action == "items_imported" and imported:
        return _("{created} added, {updated} changed").format(
            created=imported.group(1), updated=imported.group(2)
        )
    if action == "settings.changed":
        return "、".join(_word(key) for key in detail.split(" "))
    return " ".join(_detail_word(word) for word in detail.split(" "))


def group_of(action: str) -> str:
    head = action.split(".", 1)[0].split("_", 1)[0]
    return {
        "account": "account",
        "settings": "settings",
        "station": "settings",
        "occupation": "settings",
        "backup": "settings",
        "worker": "worker",
        "card": "worker",
        "visit": "visit",
        "service": "visit",
        "item": "stock",
        "items": "stock",
        "stock": "stock",
        "stocktake": "stock",
        "key": "key",
        "revocations": "key",
    }.get(head, "settings")


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


@dataclass(frozen=True)
class AuditFilter:
    attendant_id: int | None = None  # None: everyone; SYSTEM: the command line / the app
    group: str = ""  # a GROUP_LABELS key, or "" for every kind
    first_day: dt.date | None = None  # local days, both included
    last_day: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    who: str  # already in the user's language for events without an attendant
    action: str
    action_label: str
    entity: str
    entity_id: str
    detail: str
    # What it was done to, by name ("饮用水", "老王"); "" when it is gone or has none.
    subject: str = ""

    @property
    def detail_text(self) -> str:
        """The detail with the words the app writes into it (roles, on/off, settings)
        translated."""
        return detail_text(self.action, self.detail)

    @property
    def target(self) -> str:
        """What it was done to, in the user's language: 劳动者 老王, 物资 饮用水. A row's
        number is never shown (it means nothing to a person); a card's number, a key's id
        or a backup's file name are what the admin knows them by."""
        label = ENTITY_LABELS.get(self.entity)
        kind = _(label) if label else self.entity
        if self.subject:
            return f"{kind} {self.subject}"
        if self.entity in NAMED_BY_ID:
            return f"{kind} {self.entity_id}".strip()
        return kind


# Entities whose id is what people call them by (not a row number).
NAMED_BY_ID = frozenset({"card", "trusted_key", "revoked_card", "backup", "station_profile"})


def catalog_label(name: str, builtin: bool) -> str:
    """A built-in list entry's name is an English msgid; a station's own is shown as typed."""
    return _(name) if builtin else name


def _ids(entity_ids: Iterable[str]) -> list[int]:
    return [int(value) for value in entity_ids if value.isdigit()]


def _worker_name(name: str | None, erased: dt.datetime | None) -> str:
    if erased is not None:
        return _("(personal data erased)")
    return name or ""


def _attendants(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(select(Attendant.id, Attendant.name).where(Attendant.id.in_(_ids(ids))))
    return {str(key): name for key, name in rows}


def _workers(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(Worker.id, Worker.display_name, Worker.erased_at).where(Worker.id.in_(_ids(ids)))
    )
    return {str(key): _worker_name(name, erased) for key, name, erased in rows}


def _items(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(InventoryItem.id, InventoryItem.name).where(InventoryItem.id.in_(_ids(ids)))
    )
    return {str(key): name for key, name in rows}


def _movements(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(StockMovement.id, InventoryItem.name)
        .join(InventoryItem, InventoryItem.id == StockMovement.item_id)
        .where(StockMovement.id.in_(_ids(ids)))
    )
    return {str(key): name for key, name in rows}


def _loans(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(
            Loan.id, InventoryItem.name, Worker.display_name, Worker.erased_at, Loan.deposit_note
        )
        .join(InventoryItem, InventoryItem.id == Loan.item_id)
        .outerjoin(Worker, Worker.id == Loan.worker_id)
        .where(Loan.id.in_(_ids(ids)))
    )
    named: dict[str, str] = {}
    for key, item, name, erased, note in rows:
        borrower = _worker_name(name, erased) if name is not None else note
        named[str(key)] = (
            _("{item} to {borrower}").format(item=item, borrower=borrower) if borrower else item
        )
    return named


def _service_types(session: Session, codes: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(ServiceType.code, ServiceType.name, ServiceType.builtin).where(
            ServiceType.code.in_(list(codes))
        )
    )
    return {code: catalog_label(name, builtin) for code, name, builtin in rows}


def _service_records(session: Session, ids: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(ServiceRecord.id, ServiceType.name, ServiceType.builtin)
        .join(ServiceType, ServiceType.id == ServiceRecord.service_type_id)
        .where(ServiceRecord.id.in_(_ids(ids)))
    )
    return {str(key): catalog_label(name, builtin) for key, name, builtin in rows}


def _occupations(session: Session, codes: Iterable[str]) -> dict[str, str]:
    rows = session.execute(
        select(Occupation.code, Occupation.name, Occupation.builtin).where(
            Occupation.code.in_(list(codes))
        )
    )
    return {code: catalog_label(name, builtin) for code, name, builtin in rows}


NAMERS: dict[str, Callable[[Session, Iterable[str]], dict[str, str]]] = {
    "attendant": _attendants,
    "worker": _workers,
    "inventory_item": _items,
    "stock_movement": _movements,
    "loan": _loans,
    "service_type": _service_types,
    "service_record": _service_records,
    "occupation": _occupations,
}


def subjects(session: Session, events: Iterable[AuditEvent]) -> dict[tuple[str, str], str]:
    """(entity, entity id) → the name it goes by now, a query per kind of entity."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.entity in NAMERS and event.entity_id:
            wanted.setdefault(event.entity, set()).add(event.entity_id)
    return {
        (entity, key): name
        for entity, keys in wanted.items()
        for key, name in NAMERS[entity](session, keys).items()
    }


class AuditLogService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def note_restored(self, source: Path, by: str) -> None:
        """Written into the restored file once it is open again: it was put back, from which
        backup, by whom (a name: their account may not exist in the older file)."""
        with UnitOfWork(self._db) as uow:
            audit.record(
                uow.session, "backup.restored", "backup", source.name, by, at=self._clock.now()
            )
            uow.commit()

    def events(self, where: AuditFilter, offset: int, limit: int) -> list[AuditRow]:
        require_admin(self._db)
        statement = (
            _filtered(select(AuditEvent, Attendant.name), where, self._clock.zone)
            .outerjoin(Attendant, Attendant.id == AuditEvent.attendant_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        with UnitOfWork(self._db, write=False) as uow:
            found = [(event, name) for event, name in uow.session.execute(statement)]
            names = subjects(uow.session, (event for event, _name in found))
            return [
                AuditRow(
                    id=event.id,
                    at=event.at,
                    who=name or _("Command line / the app"),
                    action=event.action,
                    action_label=action_label(event.action),
                    entity=event.entity,
                    entity_id=event.entity_id,
                    detail=event.detail,
                    subject=names.get((event.entity, event.entity_id), ""),
                )
                for event, name in found
            ]

    def count(self, where: AuditFilter) -> int:
        require_admin(self._db)
        statement = _filtered(select(func.count()).select_from(AuditEvent), where, self._clock.zone)
        with UnitOfWork(self._db, write=False) as uow:
            return uow.session.scalar(statement) or 0


S = TypeVar("S", bound=Select)


def _filtered(statement: S, where: AuditFilter, zone: dt.tzinfo) -> S:
    if where.attendant_id == SYSTEM:
        statement = statement.where(AuditEvent.attendant_id.is_(None))
    elif where.attendant_id is not None:
        statement = statement.where(AuditEvent.attendant_id == where.attendant_id)
    if where.group:
        actions = [code for code in ACTION_LABELS if group_of(code) == where.group]
        statement = statement.where(AuditEvent.action.in_(actions))
    if where.first_day is not None:
        statement = statement.where(AuditEvent.at >= day_bounds(where.first_day, zone)[0])
    if where.last_day is not None:
        statement = statement.where(AuditEvent.at < day_bounds(where.last_day, zone)[1])
    return statement
