"""Start the GUI: Qt, the font and the window's frame at once; the station (database,
first run, pages) opens into the frame once it is painted (``ui/station_start.py``).

This module imports nothing heavier than Qt, so the window is on screen a moment after
the app starts; see bench/bench_cold_start.py.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from station_app import __version__
from station_app.clock import Clock, SystemClock
from station_app.db.file_check import EarlyCheck
from station_app.i18n import _
from station_app.ui.app_icon import app_icon
from station_app.ui.fonts import register_bundled_font
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from station_app.ui.theme import STYLE_SHEET

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.ui.errors import ErrorReporter

log = logging.getLogger(__name__)

# Hidden hook for bench/bench_cold_start.py: print the moment of the main window's first
# paint (time.monotonic, comparable across processes) and exit at once; "1" when the frame
# is painted, "ready" when the station's first screen (sign-in) is. Not for users.
FIRST_PAINT_ENV = "STATION_APP_EXIT_AFTER_FIRST_PAINT"


class _AfterFirstPaint(QObject):
    """Calls ``callback`` once, when the event loop is free after ``widget``'s first paint."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After the whole frame (the children paint after the window itself).
            QTimer.singleShot(0, self._callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    _AfterFirstPaint(widget, callback)


def report_first_paint_and_exit() -> None:
    print(f"first-paint {time.monotonic():.6f}", flush=True)
    os._exit(0)  # no clean-up: the benchmark measures the start, and runs on a copy


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("station-app")
    app.setApplicationDisplayName(_("驿站 Station"))
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("station-app")  # Wayland: the icon of packaging/linux's entry
    register_bundled_font(app)
    app.setStyleSheet(STYLE_SHEET)
    return app


class Started:
    """What the opening of one station left for the launcher to finish or clean up."""

    def __init__(self) -> None:
        self.station: Station | None = None
        self.reporter: ErrorReporter | None = None
        self.code: int | None = None  # set when the start was given up (no station, quit)
        self.restore_requested_by: str | None = None  # the admin's name: restore, reopen

    def quit(self, app: QApplication, code: int) -> None:
        self.code = code
        QTimer.singleShot(0, lambda: app.exit(code))  # once the opening slot has returned

    def close(self) -> None:
        if self.reporter is not None:
            self.reporter.uninstall()
        if self.station is not None:
            self.station.close()


def run_gui(
    data_dir: Path,
    *,
    verbose: bool = False,
    screenshot: Path | None = None,
    language: str | None = None,
    early_check: EarlyCheck | None = None,
    clock: Clock | None = None,
) -> int:
    """The frame first, painted at once; the station opens into it once it is on screen.

    ``clock``: the app's clock for every opening (default: the computer's)."""
    clock = clock or SystemClock()
    app = make_application()
    check = early_check  # the first opening's check is already running; later ones run here
    while True:
        runner = TaskRunner()
        window = MainWindow(None, runner)
        started = Started()

        def painted(
            window: MainWindow = window,
            started: Started = started,
            check: EarlyCheck | None = check,
        ) -> None:
            if os.environ.get(FIRST_PAINT_ENV) == "1":
                report_first_paint_and_exit()
            from station_app.ui.station_start import open_into  # SQLAlchemy, services, pages

            open_into(
                app,
                window,
                started,
                data_dir,
                verbose=verbose,
                screenshot=screenshot,
                language=language,
                early_check=check,
                clock=clock,
            )

        after_first_paint(window, painted)
        window.show()
        code = app.exec()
        runner.wait()
        started.close()
        window.deleteLater()
        check = None
        if started.code is not None:
            return started.code
        if started.restore_requested_by is None:
            return code
        # The admin chose to restore a backup: the window has closed and the database is
        # closed; restore, then open the station again (signed out, like a fresh start).
        from station_app.ui.station_start import restore_and_note

        restore_and_note(data_dir, started.restore_requested_by, clock)
