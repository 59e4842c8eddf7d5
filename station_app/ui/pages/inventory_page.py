"""Inventory (库存): the station's items and their stock, what needs attention, 入库 / 出库 /
调整 / 报废 / 记录 (with undo) / 盘点 / 新物资, and what is lent out.

A code scanned anywhere on the page: an item's barcode selects it, and takes back its
oldest loan when one of it is lent out; a worker's card takes back everything they borrowed.

``InventoryPage`` builds the widgets; ``InventoryController`` calls the inventory and lending
services. The page follows the change bus for stock, loans and the borrowers' names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.i18n.formatting import date_time, number, short_date
from station_app.services.accounts.access import admin_only_message
from station_app.services.changes import Subject
from station_app.services.stock.stock_data import (
    BatchView,
    ItemInput,
    ItemView,
    LoanView,
    MovementView,
    StockAlerts,
    StockChange,
    StocktakeResult,
)
from station_app.ui.dialogs.confirm import ask_to_confirm
from station_app.ui.dialogs.opening import open_dialog
from station_app.ui.dialogs.stock_dialogs import (
    AdjustDialog,
    DiscardDialog,
    IssueDialog,
    ItemDialog,
    LendDialog,
    ReceiveDialog,
)
from station_app.ui.dialogs.stock_history import HistoryDialog
from station_app.ui.dialogs.stocktake_dialog import StocktakeDialog
from station_app.ui.local_time import local
from station_app.ui.models.items_model import NAME, ItemsModel
from station_app.ui.models.loans_model import BORROWER, LoansModel, borrower_text
from station_app.ui.ops import Failure, Ops, WriteOp
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.pages.workers_page import card_number_in
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.notice import tell

LOANS_KEPT = 5  # the loans' rows in view: enough to work with on a 1024×768 screen


class InventoryPage(Page):
    """The view: the action buttons, the items table, what needs attention, a notice line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Inventory"),
            _(
                "What the station has on its shelves. Scan a barcode to find its item; scan a "
                "lent item or a worker's card to take things back."
            ),
            parent,
        )
        self.body.setContentsMargins(28, 18, 28, 18)
        self.body.setSpacing(10)
        self.add_button = QPushButton(_("New item"))
        self.receive_button = QPushButton(_("Receive (in)"))
        self.receive_button.setObjectName("primary")
        self.issue_button = QPushButton(_("Issue (out)"))
        self.adjust_button = QPushButton(_("Adjust"))
        self.adjust_button.setToolTip(_("Correct the books to what is on the shelf"))
        self.discard_button = QPushButton(_("Discard"))
        self.discard_button.setToolTip(_("Take expired or damaged stock off the books"))
        self.history_button = QPushButton(_("History"))
        self.history_button.setToolTip(_("Every change to the item's stock; undo a wrong one"))
        self.stocktake_button = QPushButton(_("Stocktake"))
        self.stocktake_button.setToolTip(_("Count every item and correct the books at once"))
        # Two rows: the item's own actions, then the whole shelf's beside the summary; seven
        # buttons on one row do not fit a 1024-pixel screen in English.
        row = QHBoxLayout()
        for button in (
            self.receive_button,
            self.issue_button,
            self.adjust_button,
            self.discard_button,
            self.history_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        self.show_filter = QComboBox()
        self.show_filter.setObjectName("attentionFilter")
        self.show_filter.setAccessibleName(_("Show"))
        self.show_filter.addItem(_("All items"), ALL_ITEMS)
        self.show_filter.addItem(_("Needs attention"), NEEDS_ATTENTION)
        self.show_filter.addItem(_("Expired or expiring soon"), EXPIRY)
        self.show_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
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
        expired_row = self._expired_row()
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.show_filter)
        summary_row.addWidget(self.stocktake_button)
        summary_row.addWidget(self.add_button)
        self.body.addLayout(row)
        self.body.addLayout(summary_row)
        self.body.addWidget(expired_row)
        # Each list asks for the rows it keeps, and they share what is left.
        self.table.keep_rows(3)
        self.loans.keep_rows(LOANS_KEPT)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(loans_box, 1)
        self.body.addWidget(self.notice)

    def _expired_row(self) -> QWidget:
        """Expired medicine, food or drink still on the shelf, named, with its batches to
        choose from and 报损 of the chosen one in one click; hidden while there is none."""
        self.expired_line = QLabel()
        self.expired_line.setObjectName("notice")
        self.expired_line.setProperty("problem", True)
        self.expired_line.setWordWrap(True)
        self.expired_batches = QComboBox()
        self.expired_batches.setObjectName("expiredBatches")
        self.expired_batches.setAccessibleName(_("Expired batch"))
        self.expired_batches.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.discard_expired_button = QPushButton(_("Discard this batch"))
        self.discard_expired_button.setToolTip(
            _("Take all that is left of the chosen expired batch off the books")
        )
        row = QWidget()
        row.setObjectName("expiredRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.expired_line, 1)
        layout.addWidget(self.expired_batches)
        layout.addWidget(self.discard_expired_button)
        row.setVisible(False)
        self.expired_row = row
        return row

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


# What the items list shows: every item, those needing attention, those with a batch
# expired or expiring soon.
ALL_ITEMS, NEEDS_ATTENTION, EXPIRY = "all", "attention", "expiry"


def summary_text(alerts: StockAlerts) -> str:
    """The banner over the items: what needs attention, minimum stock and expiry both."""
    if not alerts.items_in_use:
        return _("No stock yet: add the station's items with “New item”, then receive them.")
    if not alerts.count:
        if not alerts.items_in_stock:
            return _("Nothing on the shelves yet: receive stock with “Receive (in)”.")
        return _(
            "Nothing needs attention: every item is at or above its minimum and no batch "
            "expires within {days} days."
        ).format(days=number(alerts.window_days))
    return _(
        "Needs attention (highlighted): {low} below minimum, {soon} batches expiring within "
        "{days} days, {expired} batches expired."
    ).format(
        low=number(len(alerts.below_minimum)),
        soon=number(len(alerts.expiring_soon)),
        days=number(alerts.window_days),
        expired=number(len(alerts.expired)),
    )


def expired_text(batches: list[BatchView]) -> str:
    """The line over the items naming the medicine and food past its date on the shelf."""
    return _("Expired medicine or food on the shelf: {items}. Discard it.").format(
        items=_(", ").join(dict.fromkeys(batch.item_name for batch in batches))
    )


def expired_batch_text(batch: BatchView) -> str:
    assert batch.expiry is not None
    return _("{item}, expired {date}: {n} {unit}").format(
        item=batch.item_name,
        date=short_date(batch.expiry),
        n=number(batch.remaining),
        unit=batch.unit,
    )


def badge_text(alerts: StockAlerts) -> str:
    """The navigation badge's tooltip: what the number counts."""
    return _("{low} below minimum · {soon} expiring soon · {expired} expired").format(
        low=number(len(alerts.below_minimum)),
        soon=number(len(alerts.expiring_soon)),
        expired=number(len(alerts.expired)),
    )


def shown_items(items: list[ItemView], alerts: StockAlerts, choice: str) -> list[ItemView]:
    """The items the filter lets through."""
    if choice == ALL_ITEMS:
        return items
    wanted = alerts.item_ids(expiry_only=choice == EXPIRY)
    return [item for item in items if item.id in wanted]


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class InventoryController(QObject):
    def __init__(self, page: InventoryPage, station: Station, ops: Ops) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.ops = ops
        # How a saved count sheet is shown: the PC's PDF viewer (a test looks at the file).
        self.open_file: Callable[[Path], None] = open_file
        self.model = ItemsModel(self)
        page.set_model(self.model)
        self.dialog: QDialog | None = None
        page.add_button.clicked.connect(self.add_item)
        page.receive_button.clicked.connect(self.receive)
        page.issue_button.clicked.connect(self.issue)
        page.adjust_button.clicked.connect(self.adjust)
        page.discard_button.clicked.connect(self.discard)
        page.history_button.clicked.connect(self.history)
        page.stocktake_button.clicked.connect(self.stocktake)
        page.discard_expired_button.clicked.connect(self.discard_expired)
        page.table.doubleClicked.connect(lambda _index: self.receive())
        self._shelf: tuple[list[ItemView], StockAlerts] = ([], StockAlerts())
        page.show_filter.currentIndexChanged.connect(lambda _i: self._show_items())
        page.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.loans_model = LoansModel(self)
        page.set_loans_model(self.loans_model)
        page.lend_button.clicked.connect(self.lend)
        page.return_button.clicked.connect(self.take_back)
        # The selection, not the current index: the view makes its first row current without
        # showing it selected when it gets the focus, and 归还 must name the row on show.
        page.loans.selectionModel().selectionChanged.connect(lambda *_args: self._enable())
        # The loan 归还 asks about, while the question is open.
        self.confirmation: QMessageBox | None = None
        # Read when first shown and whenever stock, loans or a borrower's name change; at
        # every show too, as expiry dates and due times come closer by themselves.
        self.follower = Follower(
            ops.bus,
            page,
            (Subject.STOCK, Subject.LOANS, Subject.WORKERS),
            lambda _changes: self.refresh(),
            every_show=(Subject.STOCK, Subject.LOANS),
        )

    def _problem(self, failure: Failure) -> None:
        tell(self.page.notice, failure.text, problem=True)

    def refresh(self) -> None:
        """Items, stock, alerts and loans from the database; the selection stays on its item."""
        inventory, lending = self.station.inventory, self.station.lending
        read = self.ops.read(
            lambda _progress: (inventory.items(), inventory.alerts(), lending.open_loans())
        )
        shelf = read.failure(self._problem).run()
        if shelf is None:
            return
        items, alerts, loans = shelf
        self._shelf = (items, alerts)
        self._show_items()
        self.page.summary.setText(summary_text(alerts))
        self.show_expired(alerts.expired_medicine_and_food)
        self.show_loans(loans)

    def show_expired(self, batches: list[BatchView]) -> None:
        """The expired medicine and food line; the chosen batch stays chosen while listed."""
        page = self.page
        keep = page.expired_batches.currentData()
        page.expired_batches.clear()
        for batch in batches:
            page.expired_batches.addItem(expired_batch_text(batch), batch)
        for row, batch in enumerate(batches):
            if isinstance(keep, BatchView) and batch.batch_id == keep.batch_id:
                page.expired_batches.setCurrentIndex(row)
        page.expired_line.setText(expired_text(batches) if batches else "")
        page.expired_row.setVisible(bool(batches))
        # The line takes a row of the screen: the loans give up two of theirs meanwhile, so
        # the page still fits a 1024×768 screen.
        page.loans.keep_rows(LOANS_KEPT - 2 if batches else LOANS_KEPT)

    def discard_expired(self) -> StockChange | None:
        """报损 of all that is left of the chosen expired batch, the reason "expired"."""
        batch = self.page.expired_batches.currentData()
        if not isinstance(batch, BatchView) or not self._admin():
            return None
        inventory = self.station.inventory
        op = self.ops.write(
            lambda _progress: inventory.discard(
                batch.item_id, batch.remaining, _("expired"), batch_id=batch.batch_id
            )
        )
        change = op.failure(self._problem).run()
        if change is None:
            return None
        tell(
            self.page.notice,
            _(
                "{item}: the batch that expired on {date} ({n} {unit}) is discarded; undo it "
                "in “History” if it was the wrong one."
            ).format(
                item=change.item_name,
                date=short_date(batch.expiry) if batch.expiry else "",
                n=number(batch.remaining),
                unit=batch.unit,
            ),
        )
        return change

    def _show_items(self) -> None:
        """The items the filter chooses; the selection stays on its item when still shown."""
        items, alerts = self._shelf
        shown = shown_items(items, alerts, self.page.show_filter.currentData())
        keep = self.current()
        self.model.set_items(shown, alerts)
        if keep is not None and self.model.row_of(keep.id) is not None:
            self.select(keep.id)
        elif shown:
            self.select(shown[0].id)
        self._enable()

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
        if item is not None and self.model.row_of(item.id) is None:
            self.page.show_filter.setCurrentIndex(0)  # the filter hid it: show every item
        if item is None or self.model.row_of(item.id) is None:
            tell(
                self.page.notice,
                _("No item has barcode {code}. Add it with “New item”.").format(code=code[:40]),
                problem=True,
            )
            return None
        self._found(item)
        return item

    def take_scan(self, code: str) -> bool:
        """The window's scanner hands this page the scans made while it is on show."""
        self.scanned(code)
        return True

    def scanned(self, code: str) -> None:
        """A scan on the page: an item's barcode (taking back its oldest loan if it is lent
        out), else a worker's card (taking back all they borrowed), else a refusal."""
        found = self.ops.read(lambda _progress: self._scan_target(code)).failure(self._problem)
        target = found.run()
        if target is None:
            return
        item, worker_id = target
        if item is not None:
            if item.lendable and item.on_loan:
                self.return_item(item)
            else:
                self._found(item)
            return
        if worker_id is not None:
            self.return_all(worker_id)
            return
        tell(
            self.page.notice,
            _(
                "{code} is neither an item's barcode nor the card of a worker registered here. "
                "Nothing was changed."
            ).format(code=code[:40]),
            problem=True,
        )

    def _scan_target(self, code: str) -> tuple[ItemView | None, int | None]:
        """The listed item with this barcode, else the worker whose card it is."""
        item = self.station.inventory.find_by_barcode(code)
        if item is not None and self.model.row_of(item.id) is not None:
            return item, None
        return None, self._card_holder(code)

    def _card_holder(self, code: str) -> int | None:
        """The active worker whose current card was scanned, or None.

        The card's signature is not checked here (check-in does that): taking things back
        gives nobody anything, and the attendant has the items in hand.
        """
        card_no = card_number_in(code)
        if not card_no or len(card_no) > 40:
            return None
        found = self.station.workers.find(card_no, limit=2)
        if len(found) == 1 and (found[0].card_no or "").upper() == card_no.upper():
            return found[0].id
        return None

    def return_item(self, item: ItemView) -> LoanView | None:
        """Take back the item's oldest open loan (its barcode was scanned)."""
        lending = self.station.lending
        op = self.ops.write(lambda _progress: lending.return_item(item.id))
        back = op.failure(self._problem).run()
        if back is None:
            return None
        self.select(item.id)
        tell(
            self.page.notice,
            _("{item} lent to {who} on {lent} is back.").format(
                item=back.item_name,
                who=borrower_text(back),
                lent=date_time(local(back.lent_at)),
            ),
        )
        return back

    def return_all(self, worker_id: int) -> list[LoanView]:
        """Take back everything the worker whose card was scanned has borrowed."""
        lending = self.station.lending
        back = (
            self.ops.write(lambda _progress: lending.return_all_for_worker(worker_id))
            # Nothing borrowed: said as information, not as an error.
            .failure(
                lambda failure: tell(self.page.notice, failure.text, problem=not failure.refused)
            )
            .run()
        )
        if not back:
            return []
        tell(
            self.page.notice,
            _("Back from {who}: {items}.").format(
                who=borrower_text(back[0]), items=_(", ").join(loan.item_name for loan in back)
            ),
        )
        return back

    def _found(self, item: ItemView) -> None:
        self.select(item.id)
        tell(
            self.page.notice,
            _("{item}: {n} {unit} on the shelf.").format(
                item=item.name, n=number(item.stock), unit=item.unit
            ),
        )

    # -- the forms --------------------------------------------------------------------

    def add_item(self) -> ItemDialog:
        inventory = self.station.inventory

        def submit(data: ItemInput) -> WriteOp[ItemView]:
            return self.ops.write(lambda _progress: inventory.create_item(data))

        dialog = ItemDialog(submit, self.page)
        dialog.accepted.connect(lambda: self._added(dialog.saved))
        self.dialog = open_dialog(dialog)
        return dialog

    def _added(self, item: ItemView) -> None:
        self.select(item.id)
        tell(
            self.page.notice,
            _("{item} added. Receive its stock with “Receive (in)”.").format(item=item.name),
        )

    def receive(self) -> ReceiveDialog | None:
        item = self.current()
        if item is None:
            return None

        def submit(quantity: int, donor: str, expires_on: dt.date | None) -> WriteOp[StockChange]:
            inventory = self.station.inventory
            return self.ops.write(
                lambda _progress: inventory.receive(
                    item.id, quantity, donor=donor, expires_on=expires_on
                )
            )

        dialog = ReceiveDialog(item, submit, self.page, today=self.station.clock.today())
        dialog.accepted.connect(lambda: self._changed(dialog.saved, item))
        self.dialog = open_dialog(dialog)
        return dialog

    def issue(self) -> IssueDialog | None:
        item = self.current()
        if item is None:
            return None

        def submit(quantity: int, reason: str) -> WriteOp[StockChange]:
            inventory = self.station.inventory
            return self.ops.write(
                lambda _progress: inventory.issue(item.id, quantity, reason=reason)
            )

        dialog = IssueDialog(item, submit, self.page)
        dialog.accepted.connect(lambda: self._changed(dialog.saved, item))
        self.dialog = open_dialog(dialog)
        return dialog

    def adjust(self) -> AdjustDialog | None:
        item = self.current()
        if item is None or not self._admin():
            return None

        def submit(change: int, reason: str) -> WriteOp[StockChange]:
            inventory = self.station.inventory
            return self.ops.write(lambda _progress: inventory.adjust(item.id, change, reason))

        dialog = AdjustDialog(item, submit, self.page)
        dialog.accepted.connect(lambda: self._changed(dialog.saved, item))
        self.dialog = open_dialog(dialog)
        return dialog

    def discard(self) -> DiscardDialog | None:
        item = self.current()
        if item is None or not self._admin():
            return None
        inventory = self.station.inventory
        batches = self.ops.read(lambda _progress: inventory.batches(item.id))
        found = batches.failure(self._problem).run()
        if found is None:
            return None

        def submit(quantity: int, reason: str, batch_id: int | None) -> WriteOp[StockChange]:
            return self.ops.write(
                lambda _progress: inventory.discard(item.id, quantity, reason, batch_id=batch_id)
            )

        dialog = DiscardDialog(item, found, submit, self.page)
        dialog.accepted.connect(lambda: self._changed(dialog.saved, item))
        self.dialog = open_dialog(dialog)
        return dialog

    def _admin(self) -> bool:
        """Adjustments, discards and stocktakes are the admin's (the service checks again)."""
        if self.station.accounts.may_administer():
            return True
        tell(self.page.notice, admin_only_message(), problem=True)
        return False

    def history(self) -> HistoryDialog | None:
        item = self.current()
        if item is None:
            return None

        def fetch(offset: int, limit: int) -> list[MovementView]:
            return self.station.inventory.movements(item.id, offset, limit)

        def undo(movement_id: int) -> WriteOp[StockChange]:
            inventory = self.station.inventory
            return self.ops.write(lambda _progress: inventory.undo(movement_id))

        dialog = HistoryDialog(item, fetch, undo, self.page)
        dialog.changed.connect(lambda change: self._changed(change, item))
        self.dialog = open_dialog(dialog)
        return dialog

    # -- stocktake --------------------------------------------------------------------

    def stocktake(self) -> StocktakeDialog | None:
        if not self._admin():
            return None

        def submit(counts: Mapping[int, int], reason: str) -> WriteOp[StocktakeResult]:
            # One call, one transaction: every correction is written, or none.
            inventory = self.station.inventory
            return self.ops.write(lambda _progress: inventory.apply_stocktake(counts, reason))

        dialog = StocktakeDialog(
            self.station.inventory.count_sheet(),
            submit,
            self.page,
            today=self.station.clock.today(),
        )
        dialog.print_requested.connect(lambda: self.print_count_sheet(dialog))
        dialog.accepted.connect(lambda: self._counted(dialog.saved))
        self.dialog = open_dialog(dialog)
        return dialog

    def _counted(self, result: StocktakeResult | None) -> None:
        if result is None:
            return
        if result.adjusted:
            text = _("Stocktake applied: {n} items corrected.").format(n=result.adjusted)
        else:
            text = _("Stocktake recorded: every counted item matched the books.")
        tell(self.page.notice, text)

    def count_sheet_path(self, day: dt.date) -> Path:
        from station_app.reports.count_sheet import default_name

        return self.station.paths.reports / default_name(day)

    def print_count_sheet(self, dialog: StocktakeDialog | None = None) -> None:
        """Write the count sheet PDF into the reports folder (off the GUI thread), say where,
        and open it in the PC's PDF viewer."""
        from station_app.reports.count_sheet import count_sheet_pdf

        day = self.station.clock.today()
        target = self.count_sheet_path(day)
        station = self.station
        gathered = self.ops.read(
            lambda _progress: (station.inventory.count_sheet(), station.station.profile())
        ).failure(self._problem)
        sheet = gathered.run()
        if sheet is None:
            return
        lines, profile = sheet
        name = profile.name if profile else ""
        # The dialog may be closed (and deleted) while the sheet is being written.
        still_open: list[StocktakeDialog] = []
        if dialog is not None:
            still_open.append(dialog)
            dialog.finished.connect(lambda _result: still_open.clear())

        def say(text: str, *, problem: bool = False) -> None:
            for live in still_open:
                if problem:
                    live.show_problem(text)
                else:
                    live.show_notice(text)
            tell(self.page.notice, text, problem=problem)

        def done(path: Path) -> None:
            say(_("Count sheet saved as {path}.").format(path=path))
            self.open_file(path)

        def write(_progress: Progress) -> Path:
            return count_sheet_pdf(lines, target, station_name=name, day=day)

        say(_("Making {file}…").format(file=target.name))
        self.ops.read(write).with_progress(_("Count sheet")).success(done).failure(
            lambda failure: say(failure.text, problem=True)
        ).run_in_background()

    def _changed(self, change: StockChange, item: ItemView) -> None:
        tell(
            self.page.notice,
            _("{item}: {change:+} {unit}, {n} {unit} on the shelf now.").format(
                item=change.item_name,
                change=change.quantity,
                unit=item.unit,
                n=number(change.stock_after),
            ),
        )

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.page.receive_button.setEnabled(chosen)
        self.page.issue_button.setEnabled(chosen)
        self.page.adjust_button.setEnabled(chosen)
        self.page.discard_button.setEnabled(chosen)
        self.page.history_button.setEnabled(chosen)
        self.page.return_button.setEnabled(self.current_loan() is not None)

    # -- lending ----------------------------------------------------------------------

    def show_loans(self, loans: list[LoanView]) -> None:
        """The open loans, overdue ones first; the chosen loan stays chosen while it is still
        lent out, and nothing is chosen once it is back (归还 then waits for a choice)."""
        keep = self.current_loan()
        # The overdue ones first, the longest overdue at the top.
        loans.sort(key=lambda loan: (loan.overdue_by is None, loan.due_at))
        self.loans_model.set_loans(loans)
        view = self.page.loans
        view.selectionModel().clear()
        if keep is not None:
            for row, loan in enumerate(loans):
                if loan.id == keep.id:
                    view.selectRow(row)
                    break
        late = sum(1 for loan in loans if loan.overdue_by is not None)
        if late:
            text = _("{n} overdue (highlighted): ask for them back.").format(n=late)
        elif loans:
            text = _("{n} lent out, none overdue.").format(n=len(loans))
        else:
            text = _("Nothing is lent out.")
        tell(self.page.overdue, text, problem=bool(late))
        self._enable()

    def current_loan(self) -> LoanView | None:
        """The loan selected on screen (highlighted), or None."""
        rows = self.page.loans.selectionModel().selectedRows()
        if len(rows) != 1 or rows[0].row() >= self.loans_model.rowCount():
            return None
        return self.loans_model.loan(rows[0].row())

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

        def submit(item_id: int, card_text: str, deposit: str) -> WriteOp[LoanView]:
            def lend(_progress: Progress) -> LoanView:
                worker_id = self._worker_of(card_text)
                return self.station.lending.lend(
                    item_id, worker_id=worker_id, deposit_note="" if worker_id else deposit
                )

            return self.ops.write(lend)

        dialog = LendDialog(items, submit, self.page)
        dialog.accepted.connect(lambda: self._lent(dialog.saved))
        self.dialog = open_dialog(dialog)
        return dialog

    def _lent(self, loan: LoanView) -> None:
        tell(
            self.page.notice,
            _("{item} lent to {who}, due back {due}.").format(
                item=loan.item_name,
                who=borrower_text(loan),
                due=date_time(local(loan.due_at)),
            ),
        )

    def take_back(self) -> QMessageBox | None:
        """归还: ask first, naming the borrower and the item of the loan on show; the answer
        takes back that loan, whatever is chosen by then."""
        loan = self.current_loan()
        if loan is None:
            return None
        self.confirmation = ask_to_confirm(
            self.page,
            _("Take back"),
            _("Take back {item} from {who}?").format(item=loan.item_name, who=borrower_text(loan)),
            _("Take back"),
            lambda: self._take_back(loan),
            details=_("Lent {lent}, due {due}.").format(
                lent=date_time(local(loan.lent_at)), due=date_time(local(loan.due_at))
            ),
            back_text=_("Cancel"),
        )
        self.confirmation.finished.connect(self._confirmed)
        return self.confirmation

    def _confirmed(self) -> None:
        self.confirmation = None

    def _take_back(self, loan: LoanView) -> LoanView | None:
        lending = self.station.lending
        op = self.ops.write(lambda _progress: lending.return_loan(loan.id))
        back = op.failure(self._problem).run()
        if back is None:
            return None
        tell(
            self.page.notice,
            _("{item} is back from {who}.").format(item=back.item_name, who=borrower_text(back)),
        )
        return back


def make_inventory_page(station: Station, ops: Ops) -> tuple[InventoryPage, InventoryController]:
    page = InventoryPage()
    return page, InventoryController(page, station, ops)
