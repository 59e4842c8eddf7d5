"""A one-line label that gives way when space is short, shortening its text with "…".

For the status bar: the station's name and code must stay whole, while the database path
may become ``/home/…/station.sqlite3`` and the date may lose its week number. The label
asks for its whole text and can shrink to nothing; the tooltip always has the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

WHOLE = -1  # for ``keep``: the label asks for its whole text as its least


class ElidedLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self._elide = elide
        self._kept = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def keep(self, digits: int) -> None:
        """The least it asks for, as the moment needs: its text's beginning as wide as
        ``digits`` digits, its whole text (``WHOLE``), or nothing (0)."""
        self._kept = digits
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        height = super().minimumSizeHint().height()
        whole = self.sizeHint().width()
        if self._kept == WHOLE:
            return QSize(whole, height)
        return QSize(min(whole, self.fontMetrics().horizontalAdvance("0") * self._kept), height)

    def displayed_text(self) -> str:
        """What fits in the label now: the whole text, or the text shortened with …."""
        return self.fontMetrics().elidedText(self.text(), self._elide, self.contentsRect().width())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.drawText(self.contentsRect(), int(self.alignment()), self.displayed_text())
