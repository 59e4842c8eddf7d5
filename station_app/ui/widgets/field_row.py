"""Form rows: a field with its problem written under it, in red, when there is one; a
caption beside its field in a filter row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget


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


def add_labelled(row: QHBoxLayout, caption: str, widget: QWidget) -> None:
    """A caption and its field side by side in a filter row (the caption's mnemonic, if any,
    moves the cursor into the field)."""
    label = QLabel(caption)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)
