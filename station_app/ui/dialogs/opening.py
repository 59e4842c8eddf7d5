"""Opening a page's dialog without blocking the window (open(), not exec())."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


def open_dialog(dialog: D) -> D:
    """Show ``dialog`` window-modal and delete it once closed; returns it, so the caller
    can keep it (and a test can fill it in) while it is open."""
    dialog.finished.connect(dialog.deleteLater)
    fit_to_screen(dialog)
    dialog.open()
    return dialog


def fit_to_screen(dialog: QDialog) -> None:
    """As tall as its wrapped lines need at its width (a dialog's first size is its hint,
    which does not wrap them), and never larger than the screen."""
    dialog.adjustSize()
    screen = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry().size() - dialog.size()
    room = screen.size() - frame
    if dialog.width() > room.width() or dialog.height() > room.height():
        dialog.resize(dialog.size().boundedTo(room))
