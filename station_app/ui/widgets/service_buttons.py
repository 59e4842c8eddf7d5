"""One big button per service type: a tap records that service for the visit on the panel.

The buttons work for the visit just checked in (or the one a repeat scan found) until the
next scan, tap, undo or a few idle minutes; a service recorded for that visit shows as
ticked, then with its count ("热水×2"), so a second tap is seen, and the take-back button
under them undoes the last tap, one tap at a time. The box's title lists what was given
(a title, not a line: every pixel of height it takes comes off the recent list).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.i18n import _
from station_app.services.checkin.service_data import ServiceTypeView
from station_app.ui.widgets.wrapping_button import WrappingButton

BUTTON_WIDTH = 72  # a column holds the widest default label (四字) at 12pt
ROWS = 3  # the default 11 types in 4 columns, even in the right column of a 1024 screen
MAX_COLUMNS = 5  # a station with many types of its own gets more rows instead
TICK = "✓ "


class ServiceButtons(QGroupBox):
    """The view: buttons in as many columns as fit; the title says what was recorded."""

    tapped = Signal(str)  # service type code
    take_back = Signal(str)  # the service whose last tap is to be undone

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceBox")
        self.buttons: dict[str, QPushButton] = {}
        self.labels: dict[str, str] = {}
        self.recorded: dict[str, int] = {}  # code → times given to the visit, in tap order
        self._last: str | None = None  # the service the take-back button undoes
        self.take_back_button = QPushButton()
        self.take_back_button.setObjectName("undo")
        self.take_back_button.clicked.connect(self._take_back)
        self._grid = QGridLayout()
        self._grid.setSpacing(6)
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the box's padding (theme.py) is enough
        layout.addLayout(self._grid)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.take_back_button)
        layout.addLayout(row)
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
            button = WrappingButton(service.label)
            button.setObjectName("serviceButton")
            button.setToolTip(service.label)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, code=service.code: self.tapped.emit(code))
            self.buttons[service.code] = button
            self.labels[service.code] = service.label
        self._columns = 0
        self.set_ready(self.ready)
        self._reflow()

    def set_ready(
        self, ready: bool, recorded: dict[str, int] | None = None, last: str | None = None
    ) -> None:
        """Buttons on for the visit on the panel (with the services it has, and the one
        tapped last, which the take-back button offers), or idle."""
        self.ready = ready
        self.recorded = {code: n for code, n in (recorded or {}).items() if n > 0} if ready else {}
        self._last = last if last in self.recorded else None
        for code, button in self.buttons.items():
            button.setEnabled(ready)
            times = self.recorded.get(code, 0)
            button.setText(_times(self.labels[code], times))
            button.setProperty("recorded", times > 0)
            button.style().unpolish(button)
            button.style().polish(button)
        if self._last is not None:
            self.take_back_button.setText(
                _("Take back {service}").format(service=self.labels.get(self._last, self._last))
            )
            self.take_back_button.setToolTip(
                _("Removes the last tap of this service for this visit; its stock comes back")
            )
        self.take_back_button.setVisible(self._last is not None)
        if not ready:
            title = _("Services: check a visitor in first")
        elif self.recorded:
            names = "、".join(
                _times(self.labels.get(code, code), times, tick=False)
                for code, times in self.recorded.items()
            )
            title = _("Services for this visit · Recorded: {services}").format(services=names)
        else:
            title = _("Services for this visit: tap each one given")
        self.setTitle(title)
        self.setProperty("recorded", bool(self.recorded))
        self.style().unpolish(self)
        self.style().polish(self)

    def _take_back(self) -> None:
        if self._last is not None:
            self.take_back.emit(self._last)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # No wider than the columns need: the occupation buttons beside want the room.
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def _reflow(self) -> None:
        # A shape that changes only when the labels stop fitting their columns (a longer
        # language, a larger text size, a narrower screen): the height follows the number
        # of columns, never the other way round, so the layout settles at once.
        columns, widest = self._fitting_columns()
        if columns == self._columns:
            return
        self._columns = columns
        # Once fewer columns are needed each keeps its widest label, so the box does not
        # give its width away to the column beside it.
        width = BUTTON_WIDTH if columns >= 4 else max(BUTTON_WIDTH, widest)
        for button in self.buttons.values():
            self._grid.removeWidget(button)
        for number, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, number // columns, number % columns)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
            self._grid.setColumnMinimumWidth(column, width if column < columns else 0)

    def _fitting_columns(self) -> tuple[int, int]:
        """As many columns as the widest label allows, up to the preferred shape;
        and that widest label's width."""
        preferred = max(4, min(MAX_COLUMNS, -(-len(self.buttons) // ROWS)))
        if not self.buttons:
            return preferred, BUTTON_WIDTH
        widest = max(self._needed_width(code, button) for code, button in self.buttons.items())
        room = self.contentsRect().width()
        if room <= 0:
            return preferred, widest
        spacing = self._grid.horizontalSpacing()
        return max(1, min(preferred, (room + spacing) // (widest + spacing))), widest

    def _needed_width(self, code: str, button: QPushButton) -> int:
        """The widest word of the label: it wraps between words (a tick, when shown, may
        take a line of its own)."""
        metrics = button.fontMetrics()
        shown = max((metrics.horizontalAdvance(word) for word in button.text().split()), default=0)
        label = max((metrics.horizontalAdvance(w) for w in self.labels[code].split()), default=0)
        return button.minimumSizeHint().width() - shown + label

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._reflow()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._reflow()


def _times(label: str, times: int, *, tick: bool = True) -> str:
    """ "✓ 热水" once given; "热水×2" from the second time (the tick gives way to the count,
    which matters more, in a button four characters wide)."""
    if times >= 2:
        return f"{label}×{times}" if tick else f"{label} ×{times}"
    return (TICK if tick and times else "") + label
