"""An unexpected error: a short message for the attendant, the traceback for the log."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from station_app.i18n import _

log = logging.getLogger(__name__)


def unexpected_error_text(log_file: Path | None) -> str:
    text = _(
        "Something went wrong, but everything already saved is safe. "
        "Try again; if it happens again, restart the app and tell the station manager."
    )
    if log_file is not None:
        text += "\n\n" + _("Details for the technician are in {path}").format(path=log_file)
    return text


def show_message(
    parent: QWidget | None, title: str, text: str, *, error: bool = True
) -> QMessageBox:
    """A non-blocking message box (open(), not exec()), so the window keeps working."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class ErrorReporter(QObject):
    """Installed as sys.excepthook: logs the traceback and tells the attendant, in Chinese."""

    # Exceptions from worker threads arrive through this queued signal on the GUI thread.
    _report = Signal(str)

    def __init__(self, log_file: Path | None) -> None:
        super().__init__()
        self._log_file = log_file
        self._report.connect(self._show)
        self.last_box: QMessageBox | None = None
        self._previous: tuple[Any, Any] | None = None

    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Put back the hooks that were there before (a test runner's, a debugger's)."""
        if self._previous is None:
            return
        sys.excepthook, threading.excepthook = self._previous
        self._previous = None

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("unexpected error", exc_info=(kind, exc, tb))
        self._report.emit(type(exc).__name__)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, _kind: str) -> None:
        parent = QApplication.activeWindow()
        self.last_box = show_message(
            parent, _("Unexpected error"), unexpected_error_text(self._log_file)
        )
