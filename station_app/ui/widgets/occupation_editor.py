"""The station's occupation categories in the settings: the list, adding one, hide and show.

A view only: the settings page calls the service and hands the entries back here.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.catalog import CUSTOM_NAME_MAX
from station_app.i18n import _
from station_app.services.station.profile import OccupationEntry
from station_app.ui.theme import MUTED_TEXT

CODE_ROLE = Qt.ItemDataRole.UserRole
ROWS_SHOWN = 4  # more than that scroll: the page stays short on a 700-pixel screen


def entry_text(entry: OccupationEntry) -> str:
    return entry.label if entry.active else _("{label} (hidden)").format(label=entry.label)


class _Grid(QListWidget):
    """Names in equal cells, row by row like the check-in buttons, as tall as its rows."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_cells(self) -> None:
        self.ensurePolished()  # the style sheet's font, not the default one
        metrics = self.fontMetrics()
        widths = [metrics.horizontalAdvance(self.item(n).text()) for n in range(self.count())]
        cell = QSize(max([100, *widths]) + 32, metrics.height() + 14)
        self.setGridSize(cell)
        for row in range(self.count()):
            self.item(row).setSizeHint(cell)  # a selection fills its cell
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        cell = self.gridSize()
        if not cell.isValid():
            return
        # Not the viewport's width: the viewport is resized after this event.
        columns = max(1, self.contentsRect().width() // cell.width())
        rows = min(ROWS_SHOWN, max(1, -(-self.count() // columns)))
        self.setFixedHeight(rows * cell.height() + 2 * self.frameWidth())  # padding included


class OccupationEditor(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Occupation categories"), parent)
        self.entries: list[OccupationEntry] = []
        self.list = _Grid()
        self.list.setObjectName("occupationList")
        self.list.setAccessibleName(_("Occupation categories"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        self.toggle_button = QPushButton(_("Hide"))
        self.toggle_button.setObjectName("occupationToggle")
        self.toggle_button.setMinimumWidth(96)
        hint = QLabel(
            _(
                "Hidden categories leave the check-in page and the worker form; past visits "
                "and registered workers keep theirs."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setObjectName("occupationName")
        self.name.setPlaceholderText(_("For example 园林绿化工"))
        # A little longer than allowed, so a name that is too long gets explained, not cut.
        self.name.setMaxLength(CUSTOM_NAME_MAX + 10)
        self.name_error = QLabel()
        self.name_error.setObjectName("fieldError")
        self.name_error.setWordWrap(True)
        self.name_error.hide()
        self.add_button = QPushButton(_("Add"))
        self.add_button.setMinimumWidth(96)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self._lay_out(hint)

        self.list.currentRowChanged.connect(lambda _row: self._selection_changed())
        self._selection_changed()

    def _lay_out(self, hint: QLabel) -> None:
        toggle_row = QHBoxLayout()
        toggle_row.setSpacing(12)
        toggle_row.addWidget(self.toggle_button)
        toggle_row.addWidget(hint, 1)
        label = QLabel(_("New category"))
        label.setBuddy(self.name)
        add_row = QGridLayout()
        add_row.setHorizontalSpacing(12)
        add_row.setVerticalSpacing(2)
        add_row.addWidget(label, 0, 0)
        add_row.addWidget(self.name, 0, 1)
        add_row.addWidget(self.add_button, 0, 2)
        add_row.addWidget(self.name_error, 1, 1, 1, 2)
        add_row.setColumnStretch(1, 1)
        column = QVBoxLayout(self)
        column.setSpacing(10)
        column.addWidget(self.list)
        column.addLayout(toggle_row)
        column.addLayout(add_row)
        column.addWidget(self.notice)

    def set_entries(self, entries: list[OccupationEntry], select: str | None = None) -> None:
        """Show ``entries``, keeping the selected one (or selecting ``select``)."""
        keep = select or (entry.code if (entry := self.selected()) else None)
        self.entries = entries
        self.list.clear()
        muted = QBrush(QColor(MUTED_TEXT))
        for entry in entries:
            item = QListWidgetItem(entry_text(entry))
            item.setData(CODE_ROLE, entry.code)
            if not entry.active:
                item.setForeground(muted)
            self.list.addItem(item)
            if entry.code == keep:
                self.list.setCurrentItem(item)
        self.list.fit_cells()
        self._selection_changed()

    def selected(self) -> OccupationEntry | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select(self, code: str) -> None:
        for row, entry in enumerate(self.entries):
            if entry.code == code:
                self.list.setCurrentRow(row)

    def show_name_problem(self, message: str) -> None:
        self.name_error.setText(message)
        self.name_error.setVisible(bool(message))
        if message:
            self.name.setFocus()

    def _selection_changed(self) -> None:
        entry = self.selected()
        self.toggle_button.setEnabled(entry is not None)
        self.toggle_button.setText(_("Show") if entry and not entry.active else _("Hide"))
