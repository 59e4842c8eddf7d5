"""A round sign for the check-in answer: a tick, an exclamation mark or a cross.

Painted rather than taken from the font: the bundled font's ✔ looks like a square-root
sign, and a drawn sign is the same on every PC.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from station_app.ui.theme import ERROR_RED, OK_GREEN, WARN_AMBER

IDLE_COLOUR = "#D9C7B4"
COLOURS = {"accepted": OK_GREEN, "already": WARN_AMBER, "refused": ERROR_RED}


class StatusIcon(QWidget):
    def __init__(self, size: int = 64, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.state = "idle"
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._size, self._size)

    def set_state(self, state: str) -> None:
        self.state = state
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        side = min(self.width(), self.height())
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COLOURS.get(self.state, IDLE_COLOUR)))
        painter.drawEllipse(box)
        pen = QPen(QColor("white"), side * 0.11)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)

        def at(x: float, y: float) -> QPointF:
            return QPointF(box.left() + x * side, box.top() + y * side)

        if self.state == "accepted":
            tick = QPainterPath(at(0.28, 0.52))
            tick.lineTo(at(0.44, 0.68))
            tick.lineTo(at(0.73, 0.36))
            painter.drawPath(tick)
        elif self.state == "already":
            painter.drawLine(at(0.5, 0.26), at(0.5, 0.56))
            painter.drawPoint(at(0.5, 0.74))
        elif self.state == "refused":
            painter.drawLine(at(0.33, 0.33), at(0.67, 0.67))
            painter.drawLine(at(0.67, 0.33), at(0.33, 0.67))
        else:  # waiting: a viewfinder's four corners, "scan here"
            pen.setWidthF(side * 0.07)
            painter.setPen(pen)
            for x, y, dx, dy in (
                (0.3, 0.3, 1, 1),
                (0.7, 0.3, -1, 1),
                (0.3, 0.7, 1, -1),
                (0.7, 0.7, -1, -1),
            ):
                corner = QPainterPath(at(x + dx * 0.13, y))
                corner.lineTo(at(x, y))
                corner.lineTo(at(x, y + dy * 0.13))
                painter.drawPath(corner)
        painter.end()
