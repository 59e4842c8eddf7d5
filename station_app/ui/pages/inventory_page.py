"""Inventory (库存): the station's items and their stock, what needs attention, and 入库 /
出库 / 新物资. A barcode scanned anywhere on the page selects its item.

``InventoryPage`` builds the widgets; ``InventoryController`` calls the inventory service and
tells the main window how many alerts there are (the badge on the navigation entry).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TypeVar

from PySide6.QtCore import QItemSelectionModel, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.clock import to_local
from station_app.i18n import _
from station_app.i18n.formatting import date_time, number
from station_app.services.errors import ServiceError
from station_app.services.stock_views import ItemView, LoanView, StockAlerts, StockChange
from station_app.ui.dialogs.stock_dialogs import IssueDialog, ItemDialog, LendDialog, ReceiveDialog
from station_app.ui.errors import unexpected_error_text
from station_app.ui.models.items_model import NAME, ItemsModel
from station_app.ui.models.loans_model import BORROWER, LoansModel, borrower_text
from station_app.ui.pages.base import Page
from station_app.ui.pages.workers_page import card_number_in
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.scan_detector import ScanDetector

log = logging.getLogger(__name__)
D = TypeVar("D", bound=QDialog)


def _tell(notice: QLabel, text: str, *, problem: bool = False) -> None:
    notice.setText(text)
    notice.setProperty("problem", problem)
    notice.style().unpolish(notice)
    notice.style().polish(notice)


class InventoryPage(Page):
    """The view: the action buttons, the items table, what needs attention, a notice line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Inventory"),
            _("What the station has on its shelves. Scan a barcode to find its item."),
            parent,
        )
        self.body.setContentsMargins(28, 18, 28, 18)
        self.body.setSpacing(10)
        self.add_button = QPushButton(_("New item"))
        self.receive_button = QPushButton(_("Receive (in)"))
        self.receive_button.setObjectName("primary")
        self.issue_button = QPushButton(_("Issue (out)"))
        row = QHBoxLayout()
        row.addWidget(self.receive_button)
        row.addWidget(self.issue_button)
        row.addStretch(1)
        row.addWidget(self.add_button)
        self.table = FittedTable()
        self.table.setObjectName("items")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(_("Items"))
        self.summary = QLabel()
        self.summary.setObjectName("stockSummary")
        self.summary.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        loans_box = self._loans_box()
        self.body.addLayout(row)
        self.body.addWidget(self.summary)
        # The items list takes the room (its own hint would give it to the loans on a
        # short screen); the loans keep enough for a few lines.
        for table in (self.table, self.loans):
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.table.setMinimumHeight(120)
        loans_box.setMinimumHeight(200)  # the buttons and three lines of loans
        self.body.addWidget(self.table, 3)
        self.body.addWidget(loans_box, 2)
        self.body.addWidget(self.notice)

    def _loans_box(self) -> QGroupBox:
        """借用: what is lent out, overdue ones first in colour, lend and take back."""
        self.loans = FittedTable()
        self.loans.setObjectName("loans")
        self.loans.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.loans.setAccessibleName(_("Lent out"))
        self.lend_button = QPushButton(_("Lend"))
        self.return_button = QPushButton(_("Take back"))
        self.overdue = QLabel()
        self.overdue.setObjectName("notice")
        self.overdue.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lend_button)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.overdue, 1)
        box = QGroupBox(_("Lent out"))
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.loans, 1)
        return box

    def set_loans_model(self, model: LoansModel) -> None:
        self.loans.setModel(model)
        self.loans.set_columns(
            [
                Column(minimum=90),  # item
                Column(minimum=110),  # borrower
                Column(minimum=130, optional=True),  # lent
                Column(minimum=130),  # due
                Column(minimum=100),  # overdue by
            ],
            stretch=BORROWER,
        )

    def set_model(self, model: ItemsModel) -> None:
        self.table.setModel(model)
        self.table.set_columns(
            [
                Column(minimum=120),  # item
                Column(minimum=90, gives_way=0),  # category
                Column(minimum=64),  # stock
                Column(minimum=48),  # unit
                Column(minimum=64),  # minimum
                Column(minimum=120, gives_way=0),  # attention
            ],
            stretch=NAME,
        )


