"""盘点 (stocktake): type what was counted on the shelf for each item, see the difference from
the books, and apply every correction at once.

The sheet lists every item in use; an empty count means "not counted" and leaves the item
as it is. "Apply" shows the differences first and then calls the service ONCE, so the
whole stocktake is one transaction: all corrections are written or none. Cancel writes
nothing. "Print count sheet" asks for the paper version to count with (the controller
writes it off the GUI thread and says where it went).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.printables import CountLine
from station_app.i18n import _
from station_app.i18n.formatting import number, short_date
from station_app.services.stock.inventory import MAX_QUANTITY
from station_app.services.stock.stock_data import StocktakeResult
from station_app.ui.dialogs.confirm import ask_to_confirm
from station_app.ui.models.rows_model import AnyIndex, RowsModel
from station_app.ui.ops import Failure, WriteOp
from station_app.ui.widgets.fitted_table import Column, FittedTable

# Counts by item id, reason → the write applying them.
Apply = Callable[[Mapping[int, int], str], WriteOp[StocktakeResult]]

ITEM, UNIT, EXPECTED, COUNTED, DIFFERENCE = range(5)
SHORT = "#B03A2E"  # fewer on the shelf than the books say
MORE = "#2E7D32"
LISTED = 12  # differences named in the confirmation; the rest are counted


def difference_text(line: CountLine, counted: int) -> str:
    """饮用水: 24 → 20 (−4 瓶)."""
    return _("{item}: {expected} → {counted} ({change:+} {unit})").format(
        item=line.name,
        expected=number(line.expected),
        counted=number(counted),
        change=counted - line.expected,
        unit=line.unit,
    )


class CountsModel(RowsModel[CountLine]):
    """The count sheet with an editable "counted" column (empty: not counted)."""

    def __init__(self, lines: list[CountLine], parent: QObject | None = None) -> None:
        super().__init__(
            [_("Item"), _("Unit"), _("Expected"), _("Counted"), _("Difference")], parent
        )
        self._rows = list(lines)
        self._counts: dict[int, int] = {}

    def counts(self) -> dict[int, int]:
        """Item id → counted, for the items that were counted."""
        return dict(self._counts)

    def line(self, row: int) -> CountLine:
        return self.row(row)

    def differences(self) -> list[tuple[CountLine, int]]:
        return [
            (line, self._counts[line.item_id])
            for line in self._rows
            if line.item_id in self._counts and self._counts[line.item_id] != line.expected
        ]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COUNTED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        line = self._row_at(index)
        if line is None:
            return None
        column = index.column()
        counted = self._counts.get(line.item_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column, counted)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (EXPECTED, COUNTED, DIFFERENCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == DIFFERENCE and counted is not None:
            if counted < line.expected:
                return QColor(SHORT)
            if counted > line.expected:
                return QColor(MORE)
        return None

    def _text(self, line: CountLine, column: int, counted: int | None) -> str:
        if column == ITEM:
            return line.name
        if column == UNIT:
            return line.unit
        if column == EXPECTED:
            return number(line.expected)
        if counted is None:
            return ""
        if column == COUNTED:
            return str(counted)
        change = counted - line.expected
        return "±0" if change == 0 else f"{change:+}"

    def setData(  # noqa: N802 - Qt's name
        self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        line = self._row_at(index)
        if line is None or index.column() != COUNTED or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip() if value is not None else ""
        if not text:
            self._counts.pop(line.item_id, None)
        elif text.isdigit() and int(text) <= MAX_QUANTITY:
            self._counts[line.item_id] = int(text)
        else:
            return False
        self.dataChanged.emit(index, self.index(index.row(), DIFFERENCE))
        return True


class _CountDelegate(QStyledItemDelegate):
    """A count is a whole number of 0 or more, typed as text so it may be left empty (a
    number above the maximum is not taken: the old count stays)."""

    def createEditor(  # noqa: N802 - Qt's name
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("count")
        # Digits or nothing: an emptied count (Enter on an empty field) means "not counted".
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,7}"), editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


class _CountTable(FittedTable):
    """Whatever cell of a line is clicked, typing goes into its count; Enter after a count
    moves on to the next item, as down the paper sheet."""

    def edit(  # type: ignore[override]  # the overload Qt calls when a key or click edits
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger,
        event: QEvent,
    ) -> bool:
        if index.isValid() and index.column() != COUNTED:
            index = self.model().index(index.row(), COUNTED)
        return super().edit(index, trigger, event)

    def closeEditor(  # noqa: N802 - Qt's name
        self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint
    ) -> None:
        super().closeEditor(editor, hint)
        row = self.currentIndex().row() + 1
        model = self.model()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and row < model.rowCount():
            self.setCurrentIndex(model.index(row, COUNTED))


class StocktakeDialog(QDialog):
    """The count sheet to fill in; ``saved`` holds the StocktakeResult once applied."""

    print_requested = Signal()

    def __init__(
        self,
        lines: list[CountLine],
        submit: Apply,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self.saved: StocktakeResult | None = None
        self.confirmation: QMessageBox | None = None
        title = _("Stocktake")
        self.setWindowTitle(title)
        self.setMinimumSize(720, 520)
        self.resize(820, 600)  # room for a dozen items, and still within a 1024×700 screen
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lead = QLabel(
            _(
                "Type what is on the shelf for each item you counted (items lent out are not "
                "on it); leave an item empty to keep it as it is. Counts can be typed from the "
                "printed count sheet."
            )
        )
        lead.setObjectName("hint")
        lead.setWordWrap(True)
        self.model = CountsModel(lines, self)
        self.table = self._count_table()
        self.reason = QLineEdit(_("Stocktake of {day}").format(day=short_date(today)))
        self.reason.setMaxLength(200)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = self._button_box()
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(lead)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        row.addWidget(self.print_button)  # apart from Apply and Cancel: it changes nothing
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, COUNTED))
        self.table.setFocus()  # typing a number at once goes into the first count

    def _count_table(self) -> FittedTable:
        table = _CountTable()
        table.setObjectName("counts")
        table.setAccessibleName(_("Count sheet"))
        table.setModel(self.model)
        table.setItemDelegateForColumn(COUNTED, _CountDelegate(table))
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.set_columns(
            [
                Column(minimum=140),  # item
                Column(minimum=56),  # unit
                Column(minimum=80),  # expected
                Column(minimum=100),  # counted
                Column(minimum=96),  # difference
            ],
            stretch=ITEM,
        )
        return table

    def _button_box(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("Print count sheet"))
        self.apply_button = QPushButton(_("Apply…"))
        self.apply_button.setObjectName("primary")
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        # Enter belongs to the counts (it moves to the next item), never to a button.
        for button in (self.print_button, self.apply_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons.accepted.connect(self.ask_apply)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_requested)
        return buttons

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)

    def ask_apply(self) -> QMessageBox | None:
        """Show the differences, then apply on "Apply"; nothing is written before."""
        self.problem.hide()
        counts = self.model.counts()
        if not counts:
            self.show_problem(_("No item has a count yet. Type what is on the shelf first."))
            return None
        differences = self.model.differences()
        if differences:
            text = _("{n} of {counted} counted items differ from the books. Correct them?").format(
                n=len(differences), counted=len(counts)
            )
            listed = [difference_text(line, counted) for line, counted in differences[:LISTED]]
            if len(differences) > LISTED:
                listed.append(_("… and {n} more").format(n=len(differences) - LISTED))
        else:
            text = _("All {counted} counted items match the books. Record the stocktake?").format(
                counted=len(counts)
            )
            listed = []
        self.confirmation = ask_to_confirm(
            self,
            _("Apply the stocktake"),
            text,
            _("Apply"),
            lambda: self.apply(counts),
            details="\n".join(listed),
            back_text=_("Back to the counts"),
        )
        return self.confirmation

    def apply(self, counts: Mapping[int, int]) -> StocktakeResult | None:
        return (
            self._submit(counts, self.reason.text())
            .success(self._applied)
            .failure(self._refused)
            .run()
        )

    def _applied(self, result: StocktakeResult) -> None:
        self.saved = result
        self.accept()

    def _refused(self, failure: Failure) -> None:
        self.show_problem(failure.text)
