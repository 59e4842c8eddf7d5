"""Small forms of the Inventory page: a new item, 入库 (receive), 出库 (issue), 借出 (lend),
盘点调整 (adjust one item) and 报废 (discard).

Each dialog calls ``submit`` with what was typed, which gives back the write to run (an
op, ``ui/ops.py``); a refusal (e.g. more than the shelf holds) is shown in the dialog, which
stays open to be corrected. It closes only once the service has stored the change, which
is kept in ``saved``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.catalog import ITEM_CATEGORIES
from station_app.i18n import _
from station_app.i18n.formatting import short_date
from station_app.services.stock.inventory import MAX_QUANTITY
from station_app.services.stock.stock_data import BatchView, ItemInput, ItemView
from station_app.ui.local_time import local
from station_app.ui.ops import Failure, WriteOp
from station_app.ui.widgets.date_edit import date_edit, day_in, qdate


def _quantity(maximum: int = MAX_QUANTITY) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName("quantity")
    box.setRange(1, maximum)
    box.setMinimumWidth(140)
    return box


class StockDialog(QDialog):
    """A titled form, a line for a refusal, OK and Cancel."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.saved: Any = None
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName("primary")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _store(self) -> WriteOp[Any] | None:
        """The write for what was typed (None when the form itself says what is wrong)."""
        raise NotImplementedError

    def _save(self) -> None:
        op = self._store()
        if op is not None:
            op.success(self._stored).failure(self._refused).run()

    def _stored(self, saved: object) -> None:
        self.saved = saved
        self.accept()

    def _refused(self, failure: Failure) -> None:
        self.show_problem(failure.text)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


class ItemDialog(StockDialog):
    """新物资: an item's name, category, unit, barcode and minimum stock."""

    def __init__(
        self, submit: Callable[[ItemInput], WriteOp[ItemView]], parent: QWidget | None = None
    ) -> None:
        super().__init__(_("New item"), _("Add item"), parent)
        self._submit = submit
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.category = QComboBox()
        for entry in ITEM_CATEGORIES:
            self.category.addItem(_(entry.label), entry.code)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("e.g. bottle, box, piece"))
        self.unit.setMaxLength(20)
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(_("Optional: scan the barcode on the package"))
        self.barcode.setMaxLength(64)
        self.minimum = QSpinBox()
        self.minimum.setRange(0, MAX_QUANTITY)
        self.target = QSpinBox()
        self.target.setRange(0, MAX_QUANTITY)
        self.lendable = QCheckBox(_("Lent out and brought back (umbrellas, power banks)"))
        self.form.addRow(_("Item name"), self.name)
        self.form.addRow(_("Category"), self.category)
        self.form.addRow(_("Unit"), self.unit)
        self.form.addRow(_("Barcode"), self.barcode)
        self.form.addRow(_("Minimum stock"), self.minimum)
        self.form.addRow(_("Target stock"), self.target)
        self.form.addRow("", self.lendable)

    def _store(self) -> WriteOp[ItemView]:
        return self._submit(
            ItemInput(
                name=self.name.text(),
                category=str(self.category.currentData()),
                unit=self.unit.text(),
                barcode=self.barcode.text(),
                min_stock=self.minimum.value(),
                target_stock=self.target.value(),
                lendable=self.lendable.isChecked(),
            )
        )


Receive = Callable[[int, str, dt.date | None], WriteOp[Any]]


