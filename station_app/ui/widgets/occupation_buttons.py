"""One big button per occupation: a tap counts an anonymous visit (or a group)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from station_app.domain.catalog import OCCUPATIONS
from station_app.i18n import _
from station_app.services.station.profile import CatalogEntry

BUTTON_MIN_WIDTH = 120  # at least this wide; the widest label decides beyond it…
# … up to the widest default label's: a station's own longer name is cut short with "…"
# where room is short (the tooltip has it whole) rather than push the page off the screen.
BUTTON_HEIGHT = 46  # a big target for a quick tap…
# … a little smaller when the list is long and the screen short (theme.py's min-height):
# 12 buttons in two columns still fit on a 1024×700 screen.
BUTTON_MIN_HEIGHT = 40


class OccupationButton(QPushButton):
    """A button that keeps its whole label and shows as much of it as its width allows."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(label, parent)
        self.label = label

    def width_for(self, text: str) -> int:
        return self._chrome() + self.fontMetrics().horizontalAdvance(text)

    def _chrome(self) -> int:
        """Padding and border: the hint's width beyond the text shown."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.width_for(self.label), max(super().sizeHint().height(), BUTTON_HEIGHT))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().minimumSizeHint().width(), BUTTON_MIN_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        self.setText(
            self.fontMetrics().elidedText(self.label, Qt.TextElideMode.ElideRight, room.width())
        )


class OccupationButtons(QWidget):
    """The buttons re-flow into as many columns as fit (2 on a small screen, 3–4 on a wide one)."""

    tapped = Signal(str)  # occupation code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, OccupationButton] = {}
        self._labels: dict[str, str] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self._columns = 0
        self._group = False

    def set_occupations(self, entries: list[CatalogEntry]) -> None:
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self._labels = {entry.code: entry.label for entry in entries}
        for entry in entries:
            button = OccupationButton(entry.label)
            button.setObjectName("occupationButton")
            button.setToolTip(entry.label)
            # Every column as wide as the widest label, whatever its own label: the grid
            # sets the widths (see _reflow), not each button's text. The height gives way
            # down to BUTTON_MIN_HEIGHT when the page is short of room.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _checked=False, code=entry.code: self.tapped.emit(code))
            button.setProperty("group", self._group)
            self.buttons[entry.code] = button
        self._columns = 0
        self._reflow()

    def set_group_size(self, size: int) -> None:
        """Mark the buttons (an accent border, see theme.py) while a tap counts a group."""
        self._group = size > 1
        for button in self.buttons.values():
            button.setProperty("group", self._group)
            button.style().unpolish(button)
            button.style().polish(button)

    def _button_width(self) -> int:
        """The widest label's button: every column holds it, up to the widest default label."""
        if not self.buttons:
            return BUTTON_MIN_WIDTH
        for button in self.buttons.values():
            button.ensurePolished()
        widest = max(button.sizeHint().width() for button in self.buttons.values())
        probe = next(iter(self.buttons.values()))
        widest_default = max(probe.width_for(_(entry.label)) for entry in OCCUPATIONS)
        # A few pixels to spare: the size hint, the eliding and the painting each round the
        # text's width their own way, and a label that just fits must not lose its end.
        return max(BUTTON_MIN_WIDTH, min(widest, widest_default) + 3)

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
