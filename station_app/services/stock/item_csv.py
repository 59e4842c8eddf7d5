"""The item list as CSV (UTF-8 with a BOM, so Excel opens Chinese correctly; a header row).

Columns: id, name, category, unit, barcode, min_stock, target_stock, lendable,
unit_value_fen, active, stock. On import only name, category and unit are required; ``id``
picks the item to update; ``stock`` is ignored (stock only changes through movements).
A file is checked whole first: any bad line refuses it all, naming every bad line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from station_app.db.models import InventoryItem
from station_app.domain.catalog import ITEM_CATEGORIES
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.i18n import _
from station_app.reports.output import atomic_output
from station_app.services.accounts import audit_writer as audit
from station_app.services.stock.stock_data import ImportResult, ItemInput, ItemView

if TYPE_CHECKING:
    from _csv import Reader  # csv.reader's type, named in the stubs only

COLUMNS = (
    "id",
    "name",
    "category",
    "unit",
    "barcode",
    "min_stock",
    "target_stock",
    "lendable",
    "unit_value_fen",
    "active",
    "stock",
)
REQUIRED = ("name", "category", "unit")
MAX_ROWS = 10_000
_TRUE = {"1", "true", "yes", "y", "是", "x"}
_FALSE = {"", "0", "false", "no", "n", "否"}


@dataclass(frozen=True)
class ItemRow:
    line: int  # in the file, the header being line 1
    item_id: int | None
    data: ItemInput
    active: bool


def write(path: Path, items: Sequence[ItemView]) -> None:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(COLUMNS)
    for item in items:
        out.writerow(
            [
                item.id,
                item.name,
                item.category,
                item.unit,
                item.barcode,
                item.min_stock,
                item.target_stock,
                int(item.lendable),
                item.unit_value_fen,
                int(item.active),
                item.stock,
            ]
        )
    with atomic_output(path) as stream:  # a failure is a ServiceError naming the file
        stream.write(buffer.getvalue().encode("utf-8-sig"))


def _category(text: str) -> str:
    value = text.strip()
    for entry in ITEM_CATEGORIES:
        if value in (entry.code, entry.label, _(entry.label)):
            return entry.code
    return value  # refused later as an unknown category


def read(path: Path) -> list[ItemRow]:
    """Parse a file; ValidationFailed listing every bad line, or ServiceError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ServiceError(
            _("Could not read {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc
    except UnicodeDecodeError:
        raise ServiceError(
            _(
                '{path} is not a UTF-8 text file. Save it as "CSV UTF-8" and import it again.'
            ).format(path=path.name)
        ) from None
    return parse(text)


def parse(text: str) -> list[ItemRow]:
    reader = csv.reader(io.StringIO(text))
    try:
        return _parse(reader)
    except csv.Error as exc:
        # A stray carriage return, a field past csv's size limit: the file is refused
        # whole, naming the line the reader stopped at, like any other bad line.
        line = max(reader.line_num, 1)
        detail = _("not readable as CSV ({detail})").format(detail=exc)
        raise ValidationFailed({f"line {line}": _line(line, detail)}) from None


def _parse(reader: Reader) -> list[ItemRow]:
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ServiceError(
            _(
                "The file needs a header line with the columns {columns}. Export the item list "
                "to see the expected layout."
            ).format(columns=", ".join(COLUMNS))
        )
    problems: dict[str, str] = {}
    rows: list[ItemRow] = []
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ServiceError(_("The file has too many lines. Import at most 10,000 items."))
        cells = dict(zip(header, values, strict=False))
        errors: list[str] = []

        def number(column: str, errors: list[str] = errors, cells: dict[str, str] = cells) -> int:
            raw = cells.get(column, "").strip()
            if not raw:
                return 0
            try:
                return int(raw)
            except ValueError:
                errors.append(_("{column} must be a whole number").format(column=column))
                return 0

        def flag(
            column: str, default: bool, errors: list[str] = errors, cells: dict[str, str] = cells
        ) -> bool:
            raw = cells.get(column)
            if raw is None:
                return default
            value = raw.strip().lower()
            if value in _TRUE:
                return True
            if value in _FALSE:
                return default if value == "" else False
            errors.append(_("{column} must be 1 or 0").format(column=column))
            return default

        raw_id = cells.get("id", "").strip()
        item_id = number("id") if raw_id else None
        data = ItemInput(
            name=cells.get("name", "").strip(),
            category=_category(cells.get("category", "")),
            unit=cells.get("unit", "").strip(),
            barcode=cells.get("barcode", "").strip(),
            min_stock=number("min_stock"),
            target_stock=number("target_stock"),
            lendable=flag("lendable", False),
            unit_value_fen=number("unit_value_fen"),
        )
        active = flag("active", True)
        if errors:
            problems[f"line {line}"] = _line(line, "; ".join(errors))
        else:
            rows.append(ItemRow(line, item_id, data, active))
    if problems:
        raise ValidationFailed(problems)
    return rows


def _line(line: int, message: str) -> str:
    return _("Line {line}: {problem}").format(line=line, problem=message)


def apply(
    session: Session,
    rows: Sequence[ItemRow],
    problems_of: Callable[[ItemInput], dict[str, str]],
    apply_to: Callable[[InventoryItem, ItemInput], None],
    *,
    now: dt.datetime,
) -> ImportResult:
    """Check every row against the others and the database, then write; nothing is written
    when any row is refused. ``now``: when the import is audited."""
    existing = {item.id: item for item in session.scalars(select(InventoryItem))}
    targets, problems = _targets(rows, existing, problems_of)
    problems.update(_clashes(rows, existing, targets, problems))
    if problems:
        raise ValidationFailed(dict(sorted(problems.items(), key=lambda kv: _line_no(kv[0]))))
    created = updated = unchanged = 0
    added: list[InventoryItem] = []
    for row in rows:
        item = existing.get(targets[row.line])
        if item is None:
            item = InventoryItem(active=row.active)
            apply_to(item, row.data)
            session.add(item)
            added.append(item)
            created += 1
            continue
        before = _fields(item)
        apply_to(item, row.data)
        item.active = row.active
        if _fields(item) == before:
            unchanged += 1
        else:
            updated += 1
    try:
        session.flush()
    except IntegrityError:
        raise ServiceError(
            _("Two items would have the same barcode. Check the barcode column and try again.")
        ) from None
    # Each new item's creation is on record, as when it is added by hand: the reports and
    # summaries count an item from then on.
    for item in added:
        audit.record(session, "item_created", "inventory_item", item.id, at=now)
    audit.record(session, "items_imported", "inventory_item", "", f"{created}+{updated}", at=now)
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _targets(
    rows: Sequence[ItemRow],
    existing: dict[int, InventoryItem],
    problems_of: Callable[[ItemInput], dict[str, str]],
) -> tuple[dict[int, int], dict[str, str]]:
    """Line → the item it updates (or −line for a new item), and each line's own problems.

    A row with an id updates that item; without one, the active item of that exact name."""
    by_name = {item.name: item.id for item in existing.values() if item.active}
    problems: dict[str, str] = {}
    targets: dict[int, int] = {}
    seen: dict[int, int] = {}  # item id → line
    for row in rows:
        errors = list(problems_of(row.data).values())
        if row.item_id is not None:
            if row.item_id not in existing:
                errors.append(
                    _("there is no item number {id}; leave id empty to add a new item").format(
                        id=row.item_id
                    )
                )
            elif row.item_id in seen:
                errors.append(
                    _("item number {id} is also on line {other}").format(
                        id=row.item_id, other=seen[row.item_id]
                    )
                )
            target = row.item_id
        else:
            target = by_name.get(row.data.name, -row.line)
            if target in seen:
                target = -row.line
        seen.setdefault(target, row.line)
        targets[row.line] = target
        if errors:
            problems[f"line {row.line}"] = _line(row.line, "; ".join(errors))
    return targets, problems


def _clashes(
    rows: Sequence[ItemRow],
    existing: dict[int, InventoryItem],
    targets: dict[int, int],
    problems: dict[str, str],
) -> dict[str, str]:
    """Names (among active items) and barcodes that two items would share after the import."""
    final = {item.id: (item.name, item.barcode or "", item.active) for item in existing.values()}
    for row in rows:
        final[targets[row.line]] = (row.data.name, row.data.barcode, row.active)
    line_of = {target: line for line, target in targets.items()}
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    clashes: dict[str, str] = {}
    # Items the file does not touch first, so a clash is reported on the file's line.
    for key in sorted(final, key=lambda k: (k in line_of, line_of.get(k, 0))):
        name, barcode, active = final[key]
        line = line_of.get(key)
        clash = ""
        if active and name in names:
            clash = _("another item is also called {name}").format(name=name)
        elif barcode and barcode in codes:
            clash = _("barcode {code} is used by another item").format(code=barcode)
        if active:
            names.setdefault(name, key)
        if barcode:
            codes.setdefault(barcode, key)
        if clash and line is not None and f"line {line}" not in problems:
            clashes[f"line {line}"] = _line(line, clash)
    return clashes


def _line_no(key: str) -> int:
    return int(key.rsplit(" ", 1)[-1])


def _fields(item: InventoryItem) -> tuple[object, ...]:
    return (
        item.name,
        item.category,
        item.unit,
        item.barcode,
        item.min_stock,
        item.target_stock,
        item.lendable,
        item.unit_value_fen,
        item.active,
    )
