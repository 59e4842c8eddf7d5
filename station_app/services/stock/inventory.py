"""The station's items and their stock journal: receive, issue, adjust, discard, undo,
alerts, stocktake, and the item list as CSV.

Stock is the sum of an item's movements; nothing is changed or deleted (see
``stock_journal``). Undo writes a compensating movement; an attendant undoes only their own
entries, an admin anyone's. Adjustments, discards and stocktakes are the admin's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import (
    ActivityItem,
    InventoryItem,
    Loan,
    ServiceRecord,
    StockMovement,
)
from station_app.db.uow import UnitOfWork
from station_app.domain.catalog import ITEM_CATEGORIES
from station_app.domain.enums import MovementKind
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.printables import CountLine
from station_app.domain.stock import EXPIRING_DAYS, fefo, is_expiring
from station_app.domain.summary_format import MAX_VALUE
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin, require_owner_or_admin
from station_app.services.stock import item_csv, journal
from station_app.services.stock.stock_data import (
    BatchView,
    ImportResult,
    ItemInput,
    ItemView,
    MovementView,
    StockAlerts,
    StockChange,
    StocktakeResult,
)

CATEGORY_LABELS = {entry.code: entry.label for entry in ITEM_CATEGORIES}
MAX_QUANTITY = 1_000_000
# The most of one item a station's books may hold: the largest value the day summary to
# headquarters carries.
MAX_STOCK = MAX_VALUE
MAX_REASON = 200
MAX_DONOR = 100


def category_label(code: str) -> str:
    label = CATEGORY_LABELS.get(code)
    return _(label) if label else code


def kind_label(kind: str) -> str:
    labels = {
        MovementKind.RECEIVE.value: _("Receive"),
        MovementKind.ISSUE.value: _("Issue"),
        MovementKind.ADJUST.value: _("Adjustment"),
        MovementKind.DISCARD.value: _("Discard"),
        MovementKind.LEND.value: _("Lend"),
        MovementKind.RETURN.value: _("Return"),
    }
    return labels.get(kind, kind)


def find_item(session: Session, item_id: int, *, active: bool = True) -> InventoryItem:
    item = session.get(InventoryItem, item_id)
    if item is None or (active and not item.active):
        raise ServiceError(
            _("There is no item number {id} in use. Choose the item from the list again.").format(
                id=item_id
            )
        )
    return item


def check_quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed(
            {"quantity": _("Enter a quantity of 1 or more.")}
            if quantity < 1
            else {"quantity": _("That quantity is too large. Check the number.")}
        )


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationFailed({"reason": _("Give a reason, for example: broken, expired.")})
    if len(text) > MAX_REASON:
        raise ValidationFailed(
            {"reason": _("The reason is too long: at most {n} characters.").format(n=MAX_REASON)}
        )
    return text


def item_view(item: InventoryItem, stock: int, on_loan: int) -> ItemView:
    return ItemView(
        id=item.id,
        name=item.name,
        category=item.category,
        category_label=category_label(item.category),
        unit=item.unit,
        barcode=item.barcode or "",
        min_stock=item.min_stock,
        target_stock=item.target_stock,
        lendable=item.lendable,
        unit_value_fen=item.unit_value_fen,
        active=item.active,
        stock=stock,
        on_loan=on_loan,
    )


def _on_loan(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Loan.item_id, func.count()).where(Loan.returned_at.is_(None)).group_by(Loan.item_id)
    )
    return {item_id: int(n) for item_id, n in rows}


def _current(session: Session, item: InventoryItem) -> ItemView:
    """One item with its stock and open loans (counted for it alone, not for every item)."""
    on_loan = session.scalar(
        select(func.count())
        .select_from(Loan)
        .where(Loan.item_id == item.id, Loan.returned_at.is_(None))
    )
    return item_view(item, journal.stock_of(session, item.id), int(on_loan or 0))


def item_problems(data: ItemInput) -> dict[str, str]:
    """What is wrong with ``data`` on its own (not against other items)."""
    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = _("Enter the item's name.")
    elif len(data.name.strip()) > 100:
        problems["name"] = _("The name is too long: at most 100 characters.")
    if data.category not in CATEGORY_LABELS:
        problems["category"] = _("Choose a category from the list.")
    if not data.unit.strip():
        problems["unit"] = _("Enter the unit the item is counted in, for example: bottle.")
    elif len(data.unit.strip()) > 20:
        problems["unit"] = _("The unit is too long: at most 20 characters.")
    if len(data.barcode.strip()) > 64:
        problems["barcode"] = _("The barcode is too long: at most 64 characters.")
    if not 0 <= data.min_stock <= MAX_QUANTITY:
        problems["min_stock"] = _("The minimum stock must be 0 or more.")
    if not 0 <= data.target_stock <= MAX_QUANTITY:
        problems["target_stock"] = _("The target stock must be 0 or more.")
    elif data.target_stock and data.target_stock < data.min_stock:
        problems["target_stock"] = _("The target stock cannot be below the minimum stock.")
    if not 0 <= data.unit_value_fen <= 100_000_000:
        problems["unit_value_fen"] = _("The unit value must be 0 or more.")
    return problems


def normalized(data: ItemInput) -> ItemInput:
    return ItemInput(
        name=data.name.strip(),
        category=data.category.strip(),
        unit=data.unit.strip(),
        barcode=data.barcode.strip(),
        min_stock=data.min_stock,
        target_stock=data.target_stock,
        lendable=data.lendable,
        unit_value_fen=data.unit_value_fen,
    )


def _clashes(session: Session, data: ItemInput, item_id: int | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    same_name = select(InventoryItem.id).where(
        InventoryItem.name == data.name, InventoryItem.active
    )
    if item_id is not None:
        same_name = same_name.where(InventoryItem.id != item_id)
    if session.scalar(same_name.limit(1)) is not None:
        problems["name"] = _("There is already an item called {name}. Choose another name.").format(
            name=data.name
        )
    if data.barcode:
        same_code = select(InventoryItem.name).where(InventoryItem.barcode == data.barcode)
        if item_id is not None:
            same_code = same_code.where(InventoryItem.id != item_id)
        other = session.scalar(same_code.limit(1))
        if other is not None:
            problems["barcode"] = _("Barcode {code} already belongs to {name}.").format(
                code=data.barcode, name=other
            )
    return problems


def _adjustment(
    session: Session,
    item: InventoryItem,
    *,
    change: int,
    reason: str,
    moment: dt.datetime,
    expires_on: dt.date | None = None,
) -> list[StockMovement]:
    """The movements of an adjustment: a new batch when more, earliest expiry first when
    fewer."""
    if change > 0:
        return [
            journal.bring_in(
                session,
                item,
                MovementKind.ADJUST,
                change,
                moment=moment,
                expiry=expires_on,
                reason=reason,
            )
        ]
    return journal.take_out(
        session, item, MovementKind.ADJUST, -change, moment=moment, reason=reason
    )


def _apply(item: InventoryItem, data: ItemInput) -> None:
    item.name = data.name
    item.category = data.category
    item.unit = data.unit
    item.barcode = data.barcode or None
    item.min_stock = data.min_stock
    item.target_stock = data.target_stock
    item.lendable = data.lendable
    item.unit_value_fen = data.unit_value_fen


class InventoryService:
    """Items, stock movements, alerts, stocktake and the item list as CSV."""

    def __init__(
        self, db: Database, clock: Clock, expiry_days: Callable[[], int] = lambda: EXPIRING_DAYS
    ) -> None:
        self._db = db
        self._clock = clock
        # Read at every look at the alerts, so a change in the settings applies at once.
        self._expiry_days = expiry_days

    # -- items -------------------------------------------------------------------------

    def create_item(self, data: ItemInput) -> ItemView:
        """Add an item (no stock yet); ValidationFailed with a message per field."""
        data = normalized(data)
        problems = item_problems(data)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            problems = problems or _clashes(session, data, None)
            if problems:
                raise ValidationFailed(problems)
            item = InventoryItem(active=True)
            _apply(item, data)
            session.add(item)
            session.flush()
            audit.record(session, "item_created", "inventory_item", item.id, at=self._clock.now())
            view = item_view(item, 0, 0)
            uow.commit()
            return view

    def update_item(self, item_id: int, data: ItemInput) -> ItemView:
        """Change an item's details (its stock only changes through movements)."""
        data = normalized(data)
        problems = item_problems(data)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            item = find_item(session, item_id, active=False)
            problems = problems or _clashes(session, data, item_id)
            if problems:
                raise ValidationFailed(problems)
            _apply(item, data)
            audit.record(session, "item_updated", "inventory_item", item.id, at=self._clock.now())
            session.flush()
            view = _current(session, item)
            uow.commit()
            return view

    def set_active(self, item_id: int, active: bool) -> ItemView:
        """Deactivate an item no longer stocked (its journal stays), or bring it back."""
        with UnitOfWork(self._db) as uow:
            session = uow.session
            item = find_item(session, item_id, active=False)
            if active and not item.active:
                data = ItemInput(item.name, item.category, item.unit, item.barcode or "")
                problems = _clashes(session, data, item.id)
                if "name" in problems:
                    raise ValidationFailed(problems)
            item.active = active
            audit.record(
                session,
                "item_activated" if active else "item_deactivated",
                "inventory_item",
                item.id,
                at=self._clock.now(),
            )
            session.flush()
            view = _current(session, item)
            uow.commit()
            return view

    def deactivate_item(self, item_id: int) -> ItemView:
        return self.set_active(item_id, False)

    def items(self, *, include_inactive: bool = False) -> list[ItemView]:
        """Items with their current stock, by category then name."""
        with UnitOfWork(self._db, write=False) as uow:
            return self._items(uow.session, include_inactive)

    def _items(self, session: Session, include_inactive: bool) -> list[ItemView]:
        statement = select(InventoryItem).order_by(InventoryItem.category, InventoryItem.name)
        if not include_inactive:
            statement = statement.where(InventoryItem.active)
        stock = journal.stocks(session)
        loans = _on_loan(session)
        return [
            item_view(item, stock.get(item.id, 0), loans.get(item.id, 0))
            for item in session.scalars(statement)
        ]

    def item(self, item_id: int) -> ItemView:
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            item = find_item(session, item_id, active=False)
            return _current(session, item)

    def find_by_barcode(self, code: str) -> ItemView | None:
        """The item with this barcode (a scan on the inventory page), or None."""
        code = code.strip()
        if not code:
            return None
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            item = session.scalar(select(InventoryItem).where(InventoryItem.barcode == code))
            if item is None:
                return None
            return _current(session, item)

    def find(self, ref: str) -> ItemView:
        """An item by number, barcode or exact name (for the command line); ServiceError
        when none matches."""
        text = ref.strip()
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            item: InventoryItem | None = None
            if text.isdigit():
                item = session.get(InventoryItem, int(text))
            if item is None and text:
                item = session.scalar(select(InventoryItem).where(InventoryItem.barcode == text))
            if item is None and text:
                item = session.scalar(
                    select(InventoryItem)
                    .where(InventoryItem.name == text)
                    .order_by(InventoryItem.active.desc(), InventoryItem.id)
                    .limit(1)
                )
            if item is None:
                raise ServiceError(
                    _(
                        "No item matches {ref}. Give the item's number, barcode or exact name "
                        "(see: stock list)."
                    ).format(ref=ref)
                )
            return _current(session, item)

    # -- movements ---------------------------------------------------------------------

    def receive(
        self,
        item_id: int,
        quantity: int,
        *,
        donor: str = "",
        expires_on: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> StockChange:
        """入库: a purchase, or a donation when ``donor`` is given; a new batch, with its
        expiry date for medicine and food."""
        check_quantity(quantity)
        donor = donor.strip()
        if len(donor) > MAX_DONOR:
            raise ValidationFailed(
                {
                    "donor": _("The donor's name is too long: at most {n} characters.").format(
                        n=MAX_DONOR
                    )
                }
            )
        return self._move(
            item_id,
            now,
            lambda session, item, moment: [
                journal.bring_in(
                    session,
                    item,
                    MovementKind.RECEIVE,
                    quantity,
                    moment=moment,
                    expiry=expires_on,
                    donor=donor,
                )
            ],
        )

    def issue(
        self, item_id: int, quantity: int, *, reason: str = "", now: dt.datetime | None = None
    ) -> StockChange:
        """出库: hand out ``quantity``, earliest expiry first. Refused (nothing written) when
        the stock is smaller."""
        check_quantity(quantity)
        return self._move(
            item_id,
            now,
            lambda session, item, moment: journal.take_out(
                session, item, MovementKind.ISSUE, quantity, moment=moment, reason=reason.strip()
            ),
        )

    def adjust(
        self,
        item_id: int,
        change: int,
        reason: str,
        *,
        expires_on: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> StockChange:
        """Correct the books after a count: ``change`` units more (> 0, a new batch) or
        fewer (< 0, earliest expiry first). A reason is required."""
        if change == 0:
            raise ValidationFailed({"quantity": _("The adjustment cannot be zero.")})
        check_quantity(abs(change))
        text = _reason(reason)
        require_admin(self._db)
        return self._move(
            item_id,
            now,
            lambda session, item, moment: _adjustment(
                session, item, change=change, reason=text, moment=moment, expires_on=expires_on
            ),
            audited=("stock_adjusted", f"{change:+d}"),
        )

    def discard(
        self,
        item_id: int,
        quantity: int,
        reason: str,
        *,
        batch_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> StockChange:
        """报损: expired or damaged stock, from one batch (``batch_id``, e.g. an expired
        batch on the alert list) or earliest expiry first. A reason is required."""
        check_quantity(quantity)
        text = _reason(reason)
        require_admin(self._db)
        return self._move(
            item_id,
            now,
            lambda session, item, moment: journal.take_out(
                session,
                item,
                MovementKind.DISCARD,
                quantity,
                moment=moment,
                reason=text,
                batch_id=batch_id,
            ),
            audited=("stock_discarded", f"-{quantity}"),
        )

    def _move(
        self,
        item_id: int,
        now: dt.datetime | None,
        movements: Callable[[Session, InventoryItem, dt.datetime], list[StockMovement]],
        *,
        audited: tuple[str, str] | None = None,
    ) -> StockChange:
        """One change of an item's stock in one transaction: the movements ``movements``
        writes (at ``now``, else the clock's time) and, when ``audited`` says so (action,
        detail), its line in the audit trail."""
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            item = find_item(session, item_id)
            rows = movements(session, item, moment)
            if audited is not None:
                action, detail = audited
                audit.record(
                    session, action, "inventory_item", item.id, detail, at=self._clock.now()
                )
            result = journal.change(session, item, rows)
            if result.stock_after > MAX_STOCK:
                # Not committed: the day's summary could not carry such a level, and it is
                # a typing slip far more often than a real delivery.
                raise ValidationFailed(
                    {
                        "quantity": _(
                            "That would make {n} of {item} in stock; a station holds at most "
                            "{max}. Check the number."
                        ).format(n=result.stock_after, item=item.name, max=MAX_STOCK)
                    }
                )
            uow.commit()
            return result

    def undo(
        self, movement_id: int, *, reason: str = "", now: dt.datetime | None = None
    ) -> StockChange:
        """Cancel a receive, issue, adjustment or discard with a compensating movement.

        Refused when later movements depend on it (a batch already given out from), when it
        was undone already, and for lends, returns and services (undo those on their pages).
        """
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            head = session.get(StockMovement, movement_id)
            if head is None:
                raise ServiceError(_("There is no such stock entry. Reload the list."))
            if head.part_of_id is not None:
                head = session.get(StockMovement, head.part_of_id)
                assert head is not None
            if head.kind in (MovementKind.LEND.value, MovementKind.RETURN.value):
                raise ServiceError(
                    _("Lending and returns are corrected on the Lending page, not undone here.")
                )
            used_by_service = session.scalar(
                select(ServiceRecord.id).where(ServiceRecord.stock_movement_id == head.id).limit(1)
            )
            if used_by_service is not None:
                raise ServiceError(
                    _(
                        "This stock was given out with a service. Remove or correct the service "
                        "record on the Services page instead; its stock comes back with it."
                    )
                )
            handed_out_at = session.scalar(
                select(ActivityItem.activity_id).where(ActivityItem.movement_id == head.id).limit(1)
            )
            if handed_out_at is not None:
                # The activity's reports count what it handed out: undoing one of its issues
                # alone would leave them counting stock that came back.
                raise ServiceError(
                    _(
                        "This stock was handed out at an activity, which counts it. Correct "
                        "the count with an adjustment (the station admin) instead."
                    )
                )
            require_owner_or_admin(self._db, head.attendant_id)
            item = find_item(session, head.item_id, active=False)
            rows = journal.reverse(session, head, moment=moment, reason=reason.strip())
            audit.record(session, "stock_undone", "stock_movement", head.id, at=self._clock.now())
            result = journal.change(session, item, rows)
            uow.commit()
            return result

    def movements(self, item_id: int, offset: int = 0, limit: int = 100) -> list[MovementView]:
        """An item's journal, newest first, one line per operation (for a lazy list)."""
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            item = find_item(session, item_id, active=False)
            heads = list(
                session.scalars(
                    select(StockMovement)
                    .where(StockMovement.item_id == item_id, StockMovement.part_of_id.is_(None))
                    .order_by(StockMovement.occurred_at.desc(), StockMovement.id.desc())
                    .offset(max(0, offset))
                    .limit(max(0, limit))
                )
            )
            ids = [head.id for head in heads]
            extra = dict(
                session.execute(
                    select(StockMovement.part_of_id, func.sum(StockMovement.quantity))
                    .where(StockMovement.part_of_id.in_(ids))
                    .group_by(StockMovement.part_of_id)
                ).all()
            )
            undone = set(
                session.scalars(
                    select(StockMovement.reverses_id).where(StockMovement.reverses_id.in_(ids))
                )
            )
            return [
                MovementView(
                    id=head.id,
                    item_id=item.id,
                    item_name=item.name,
                    kind=head.kind,
                    kind_label=kind_label(head.kind),
                    quantity=head.quantity + int(extra.get(head.id, 0)),
                    occurred_at=head.occurred_at,
                    batch_expiry=head.batch_expiry,
                    donor=head.donor,
                    reason=head.reason,
                    visit_id=head.visit_id,
                    reverses_id=head.reverses_id,
                    reversed=head.id in undone,
                    attendant_id=head.attendant_id,
                )
                for head in heads
            ]

    def batches(self, item_id: int, *, today: dt.date | None = None) -> list[BatchView]:
        """The item's batches that still hold stock, in the order they will be used."""
        day = today or self._clock.today()
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            item = find_item(session, item_id, active=False)
            return self._batch_views(session, item, day)

    def _batch_views(self, session: Session, item: InventoryItem, day: dt.date) -> list[BatchView]:
        live = fefo(journal.batches_of(session, item.id))
        if not live:
            return []
        origins = {
            row.id: row
            for row in session.scalars(
                select(StockMovement).where(StockMovement.id.in_([b.id for b in live]))
            )
        }
        return [
            BatchView(
                item_id=item.id,
                item_name=item.name,
                unit=item.unit,
                batch_id=batch.id,
                expiry=batch.expiry,
                received_at=origins[batch.id].occurred_at,
                donor=origins[batch.id].donor,
                remaining=batch.remaining,
                days_left=None if batch.expiry is None else (batch.expiry - day).days,
                category=item.category,
            )
            for batch in live
        ]

    # -- alerts and stocktake ----------------------------------------------------------

    def alerts(self, *, today: dt.date | None = None) -> StockAlerts:
        """Items below their minimum, and batches with stock left that are expired or
        expire within the warning window of the settings (soonest first)."""
        day = today or self._clock.today()
        window = self._expiry_days()
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            items = self._items(session, include_inactive=False)
            below = [item for item in items if item.below_minimum]
            # Items with a dated batch: a take-out's expiry is its batch's, so the batches
            # alone tell (the partial index on them), not the years of take-outs.
            dated = set(
                session.scalars(
                    select(InventoryItem.id).where(
                        exists().where(
                            StockMovement.item_id == InventoryItem.id,
                            StockMovement.batch_expiry.is_not(None),
                            StockMovement.batch_id.is_(None),
                        )
                    )
                )
            )
            expiring: list[BatchView] = []
            for view in items:
                if view.id not in dated or view.stock <= 0:
                    continue
                item = session.get(InventoryItem, view.id)
                assert item is not None
                expiring.extend(
                    batch
                    for batch in self._batch_views(session, item, day)
                    if is_expiring(batch.expiry, day, window)
                )
            expiring.sort(key=lambda b: (b.expiry or dt.date.max, b.item_name, b.batch_id))
            return StockAlerts(
                below_minimum=below,
                expiring=expiring,
                window_days=window,
                items_in_use=len(items),
                items_in_stock=sum(1 for item in items if item.stock > 0),
            )

    def count_sheet(self) -> list[CountLine]:
        """The stocktake sheet: every item in use with the stock the books expect."""
        return [
            CountLine(
                item_id=item.id,
                name=item.name,
                category_label=item.category_label,
                unit=item.unit,
                barcode=item.barcode,
                expected=item.stock,
            )
            for item in self.items()
        ]

    def apply_stocktake(
        self, counts: Mapping[int, int], reason: str, *, now: dt.datetime | None = None
    ) -> StocktakeResult:
        """盘点: one adjustment per item whose count differs from the books, all in one
        transaction (all or nothing). Items not in ``counts`` are left as they are."""
        text = _reason(reason)
        problems = {
            f"count_{item_id}": _("A count cannot be negative.")
            for item_id, counted in counts.items()
            if counted < 0 or counted > MAX_QUANTITY
        }
        if problems:
            raise ValidationFailed(problems)
        require_admin(self._db)
        moment = self._clock.or_now(now)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            changes: list[StockChange] = []
            for item_id, counted in sorted(counts.items()):
                item = find_item(session, item_id)
                difference = counted - journal.stock_of(session, item.id)
                if difference:
                    rows = _adjustment(session, item, change=difference, reason=text, moment=moment)
                    changes.append(journal.change(session, item, rows))
            audit.record(
                session,
                "stocktake",
                "inventory_item",
                "",
                f"{len(changes)} adjusted",
                at=self._clock.now(),
            )
            uow.commit()
            return StocktakeResult(adjusted=len(changes), changes=tuple(changes))

    # -- the item list as CSV -----------------------------------------------------------

    def export_items(self, path: Path) -> int:
        """Write every item (deactivated ones too) as UTF-8 CSV; returns how many."""
        with UnitOfWork(self._db, write=False) as uow:
            items = self._items(uow.session, include_inactive=True)
        item_csv.write(path, items)
        return len(items)

    def import_items(self, path: Path) -> ImportResult:
        """Create or update items from a CSV file (as written by ``export_items``).

        A row with an ``id`` updates that item; without one, the active item of that exact
        name, else a new item. Any bad row refuses the whole file (ValidationFailed, one
        message per line number) and nothing is written. The ``stock`` column is ignored:
        stock only changes through movements.
        """
        rows = item_csv.read(path)
        with UnitOfWork(self._db) as uow:
            session = uow.session
            result = item_csv.apply(session, rows, item_problems, _apply, now=self._clock.now())
            uow.commit()
            return result
