"""Start the GUI: Qt, the font and the window's frame at once; the station (database,
first run, pages) opens into the frame once it is painted (``ui/station_start.py``).

This module imports nothing heavier than Qt, so the window is on screen a moment after
the app starts; see bench/bench_cold_start.py.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from station_app import __version__
from station_app.clock import Clock, SystemClock
from station_app.config.folder_lock import FolderInUse, FolderLock
from station_app.i18n import _
from station_app.services.station.file_check import EarlyCheck
from station_app.ui.app_icon import app_icon
from station_app.ui.first_paint import (
    FIRST_PAINT_ENV,
    Started,
    after_first_paint,
    report_first_paint_and_exit,
)
from station_app.ui.fonts import register_bundled_font
from station_app.ui.main_window import WINDOW_STATE_FILE, MainWindow
from station_app.ui.qt_translations import install_qt_translations
from station_app.ui.single_instance import FrontDoor, bring_first_to_front, say_folder_in_use
from station_app.ui.tasks import TaskRunner
from station_app.ui.theme import STYLE_SHEET, TEXT_SIZE_PROPERTY

if TYPE_CHECKING:
    from station_app.ui.early_start import StationLoader

log = logging.getLogger(__name__)


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("station-app")
    app.setApplicationDisplayName(_("驿站 Station"))
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("station-app")  # Wayland: the icon of packaging/linux's entry
    register_bundled_font(app)
    install_qt_translations(app)  # Qt's own buttons and dialogs in the UI language
    app.setStyleSheet(STYLE_SHEET)
    app.setProperty(TEXT_SIZE_PROPERTY, 100)  # what the style sheet and font are made for
    return app


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
    lock = FolderLock(data_dir, "station-app")
    try:
        lock.acquire()
    except FolderInUse as problem:
        if bring_first_to_front(data_dir):
            return 0
        say_folder_in_use(problem)
        return 1
    except OSError:
        pass  # opening the station explains a folder that cannot be used
    current: list[MainWindow] = []
    door = FrontDoor(data_dir, lambda: current[-1] if current else None)
    try:
        return _run_windows(
            app,
            data_dir,
            verbose=verbose,
            screenshot=screenshot,
            language=language,
            early_check=early_check,
            clock=clock,
            current=current,
        )
    finally:
        door.close()
        lock.release()


def _run_windows(
    app: QApplication,
    data_dir: Path,
    *,
    verbose: bool,
    screenshot: Path | None,
    language: str | None,
    early_check: EarlyCheck | None,
    clock: Clock,
    current: list[MainWindow],
) -> int:
    """The window, and again after a restore chosen from it, until the app ends."""
    check = early_check  # the first opening's check is already running; later ones run here
    while True:
        runner = TaskRunner()
        window = MainWindow(None, runner, state_file=data_dir / WINDOW_STATE_FILE)
        current[:] = [window]
        started = Started()

        def painted(
            window: MainWindow = window,
            started: Started = started,
            check: EarlyCheck | None = check,
        ) -> None:
            if os.environ.get(FIRST_PAINT_ENV) == "1":
                report_first_paint_and_exit()
            from station_app.ui.early_start import StationLoader, show_first_screen

            loader: StationLoader | None = None
            if screenshot is None:  # a screenshot is of the opened station, as it was
                checked = show_first_screen(window, data_dir, check, clock)
                if checked is not None:
                    loader = StationLoader(data_dir, verbose=verbose, check=checked, clock=clock)
                    started.loader = loader
                    if os.environ.get(FIRST_PAINT_ENV) == "ready":
                        after_first_paint(window.sign_in_page, report_first_paint_and_exit)

            def open_station_into() -> None:
                from station_app.ui.station_start import open_into  # SQLAlchemy, the pages

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
                    loader=loader,
                )

            if loader is None:
                open_station_into()
                return
            loader.done.connect(open_station_into)
            # Once the screen is on show: its first frame does not share Python's lock.
            after_first_paint(window.sign_in_page, loader.start)

        after_first_paint(window, painted)
        window.show_placed()
        code = app.exec()
        runner.wait()
        started.close()
        current.clear()
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
