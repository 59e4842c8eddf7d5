"""Asking before something is done: a window-modal question with the action and a way back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from station_app.i18n import _
from station_app.ui.dialogs.opening import open_dialog


def ask_to_confirm(
    parent: QWidget,
    title: str,
    text: str,
    action_text: str,
    on_yes: Callable[[], object],
    *,
    details: str = "",
    back_text: str | None = None,
    destructive: bool = False,
) -> QMessageBox:
    """Open the question without blocking the window and call ``on_yes`` only when the
    action button is chosen; the way back ("Keep" unless ``back_text`` says otherwise) is
    the default and the Escape key, so a stray Enter changes nothing. A ``destructive``
    action (data gone for good) gets the warning icon. Returns the box, deleted once closed,
    so the caller can keep it (and a test can answer it) while it is open."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    role = (
        QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    )
    yes = box.addButton(action_text, role)
    back = box.addButton(
        _("Keep") if back_text is None else back_text, QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    return open_dialog(box)