def summary_text(alerts: StockAlerts) -> str:
    if not alerts.count:
        return _("Nothing needs attention: every item is above its minimum.")
    return _(
        "Needs attention (highlighted): {low} below minimum, {expiring} batches expiring "
        "within 30 days."
    ).format(low=number(len(alerts.below_minimum)), expiring=number(len(alerts.expiring)))


class InventoryController(QObject):
    alerts_changed = Signal(int)  # how many alerts, for the navigation badge

    def __init__(self, page: InventoryPage, station: Station) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.model = ItemsModel(self)
        page.set_model(self.model)
        self.detector = ScanDetector(page)
        self.dialog: QDialog | None = None
        page.add_button.clicked.connect(self.add_item)
        page.receive_button.clicked.connect(self.receive)
        page.issue_button.clicked.connect(self.issue)
        page.table.doubleClicked.connect(lambda _index: self.receive())
        page.shown.connect(self._shown)
        page.hidden.connect(self.detector.uninstall)
        self.detector.scanned.connect(self.find_barcode)
        page.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.loans_model = LoansModel(self)
        page.set_loans_model(self.loans_model)
        page.lend_button.clicked.connect(self.lend)
        page.return_button.clicked.connect(self.take_back)
        page.loans.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.refresh()

    def refresh(self) -> None:
        """Items, stock and alerts from the database; the selection stays on its item."""
        keep = self.current()
        try:
            items = self.station.inventory.items()
            alerts = self.station.inventory.alerts()
        except Exception:
            log.exception("loading the items failed")
            _tell(self.page.notice, unexpected_error_text(None), problem=True)
            return
        self.model.set_items(items, alerts)
        self.page.summary.setText(summary_text(alerts))
        self.refresh_loans()
        if keep is not None:
            self.select(keep.id)
        elif items:
            self.select(items[0].id)
        self._enable()
        self.alerts_changed.emit(alerts.count)

    def current(self) -> ItemView | None:
        index = self.page.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.item(index.row())

    def select(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.page.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.page.table.scrollTo(index)

    def find_barcode(self, code: str) -> ItemView | None:
        item = self.station.inventory.find_by_barcode(code)
        if item is None or self.model.row_of(item.id) is None:
            _tell(
                self.page.notice,
                _("No item has barcode {code}. Add it with “New item”.").format(code=code[:40]),
                problem=True,
            )
            return None
        self.select(item.id)
        _tell(
            self.page.notice,
            _("{item}: {n} {unit} on the shelf.").format(
                item=item.name, n=number(item.stock), unit=item.unit
            ),
        )
        return item

    # -- the forms --------------------------------------------------------------------

    def add_item(self) -> ItemDialog:
        dialog = ItemDialog(self.station.inventory.create_item, self.page)
        dialog.accepted.connect(lambda: self._added(dialog.saved))
        return self._open(dialog)

    def _added(self, item: ItemView) -> None:
        self.refresh()
        self.select(item.id)
        _tell(
            self.page.notice,
            _("{item} added. Receive its stock with “Receive (in)”.").format(item=item.name),
        )

    def receive(self) -> ReceiveDialog | None:
        item = self.current()
        if item is None:
            return None

        def submit(quantity: int, donor: str, expires_on: dt.date | None) -> StockChange:
            return self.station.inventory.receive(
                item.id, quantity, donor=donor, expires_on=expires_on
            )

        dialog = ReceiveDialog(item, submit, self.page)
        dialog.accepted.connect(lambda: self._changed(dialog.saved, item))
        return self._open(dialog)

    def issue(self) -> IssueDialog | None:
        item = self.current()
        if item is None:
            return None

        def submit(quantity: int, reason: str) -> StockChange:
            return self.station.inventory.issue(item.id, quantity, reason=reason)

        dialog = IssueDialog(item, submit, self.page)
        dialog.accepted.connect(lambda: self._changed(dialog.saved, item))
        return self._open(dialog)

    def _changed(self, change: StockChange, item: ItemView) -> None:
        self.refresh()
        _tell(
            self.page.notice,
            _("{item}: {change:+} {unit}, {n} {unit} on the shelf now.").format(
                item=change.item_name,
                change=change.quantity,
                unit=item.unit,
                n=number(change.stock_after),
            ),
        )

    def _open(self, dialog: D) -> D:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.page.receive_button.setEnabled(chosen)
        self.page.issue_button.setEnabled(chosen)
        self.page.return_button.setEnabled(self.current_loan() is not None)

    # -- lending ----------------------------------------------------------------------

    def refresh_loans(self) -> None:
        try:
            loans = self.station.lending.open_loans()
        except Exception:
            log.exception("loading the loans failed")
            return
        # The overdue ones first, the longest overdue at the top.
        loans.sort(key=lambda loan: (loan.overdue_by is None, loan.due_at))
        self.loans_model.set_loans(loans)
        late = sum(1 for loan in loans if loan.overdue_by is not None)
        if late:
            text = _("{n} overdue (highlighted): ask for them back.").format(n=late)
        elif loans:
            text = _("{n} lent out, none overdue.").format(n=len(loans))
        else:
            text = _("Nothing is lent out.")
        _tell(self.page.overdue, text, problem=bool(late))
        self._enable()

    def current_loan(self) -> LoanView | None:
        index = self.page.loans.currentIndex()
        if not index.isValid() or index.row() >= self.loans_model.rowCount():
            return None
        return self.loans_model.loan(index.row())

    def _worker_of(self, card_text: str) -> int | None:
        """The worker whose card was scanned or typed, or None when nothing was given."""
        if not card_text:
            return None
        card_no = card_number_in(card_text)
        found = self.station.workers.find(card_no, limit=2)
        if len(found) != 1 or (found[0].card_no or "").upper() != card_no.upper():
            raise ServiceError(
                _(
                    "No active worker here has card {card_no}. Check the number, or lend "
                    "against a deposit."
                ).format(card_no=card_no[:40])
            )
        return found[0].id

    def lend(self) -> LendDialog:
        items = [
            item for item in self.station.inventory.items() if item.lendable and item.stock > 0
        ]

        def submit(item_id: int, card_text: str, deposit: str) -> LoanView:
            worker_id = self._worker_of(card_text)
            return self.station.lending.lend(
                item_id, worker_id=worker_id, deposit_note="" if worker_id else deposit
            )

        dialog = LendDialog(items, submit, self.page)
        dialog.accepted.connect(lambda: self._lent(dialog.saved))
        return self._open(dialog)

    def _lent(self, loan: LoanView) -> None:
        self.refresh()
        _tell(
            self.page.notice,
            _("{item} lent to {who}, due back {due}.").format(
                item=loan.item_name,
                who=borrower_text(loan),
                due=date_time(to_local(loan.due_at)),
            ),
        )

    def take_back(self) -> LoanView | None:
        loan = self.current_loan()
        if loan is None:
            return None
        try:
            back = self.station.lending.return_loan(loan.id)
        except ServiceError as exc:
            _tell(self.page.notice, str(exc), problem=True)
            return None
        self.refresh()
        _tell(
            self.page.notice,
            _("{item} is back from {who}.").format(item=back.item_name, who=borrower_text(back)),
        )
        return back

    def _shown(self) -> None:
        self.detector.install()
        self.refresh()


def make_inventory_page(station: Station) -> tuple[InventoryPage, InventoryController]:
    page = InventoryPage()
    return page, InventoryController(page, station)
