"""A form row whose field has its problem written under it, in red, when there is one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


def add_field_row(layout: QFormLayout, caption: str, edit: QWidget) -> QLabel:
    """Add ``caption`` and ``edit`` to ``layout``; returns the (hidden) error label."""
    error = QLabel()
    error.setObjectName("fieldError")
    error.setWordWrap(True)
    error.hide()
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(edit)
    column.addWidget(error)
    label = QLabel(caption)
    label.setBuddy(edit)
    # As tall as the edit and centred on it, so the label lines up with the typed text,
    # also when an error line shows below the edit.
    edit.ensurePolished()
    label.setFixedHeight(edit.sizeHint().height())
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    layout.addRow(label, cell)
    return error
