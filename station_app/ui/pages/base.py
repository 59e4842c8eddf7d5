"""What every page has: a title, a lead sentence, and a body."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class Page(QWidget):
    # Controllers switch page-wide things (the scan detector, refreshes) on and off with these.
    shown = Signal()
    hidden = Signal()

    def __init__(self, title: str, lead: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(32, 24, 32, 24)
        self.body.setSpacing(14)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.lead = QLabel(lead)
        self.lead.setObjectName("pageLead")
        self.lead.setWordWrap(True)
        # Pages may put a few small controls at the right end of the title line.
        self.heading_row = QHBoxLayout()
        self.heading_row.setSpacing(10)
        self.heading_row.addWidget(heading)
        self.heading_row.addStretch(1)
        self.body.addLayout(self.heading_row)
        self.body.addWidget(self.lead)
        self.lead.setVisible(bool(lead))  # a page whose widgets speak for themselves has none

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.shown.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.hidden.emit()
