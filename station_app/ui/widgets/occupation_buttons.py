"""One big button per occupation: a tap counts an anonymous visit (or a group)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from station_app.services.station import CatalogEntry

BUTTON_MIN_WIDTH = 120  # at least this wide; the widest label decides beyond it


class OccupationButtons(QWidget):
    """The buttons re-flow into as many columns as fit (2 on a small screen, 3–4 on a wide one)."""

    tapped = Signal(str)  # occupation code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        self._labels: dict[str, str] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self._columns = 0

    def set_occupations(self, entries: list[CatalogEntry]) -> None:
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self._labels = {entry.code: entry.label for entry in entries}
        for entry in entries:
            button = QPushButton(entry.label)
            button.setObjectName("occupationButton")
            button.setToolTip(entry.label)
            # Every column as wide as the widest label, whatever its own label: the grid
            # sets the widths (see _reflow), not each button's text.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, code=entry.code: self.tapped.emit(code))
            self.buttons[entry.code] = button
        self._columns = 0
        self._reflow()

    def set_group_size(self, size: int) -> None:
        """Mark the buttons (an accent border, see theme.py) while a tap counts a group."""
        for button in self.buttons.values():
            button.setProperty("group", size > 1)
            button.style().unpolish(button)
            button.style().polish(button)

    def _button_width(self) -> int:
        """The widest label's button: every column must hold it (the labels never clip)."""
        widths = [BUTTON_MIN_WIDTH]
        for button in self.buttons.values():
            button.ensurePolished()
            widths.append(button.sizeHint().width())
        return max(widths)

    def _fitting_columns(self) -> int:
        spacing = self._grid.horizontalSpacing()
        return max(2, min(4, (self.width() + spacing) // (self._button_width() + spacing)))

    def _reflow(self) -> None:
        columns = self._fitting_columns()
        if columns == self._columns:
            return
        self._columns = columns
        width = self._button_width()
        for button in self.buttons.values():
            self._grid.removeWidget(button)
        for number, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, number // columns, number % columns)
        for column in range(4):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
            self._grid.setColumnMinimumWidth(column, width if column < columns else 0)
        self.updateGeometry()
        # Tab follows the reading order, row by row.
        ordered = list(self.buttons.values())
        for first, second in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, second)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # As narrow as two columns, whatever the columns are now: the page may shrink.
        width = 2 * self._button_width() + self._grid.horizontalSpacing()
        return QSize(width, self._grid.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._reflow()
