"""Start the GUI: Qt, the font, the error reporter, the database, first run, the window."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from station_app import __version__, i18n
from station_app.app import Station, load_settings, open_station
from station_app.config.logging_setup import LOG_FILENAME
from station_app.config.paths import DataPaths
from station_app.db.file_check import EarlyCheck
from station_app.db.migrate import DatabaseProblem
from station_app.i18n import _
from station_app.services.backups import (
    BackupResult,
    BackupService,
    DatabaseDamaged,
    RestoreResult,
)
from station_app.services.errors import ServiceError
from station_app.services.progress import Progress
from station_app.ui.app_icon import app_icon
from station_app.ui.dialogs.first_run import FirstRunDialog
from station_app.ui.dialogs.restore_dialog import RestoreDialog
from station_app.ui.errors import ErrorReporter
from station_app.ui.fonts import register_bundled_font
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from station_app.ui.theme import STYLE_SHEET

log = logging.getLogger(__name__)

# Hidden hook for bench/bench_cold_start.py: print the moment of the main window's first
# paint (time.monotonic, comparable across processes) and exit at once. Not for users.
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


def _report_first_paint_and_exit() -> None:
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


def _offer_restore(data_dir: Path, problem: DatabaseDamaged) -> bool:
    """A damaged database: offer its latest good backup; True once one is restored."""
    paths = DataPaths(data_dir)
    backups = BackupService(paths.database, paths.backups, load_settings(data_dir))
    runner = TaskRunner()
    try:
        return RestoreDialog(backups, problem, runner).exec() == QDialog.DialogCode.Accepted
    finally:
        runner.wait()


def _open_or_explain(
    data_dir: Path, verbose: bool, early_check: EarlyCheck | None = None
) -> Station | None:
    try:
        return open_station(data_dir, verbose=verbose, console=False, early_check=early_check)
    except DatabaseDamaged as exc:
        log.error("damaged database: %s", exc)
        if not _offer_restore(data_dir, exc):
            return None
        return _open_or_explain(data_dir, verbose)  # a restored backup passed its checks
    except DatabaseProblem as exc:
        text = str(exc)
    except OSError as exc:
        text = _("Cannot use the data folder {folder}: {error}").format(
            folder=data_dir, error=exc.strerror or exc
        )
    log.error("cannot open station: %s", text)
    QMessageBox.critical(None, _("The station's data cannot be opened"), text)
    return None


def start_daily_backup(station: Station, runner: TaskRunner, window: MainWindow) -> None:
    """Today's backup, in the background, when no backup folder holds one yet."""

    def done(result: object) -> None:
        if isinstance(result, BackupResult):
            text = (
                _("The backup folder is missing (USB stick?); today's backup went to {path}")
                if result.fallback
                else _("Today's backup is saved: {path}")
            )
            window.statusBar().showMessage(text.format(path=result.path), 15000)

    def failed(exc: Exception) -> None:
        text = str(exc) if isinstance(exc, ServiceError) else _("Today's backup failed.")
        window.statusBar().showMessage(text, 30000)

    runner.run(
        _("Backing up the database"),
        lambda _progress: station.backups.back_up_if_due(),
        done,
        failed,
    )


def start_retention(station: Station, runner: TaskRunner, window: MainWindow) -> None:
    """Erase workers not seen for the retention setting's years, in the background; only
    when the setting is on (0, the default, keeps everyone)."""
    # Before anyone signs in: only an admin can have set it (settings page or settings.json).
    if not station.settings["retention_years"]:
        return

    def done(result: object) -> None:
        if isinstance(result, int) and result:
            text = _("Personal data of {n} workers not seen for a long time was erased.")
            window.statusBar().showMessage(text.format(n=result), 15000)

    def failed(exc: Exception) -> None:
        log.error("retention failed", exc_info=exc)
        window.statusBar().showMessage(_("Erasing long-unseen workers failed."), 30000)

    runner.run(
        _("Erasing workers not seen for a long time"),
        lambda _progress: station.workers.apply_retention(),
        done,
        failed,
    )


def _grab_and_quit(app: QApplication, target: QWidget, screenshot: Path) -> None:
    def grab() -> None:
        target.grab().save(str(screenshot))
        app.quit()

    QTimer.singleShot(400, grab)


def _demo_work(station: Station) -> Callable[[Progress], object]:
    from station_app.services.demo import DemoService

    service = DemoService(station.db)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    return lambda progress: service.fill(until=yesterday, progress=progress)


def run_gui(
    data_dir: Path,
    *,
    verbose: bool = False,
    screenshot: Path | None = None,
    language: str | None = None,
    early_check: EarlyCheck | None = None,
) -> int:
    app = make_application()
    check = early_check  # the first opening's check is already running; later ones run here
    while True:
        station = _open_or_explain(data_dir, verbose, check)
        check = None
        if station is None:
            return 2
        if language:
            i18n.install(language)
        restore = _RestoreRequest()
        code = _run_station(app, station, screenshot, restore)
        if restore.requested_by is None:
            return code
        # The admin chose to restore a backup: the window has closed and the database is
        # closed; restore, then open the station again (signed out, like a fresh start).
        restored = _restore_chosen(data_dir)
        if restored is not None:
            _note_restore(data_dir, restored, restore.requested_by)


class _RestoreRequest:
    requested_by: str | None = None  # the admin's name once they asked for a restore


def _run_station(
    app: QApplication, station: Station, screenshot: Path | None, restore: _RestoreRequest
) -> int:
    reporter = ErrorReporter(station.paths.logs / LOG_FILENAME)
    reporter.install()
    runner = TaskRunner()
    try:
        if station.station.profile() is None or not station.accounts.has_admin():
            dialog = FirstRunDialog(
                station.station, station.accounts, demo=_demo_work(station), runner=runner
            )
            if screenshot:
                dialog.show()
                _grab_and_quit(app, dialog, screenshot)
                return app.exec()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        window = MainWindow(station, runner)

        def restore_requested() -> None:
            actor = station.accounts.current()
            restore.requested_by = actor.name if actor else ""
            window.close()

        def painted() -> None:
            if os.environ.get(FIRST_PAINT_ENV):
                _report_first_paint_and_exit()
            # Only once the attendant sees the window: none of this is needed to start work,
            # and each would hold Python's lock or the disk while the window is being drawn.
            window.offer_last_week_report()
            start_daily_backup(station, runner, window)
            start_retention(station, runner, window)

        window.settings_page.restore_requested.connect(restore_requested)
        after_first_paint(window, painted)
        window.show()
        if station.upgrade.backup is not None:
            window.statusBar().showMessage(
                _("The database was upgraded; the copy from before is in {path}").format(
                    path=station.upgrade.backup
                ),
                15000,
            )
        if screenshot:
            _grab_and_quit(app, window, screenshot)
        return app.exec()
    finally:
        runner.wait()
        reporter.uninstall()
        station.close()


def _restore_chosen(data_dir: Path) -> RestoreResult | None:
    paths = DataPaths(data_dir)
    backups = BackupService(paths.database, paths.backups, load_settings(data_dir))
    runner = TaskRunner()
    try:
        dialog = RestoreDialog(backups, None, runner)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.restored
    finally:
        runner.wait()


def _note_restore(data_dir: Path, restored: RestoreResult, admin: str) -> None:
    """The restored file's own audit trail says it was put back, from what, by whom (their
    account may not exist in the older file, so the name goes into the detail)."""
    try:
        station = open_station(data_dir, console=False)
    except (DatabaseProblem, OSError):
        return  # the next start explains it
    try:
        station.audit.note_restored(restored.restored.path, admin)
    finally:
        station.close()
