"""更正: change a service record's service and/or how many times it was given.

The dialog says beforehand what the correction does to the stock (the old issue comes back,
the new one is taken); a refusal (the shelf does not hold enough) shows in the dialog,
which stays open with what was chosen, and nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from station_app.i18n import _
from station_app.i18n.formatting import date_time, number
from station_app.services.checkin.service_data import ServiceRecordView, ServiceTypeView
from station_app.services.checkin.service_log import MAX_PER_RECORD
from station_app.services.stock.stock_data import ItemView
from station_app.ui.dialogs.stock_dialogs import StockDialog
from station_app.ui.local_time import local
from station_app.ui.ops import WriteOp

# Service code, times → the write correcting the record (its result: the corrected record).
Correct = Callable[[str, int], WriteOp[ServiceRecordView]]


def stock_changes(
    before: tuple[str, int], after: tuple[str, int], items: dict[str, ItemView]
) -> list[str]:
    """What going from ``before`` to ``after`` ((item name, units taken), "" for none) does
    to the shelf, one phrase per item whose stock moves."""
    taken: dict[str, int] = {}
    for name, units in (before, after):
        if name and units:
            taken.setdefault(name, 0)
    if before[0]:
        taken[before[0]] -= before[1]
    if after[0]:
        taken[after[0]] += after[1]
    phrases = []
    for name, change in taken.items():
        unit = items[name].unit if name in items else ""
        if change > 0:
            phrases.append(
                _("{n} {unit} more {item} taken from the shelf").format(
                    n=number(change), unit=unit, item=name
                )
            )
        elif change < 0:
            phrases.append(
                _("{n} {unit} {item} back on the shelf").format(
                    n=number(-change), unit=unit, item=name
                )
            )
    return phrases


def on_shelf_text(names: list[str], items: dict[str, ItemView]) -> str:
    """饮用水: 8 瓶 on the shelf now (for each item named that is still listed)."""
    return " ".join(
        _("{item}: {n} {unit} on the shelf now.").format(
            item=name, n=number(items[name].stock), unit=items[name].unit
        )
        for name in names
        if name in items
    )


class CorrectServiceDialog(StockDialog):
    def __init__(
        self,
        record: ServiceRecordView,
        types: list[ServiceTypeView],
        items: list[ItemView],
        submit: Correct,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Correct a service record"), _("Save correction"), parent)
        self.record = record
        self._submit = submit
        self._types = {service.code: service for service in types}
        self._items = {item.name: item for item in items}
        who = record.worker_name or record.occupation_label
        given = QLabel(
            _("Recorded {time} for {who}: {service} × {n}.").format(
                time=date_time(local(record.recorded_at)),
                who=who,
                service=record.service_label,
                n=number(record.quantity),
            )
        )
        given.setWordWrap(True)
        self.service = QComboBox()
        self.service.setObjectName("service")
        for service in types:
            self.service.addItem(service.label, service.code)
        self.service.setCurrentIndex(max(0, self.service.findData(record.service_code)))
        self.quantity = QSpinBox()
        self.quantity.setObjectName("quantity")
        self.quantity.setRange(1, MAX_PER_RECORD)
        self.quantity.setValue(record.quantity)
        self.quantity.setMinimumWidth(140)
        self.consequence = QLabel()
        self.consequence.setObjectName("hint")
        self.consequence.setWordWrap(True)
        self.form.addRow(given)
        self.form.addRow(_("Service"), self.service)
        self.form.addRow(_("Times"), self.quantity)
        self.form.addRow(self.consequence)
        self.service.currentIndexChanged.connect(lambda _index: self._preview())
        self.quantity.valueChanged.connect(lambda _value: self._preview())
        self._preview()

    def chosen(self) -> tuple[str, int]:
        return str(self.service.currentData()), self.quantity.value()

    def _after(self) -> tuple[str, int]:
        code, times = self.chosen()
        service = self._types.get(code)
        if service is None or not service.consumes_item_name:
            return "", 0
        return service.consumes_item_name, service.consumes_quantity * times

    def _preview(self) -> None:
        before = (self.record.item_name, self.record.item_quantity)
        after = self._after()
        phrases = stock_changes(before, after, self._items)
        if not phrases:
            text = (
                _("The stock stays as it is.")
                if before[0] or after[0]
                else _("This service takes nothing from the shelf.")
            )
        else:
            text = _("Stock: {changes}.").format(changes="；".join(phrases))
            text += " " + on_shelf_text([after[0]] if after[0] else [], self._items)
        self.consequence.setText(text.strip())

    def _store(self) -> WriteOp[Any]:
        return self._submit(*self.chosen())