class ReceiveDialog(StockDialog):
    """入库: how many came in, from which donor (if donated), and when they expire."""

    def __init__(
        self,
        item: ItemView,
        submit: Receive,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(_("Receive {item}").format(item=item.name), _("Receive"), parent)
        self._submit = submit
        self.quantity = _quantity()
        self.donor = QLineEdit()
        self.donor.setMaxLength(100)
        self.donor.setPlaceholderText(_("Leave empty for a purchase"))
        self.has_expiry = QCheckBox(_("Has an expiry date"))
        self.expiry = date_edit()
        self.expiry.setDate(qdate(today).addYears(1))
        self.expiry.setEnabled(False)
        self.has_expiry.toggled.connect(self._expiry_toggled)
        self.form.addRow(_("Quantity ({unit})").format(unit=item.unit), self.quantity)
        self.form.addRow(_("Donor"), self.donor)
        self.form.addRow(self.has_expiry, self.expiry)

    def _expiry_toggled(self, on: bool) -> None:
        self.expiry.setEnabled(on)
        if on:  # typing replaces the suggested day rather than adding to it
            self.expiry.line.setFocus()
            self.expiry.line.selectAll()

    def _store(self) -> WriteOp[Any] | None:
        if self.has_expiry.isChecked() and not self.expiry.take_text():
            return None  # the field says what is wrong with the day typed
        expiry = day_in(self.expiry) if self.has_expiry.isChecked() else None
        return self._submit(self.quantity.value(), self.donor.text(), expiry)


Issue = Callable[[int, str], WriteOp[Any]]


class IssueDialog(StockDialog):
    """出库: how many were handed out (earliest expiry first), and why."""

    def __init__(self, item: ItemView, submit: Issue, parent: QWidget | None = None) -> None:
        super().__init__(_("Issue {item}").format(item=item.name), _("Issue"), parent)
        self._submit = submit
        self.quantity = _quantity()
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("Optional, e.g. for the summer heat campaign"))
        on_shelf = QLabel(_("On the shelf: {n} {unit}").format(n=item.stock, unit=item.unit))
        self.form.addRow(on_shelf)
        self.form.addRow(_("Quantity ({unit})").format(unit=item.unit), self.quantity)
        self.form.addRow(_("Reason"), self.reason)

    def _store(self) -> WriteOp[Any] | None:
        return self._submit(self.quantity.value(), self.reason.text())


Lend = Callable[[int, str, str], WriteOp[Any]]  # item id, card number or scanned text, deposit note


class LendDialog(StockDialog):
    """借出: one lendable item to a worker (scan or type the card) or to a visitor without
    a card, who leaves a deposit (the note says what)."""

    def __init__(self, items: list[ItemView], submit: Lend, parent: QWidget | None = None):
        super().__init__(_("Lend an item"), _("Lend"), parent)
        self._submit = submit
        self.item = QComboBox()
        for item in items:
            self.item.addItem(
                _("{item} ({n} {unit} on the shelf)").format(
                    item=item.name, n=item.stock, unit=item.unit
                ),
                item.id,
            )
        self.card = QLineEdit()
        self.card.setObjectName("cardNumber")
        self.card.setPlaceholderText(_("Scan the worker's card, or type its number"))
        self.card.setMaxLength(600)
        # Card numbers are Latin letters and digits: a Chinese IME would swallow a scan.
        self.card.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.deposit = QLineEdit()
        self.deposit.setMaxLength(200)
        self.deposit.setPlaceholderText(_("Without a card: e.g. ID card, 50 yuan"))
        self.form.addRow(_("Item"), self.item)
        # The window's scanner brings a scan here (take_scan): the card field, never Enter.
        self.scan_hint = QLabel(_("Scanning a card fills in this field; it does not lend yet."))
        self.scan_hint.setObjectName("hint")
        self.scan_hint.setWordWrap(True)
        self.form.addRow(_("Worker's card"), self.card)
        self.form.addRow("", self.scan_hint)
        self.form.addRow(_("Deposit"), self.deposit)

    def take_scan(self, code: str) -> bool:
        """A card scanned while the dialog is open names the borrower; Lend still needs a
        click, so the item chosen can be checked first."""
        self.card.setText(code.strip())
        self.card.setFocus()
        return True

    def _store(self) -> WriteOp[Any] | None:
        item_id = self.item.currentData()
        if item_id is None:
            self.show_problem(_("No lendable item is on the shelf."))
            return None
        return self._submit(int(item_id), self.card.text().strip(), self.deposit.text())


Adjust = Callable[[int, str], WriteOp[Any]]  # signed change, reason


