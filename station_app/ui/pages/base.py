"""What every page has: a title, a lead sentence, and a body."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Page(QWidget):
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
        self.body.addWidget(heading)
        self.body.addWidget(self.lead)
