"""An item's stock history (记录): its movements newest first, a page at a time, and 撤销
(undo) for the one selected.

An undo is a compensating movement written by the service; it is refused (and the reason
shown here, in the attendant's language) when later movements depend on the entry, when
it was undone already, and for lends, returns and services, which are corrected where
they were made. The dialog stays open after an undo so the attendant sees the new line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.i18n import _
from station_app.i18n.formatting import date_time, number, short_date
from station_app.services.stock.stock_data import ItemView, MovementView, StockChange
from station_app.ui.dialogs.confirm import ask_to_confirm
from station_app.ui.local_time import local
from station_app.ui.models.paged_model import PagedRowsModel
from station_app.ui.models.rows_model import AnyIndex
from station_app.ui.ops import Failure, WriteOp
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.notice import tell

Fetch = Callable[[int, int], list[MovementView]]  # (offset, limit) → newest first
Undo = Callable[[int], WriteOp[StockChange]]  # the write undoing a movement

PAGE_SIZE = 50
TIME, KIND, QUANTITY, EXPIRY, DETAILS = range(5)
UNDONE_TEXT = "#8A8A8A"  # an entry cancelled by a later undo reads as struck out


def details_text(movement: MovementView) -> str:
    """Donor or reason, and whether the entry was undone or is itself an undo."""
    parts: list[str] = []
    if movement.donor:
        parts.append(_("Donated by {donor}").format(donor=movement.donor))
    if movement.reason:
        parts.append(movement.reason)
    if movement.reverses_id is not None:
        parts.append(_("Undoes an earlier entry"))
    if movement.reversed:
        parts.append(_("Undone"))
    if movement.visit_id is not None and not parts:
        parts.append(_("Given with a service"))
    return " · ".join(parts)


class MovementsModel(PagedRowsModel[MovementView]):
    """The journal, loaded a page at a time as the list scrolls."""

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        super().__init__(
            [_("Time"), _("Entry"), _("Quantity"), _("Batch expiry"), _("Donor or reason")],
            fetch,
            parent,
            page_size=PAGE_SIZE,
        )

    def movement(self, row: int) -> MovementView:
        return self.row(row)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        movement = self._row_at(index)
        if movement is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(movement, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == DETAILS:
            return details_text(movement) or None
        if role == Qt.ItemDataRole.ForegroundRole and (
            movement.reversed or movement.reverses_id is not None
        ):
            return QColor(UNDONE_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(movement: MovementView, column: int) -> str:
    if column == TIME:
        return date_time(local(movement.occurred_at))
    if column == KIND:
        return movement.kind_label
    if column == QUANTITY:
        sign = "+" if movement.quantity > 0 else ""
        return sign + number(movement.quantity)
    if column == EXPIRY:
        return short_date(movement.batch_expiry) if movement.batch_expiry else ""
    return details_text(movement)


class HistoryDialog(QDialog):
    """The item's journal with an Undo button; ``changed`` fires after each undo."""

    changed = Signal(object)  # the StockChange an undo wrote

    def __init__(
        self, item: ItemView, fetch: Fetch, undo: Undo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._undo = undo
        self._unit = item.unit
        self.confirmation: QMessageBox | None = None
        title = _("History of {item}").format(item=item.name)
        self.setWindowTitle(title)
        self.setMinimumSize(760, 480)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setWordWrap(True)
        lead = QLabel(
            _(
                "Every change to the stock, newest first. A wrong entry is undone by an entry "
                "the other way; nothing is deleted."
            )
        )
        lead.setObjectName("hint")
        lead.setWordWrap(True)
        self.model = MovementsModel(fetch, self)
        self.table = FittedTable()
        self.table.setObjectName("movements")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(title)
        self.table.setModel(self.model)
        self.table.set_columns(
            [
                Column(minimum=130),  # time
                Column(minimum=70),  # entry
                Column(minimum=64),  # quantity
                Column(minimum=90, optional=True),  # expiry
                Column(minimum=140, gives_way=0),  # donor or reason
            ],
            stretch=DETAILS,
        )
        self.undo_button = QPushButton(_("Undo this entry"))
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addWidget(self.notice, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(lead)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.undo_button.clicked.connect(self.ask_undo)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.model.refresh()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._enable()

    def current(self) -> MovementView | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.movement(index.row())

    def _enable(self) -> None:
        movement = self.current()
        # An undone entry or an undo itself cannot be undone (the service says so too);
        # anything else is left to the service, whose refusal explains where to fix it.
        self.undo_button.setEnabled(
            movement is not None and not movement.reversed and movement.reverses_id is None
        )

    def ask_undo(self) -> QMessageBox | None:
        movement = self.current()
        if movement is None:
            return None
        # Another attendant's entry: the service refuses unless an admin is signed in, and
        # the refusal shows like any other.
        self.confirmation = ask_to_confirm(
            self,
            _("Undo this entry"),
            _("Undo “{entry} {quantity} {unit}” of {time}?").format(
                entry=movement.kind_label,
                quantity=_display(movement, QUANTITY),
                unit=self._unit,
                time=date_time(local(movement.occurred_at)),
            ),
            _("Undo"),
            lambda: self.undo(movement),
            details=_("An entry the other way is added to the history; the stock changes back."),
        )
        return self.confirmation

    def undo(self, movement: MovementView) -> StockChange | None:
        return self._undo(movement.id).success(self._undone).failure(self._refused).run()

    def _refused(self, failure: Failure) -> None:
        self._tell(failure.text, problem=True)

    def _undone(self, change: StockChange) -> None:
        self.model.refresh()
        self.table.selectRow(0)
        self._enable()
        self._tell(
            _("Undone: {change:+} {unit}, {n} {unit} on the shelf now.").format(
                change=change.quantity, unit=self._unit, n=number(change.stock_after)
            )
        )
        self.changed.emit(change)

    def _tell(self, text: str, *, problem: bool = False) -> None:
        tell(self.notice, text, problem=problem)