class AdjustDialog(StockDialog):
    """盘点调整: correct the books for one item, either to what was counted on the shelf or by
    a number of units more or fewer; a reason is required."""

    def __init__(self, item: ItemView, submit: Adjust, parent: QWidget | None = None) -> None:
        super().__init__(_("Adjust {item}").format(item=item.name), _("Adjust"), parent)
        self._submit = submit
        self._stock = item.stock
        self._unit = item.unit
        self.by_count = QRadioButton(_("Counted on the shelf"))
        self.by_change = QRadioButton(_("Correct by"))
        self.by_count.setChecked(True)
        self.counted = QSpinBox()
        self.counted.setObjectName("counted")
        self.counted.setRange(0, MAX_QUANTITY)
        self.counted.setValue(max(item.stock, 0))
        self.counted.setMinimumWidth(140)
        self.change = QSpinBox()
        self.change.setObjectName("change")
        self.change.setRange(-MAX_QUANTITY, MAX_QUANTITY)
        self.change.setMinimumWidth(140)
        self.change.setEnabled(False)
        self.by_count.toggled.connect(self.counted.setEnabled)
        self.by_change.toggled.connect(self.change.setEnabled)
        self.outcome = QLabel()
        self.outcome.setObjectName("hint")
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("Required, e.g. counted at the month end, broken"))
        self.form.addRow(
            QLabel(_("The books say: {n} {unit} on the shelf").format(n=item.stock, unit=item.unit))
        )
        self.form.addRow(self.by_count, self.counted)
        self.form.addRow(self.by_change, self.change)
        self.form.addRow("", self.outcome)
        self.form.addRow(_("Reason"), self.reason)
        for signal in (self.counted.valueChanged, self.change.valueChanged):
            signal.connect(lambda _value: self._show_result())
        self.by_count.toggled.connect(lambda _on: self._show_result())
        self._show_result()

    def difference(self) -> int:
        """The change to write: counted minus the books, or the correction as typed."""
        if self.by_count.isChecked():
            return self.counted.value() - self._stock
        return self.change.value()

    def _show_result(self) -> None:
        change = self.difference()
        self.outcome.setText(
            _("Change: {change:+} {unit}, {n} {unit} on the shelf afterwards").format(
                change=change, unit=self._unit, n=self._stock + change
            )
        )

    def _store(self) -> WriteOp[Any] | None:
        return self._submit(self.difference(), self.reason.text())


Discard = Callable[[int, str, int | None], WriteOp[Any]]  # quantity, reason, batch (None: FEFO)


def batch_text(batch: BatchView) -> str:
    """One batch as the attendant recognises it: its expiry (or receipt) and what is left."""
    if batch.expiry is None:
        return _("No expiry date, received {day}: {n} {unit} left").format(
            day=short_date(local(batch.received_at).date()), n=batch.remaining, unit=batch.unit
        )
    if batch.days_left is not None and batch.days_left < 0:
        return _("Expired on {day}: {n} {unit} left").format(
            day=short_date(batch.expiry), n=batch.remaining, unit=batch.unit
        )
    return _("Expires {day}: {n} {unit} left").format(
        day=short_date(batch.expiry), n=batch.remaining, unit=batch.unit
    )


class DiscardDialog(StockDialog):
    """报废/过期: expired or damaged stock taken off the books, from one batch (an expired one)
    or earliest expiry first; a reason is required."""

    def __init__(
        self,
        item: ItemView,
        batches: list[BatchView],
        submit: Discard,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Discard {item}").format(item=item.name), _("Discard"), parent)
        self._submit = submit
        self.quantity = _quantity(max(item.stock, 1))
        self.batch = QComboBox()
        self.batch.setObjectName("batch")
        self.batch.addItem(_("Earliest expiry first"), None)
        for batch in batches:
            self.batch.addItem(batch_text(batch), batch.batch_id)
        # An expired batch is what is usually thrown away: offer it first.
        expired = next(
            (i for i, b in enumerate(batches) if b.days_left is not None and b.days_left < 0), None
        )
        if expired is not None:
            self.batch.setCurrentIndex(expired + 1)
            self.quantity.setValue(batches[expired].remaining)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("Required, e.g. expired, damaged, soaked"))
        self.form.addRow(QLabel(_("On the shelf: {n} {unit}").format(n=item.stock, unit=item.unit)))
        self.form.addRow(_("Batch"), self.batch)
        self.form.addRow(_("Quantity ({unit})").format(unit=item.unit), self.quantity)
        self.form.addRow(_("Reason"), self.reason)

    def _store(self) -> WriteOp[Any] | None:
        batch = self.batch.currentData()
        return self._submit(
            self.quantity.value(), self.reason.text(), None if batch is None else int(batch)
        )
