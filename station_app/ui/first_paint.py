"""The window's first paint, and what the opening of a station leaves to the launcher.

Qt only, so both the launcher (which paints the frame before anything heavy loads) and the
station's opening (``ui/station_start.py``, loaded once the frame is on screen) use it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.ui.early_start import StationLoader
    from station_app.ui.errors import ErrorReporter

# Hidden hook for bench/bench_cold_start.py: print the moment of the main window's first
# paint (time.monotonic, comparable across processes) and exit at once; "1" when the frame
# is painted, "ready" when the station's first screen (sign-in) is, "loaded" when the
# station is open behind it and every page can be built. Not for users.
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


class Started:
    """What the opening of one station left for the launcher to finish or clean up."""

    def __init__(self) -> None:
        self.station: Station | None = None
        self.reporter: ErrorReporter | None = None
        self.code: int | None = None  # set when the start was given up (no station, quit)
        self.restore_requested_by: str | None = None  # the admin's name: restore, reopen
        self.loader: StationLoader | None = None  # opening behind the early sign-in screen

    def quit(self, app: QApplication, code: int) -> None:
        self.code = code
        QTimer.singleShot(0, lambda: app.exit(code))  # once the opening slot has returned

    def close(self) -> None:
        if self.reporter is not None:
            self.reporter.uninstall()
        if self.loader is not None:
            # The window closed while the station was opening behind the sign-in screen.
            self.loader.wait()
            if self.station is None and self.loader.station is not None:
                self.station = self.loader.station
        if self.station is not None:
            self.station.close()
            if self.restore_requested_by is None:
                # The window is gone: the attendant waits for none of this, and the next
                # start need not read the whole file again (file_check.py).
                self.station.backups.seal_after_close()
