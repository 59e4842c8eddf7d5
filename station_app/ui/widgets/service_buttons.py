"""One big button per service type: a tap records that service for the visit just checked in.

The buttons only work between an accepted check-in and the next scan, tap or undo; a
service already recorded for that visit shows as ticked, and the box's title lists them
(a title, not a line below: every pixel of height it takes comes off the recent list).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.i18n import _
from station_app.services.checkin.service_data import ServiceTypeView

BUTTON_WIDTH = 72  # a column holds the widest default label (四字) at 12pt
ROWS = 3  # the default 11 types in 4 columns, even in the right column of a 1024 screen
MAX_COLUMNS = 5  # a station with many types of its own gets more rows instead
TICK = "✓ "


class ServiceButtons(QGroupBox):
    """The view: buttons in as many columns as fit; the title says what was recorded."""

    tapped = Signal(str)  # service type code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceBox")
        self.buttons: dict[str, QPushButton] = {}
        self.labels: dict[str, str] = {}
        self.recorded: list[str] = []
        self._grid = QGridLayout()
        self._grid.setSpacing(6)
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the box's padding (theme.py) is enough
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self.set_ready(False)

    def set_types(self, types: list[ServiceTypeView]) -> None:
        """One button per active service type, in the station's order."""
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self.labels = {}
        for service in types:
            if not service.active:
                continue
            button = QPushButton(service.label)
            button.setObjectName("serviceButton")
            button.setToolTip(service.label)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, code=service.code: self.tapped.emit(code))
            self.buttons[service.code] = button
            self.labels[service.code] = service.label
        self._columns = 0
        self._reflow()
        self.set_ready(self.ready)

    def set_ready(self, ready: bool, recorded: list[str] | None = None) -> None:
        """Buttons on for the visit just checked in (with the services it has), or idle."""
        self.ready = ready
        self.recorded = list(recorded or []) if ready else []
        for code, button in self.buttons.items():
            button.setEnabled(ready)
            done = code in self.recorded
            button.setText((TICK if done else "") + self.labels[code])
            button.setProperty("recorded", done)
            button.style().unpolish(button)
            button.style().polish(button)
        if not ready:
            title = _("Services: check a visitor in first")
        elif self.recorded:
            names = "、".join(self.labels.get(code, code) for code in self.recorded)
            title = _("Services for this visit · Recorded: {services}").format(services=names)
        else:
            title = _("Services for this visit: tap each one given")
        self.setTitle(title)
        self.setProperty("recorded", bool(self.recorded))
        self.style().unpolish(self)
        self.style().polish(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # No wider than the columns need: the occupation buttons beside want the room.
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def _reflow(self) -> None:
        # A fixed shape, not one that follows the width: the box shares its row with the
        # answer panel, and a height that changed with the width would fight the layout.
        columns = max(4, min(MAX_COLUMNS, -(-len(self.buttons) // ROWS)))
        self._columns = columns
        for button in self.buttons.values():
            self._grid.removeWidget(button)
        for number, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, number // columns, number % columns)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
            self._grid.setColumnMinimumWidth(column, BUTTON_WIDTH if column < columns else 0)
