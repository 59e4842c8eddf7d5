"""Opening a page's dialog without blocking the window (open(), not exec())."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


def open_dialog(dialog: D) -> D:
    """Show ``dialog`` window-modal and delete it once closed; returns it, so the caller
    can keep it (and a test can fill it in) while it is open."""
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
