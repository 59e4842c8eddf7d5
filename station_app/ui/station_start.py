"""Opening a station into the main window's frame: the database (with the way back when
it is damaged), the first-run flow, the pages, then the background jobs of a start.

Imported by ``ui/launch.py`` only once the frame is on screen: everything here brings
SQLAlchemy, the services and the pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from station_app import i18n
from station_app.app import Station, closed_station_backups, open_station
from station_app.clock import Clock
from station_app.config.logging_setup import LOG_FILENAME
from station_app.config.settings import RETENTION_YEARS
from station_app.domain.errors import DatabaseProblem
from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.services.station.backups import (
    BackupResult,
    DatabaseDamaged,
    RestoreResult,
)
from station_app.services.station.file_check import EarlyCheck
from station_app.ui import local_time
from station_app.ui.dialogs.first_run import FirstRunDialog
from station_app.ui.dialogs.opening import fit_to_screen
from station_app.ui.dialogs.restore_dialog import RestoreDialog
from station_app.ui.early_start import StationLoader
from station_app.ui.errors import ErrorReporter
from station_app.ui.first_paint import (
    FIRST_PAINT_ENV,
    Started,
    after_first_paint,
    report_first_paint_and_exit,
)
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import Failure
from station_app.ui.qt_translations import install_qt_translations
from station_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _offer_restore(data_dir: Path, problem: DatabaseDamaged, clock: Clock) -> bool:
    """A damaged database: offer its latest good backup; True once one is restored."""
    backups = closed_station_backups(data_dir, clock)
    runner = TaskRunner()
    try:
        return RestoreDialog(backups, problem, runner).exec() == QDialog.DialogCode.Accepted
    finally:
        runner.wait()


def _open_or_explain(
    data_dir: Path, verbose: bool, clock: Clock, early_check: EarlyCheck | None = None
) -> Station | None:
    try:
        return open_station(
            data_dir, verbose=verbose, console=False, early_check=early_check, clock=clock
        )
    except DatabaseDamaged as exc:
        log.error("damaged database: %s", exc)
        if not _offer_restore(data_dir, exc, clock):
            return None
        return _open_or_explain(data_dir, verbose, clock)  # a restored backup passed its checks
    except DatabaseProblem as exc:
        text = str(exc)
    except OSError as exc:
        text = _("Cannot use the data folder {folder}: {error}").format(
            folder=data_dir, error=exc.strerror or exc
        )
    log.error("cannot open station: %s", text)
    QMessageBox.critical(None, _("The station's data cannot be opened"), text)
    return None


def start_daily_backup(station: Station, window: MainWindow) -> None:
    """Today's backup, in the background, when no backup folder holds one yet."""

    def done(result: BackupResult | None) -> None:
        if result is not None:
            text = (
                _("The backup folder is missing (USB stick?); today's backup went to {path}")
                if result.fallback
                else _("Today's backup is saved: {path}")
            )
            window.statusBar().showMessage(text.format(path=result.path), 15000)

    def failed(failure: Failure) -> None:
        window.statusBar().showMessage(failure.text, 30000)

    backups = station.backups
    window.ops.write(lambda _progress: backups.back_up_if_due()).with_progress(
        _("Backing up the database")
    ).success(done).failure(failed, unexpected=_("Today's backup failed.")).run_in_background()


def start_retention(station: Station, window: MainWindow) -> None:
    """Erase workers not seen for the retention setting's years, in the background; only
    when the setting is on (0, the default, keeps everyone)."""
    # Before anyone signs in: only an admin can have set it (settings page or settings.json).
    if not station.settings.get(RETENTION_YEARS):
        return

    def done(erased: int) -> None:
        if erased:
            text = _("Personal data of {n} workers not seen for a long time was erased.")
            window.statusBar().showMessage(text.format(n=erased), 15000)

    def failed(_failure: Failure) -> None:
        window.statusBar().showMessage(_("Erasing long-unseen workers failed."), 30000)

    # A write like the attendant's: the bus tells the pages that show the erased workers.
    workers = station.workers
    window.ops.write(lambda _progress: workers.apply_retention()).with_progress(
        _("Erasing workers not seen for a long time")
    ).success(done).failure(failed).run_in_background()


def _grab_and_quit(app: QApplication, target: QWidget, screenshot: Path) -> None:
    def grab() -> None:
        target.grab().save(str(screenshot))
        app.quit()

    QTimer.singleShot(400, grab)


def _demo_work(station: Station) -> Callable[[Progress], object]:
    service = station.demo
    yesterday = station.clock.today() - dt.timedelta(days=1)
    return lambda progress: service.fill(until=yesterday, progress=progress)


def open_into(
    app: QApplication,
    window: MainWindow,
    started: Started,
    data_dir: Path,
    *,
    verbose: bool,
    screenshot: Path | None,
    language: str | None,
    early_check: EarlyCheck | None,
    clock: Clock,
    loader: StationLoader | None = None,
) -> None:
    """Open the station into ``window``'s frame; on a refusal, quit with ``started.code``.

    ``loader``: the station already opened on its own thread behind the early sign-in
    screen (``ui/early_start.py``); when that failed, it is opened here, as without."""
    station = loader.station if loader is not None else None
    if loader is not None and loader.problem is not None:
        log.warning("opening behind the sign-in screen failed: %s", loader.problem)
    if station is None:
        station = _open_or_explain(data_dir, verbose, clock, early_check)
    if station is None:
        started.quit(app, 2)
        return
    started.station = station
    local_time.follow(station.clock)
    if language:
        i18n.install(language)
        install_qt_translations(app)
    started.reporter = ErrorReporter(station.paths.logs / LOG_FILENAME)
    started.reporter.install()
    runner = window.runner
    if station.station.profile() is None or not station.accounts.has_admin():
        dialog = FirstRunDialog(
            station.station, station.accounts, window, demo=_demo_work(station), runner=runner
        )
        fit_to_screen(dialog)  # as tall as it needs, never down to the screen's edge
        if screenshot:
            dialog.show()
            _grab_and_quit(app, dialog, screenshot)
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            started.quit(app, 0)
            return
    window.attach(station)

    def restore_requested() -> None:
        actor = station.accounts.current()
        started.restore_requested_by = actor.name if actor else ""
        window.close()

    def shown() -> None:
        if os.environ.get(FIRST_PAINT_ENV) in ("ready", "loaded"):
            report_first_paint_and_exit()  # "ready" without the early sign-in screen
        # Only once the attendant sees the pages: none of this is needed to start work,
        # and each would hold Python's lock or the disk while the window is being drawn.
        window.count_alerts(background=True)
        window.count_feedback(background=True)
        window.offer_last_week_report()
        start_daily_backup(station, window)
        start_retention(station, window)

    window.restore_requested.connect(restore_requested)
    after_first_paint(window.screens, shown)
    if station.upgrade.backup is not None:
        window.statusBar().showMessage(
            _("The database was upgraded; the copy from before is in {path}").format(
                path=station.upgrade.backup
            ),
            15000,
        )
    if screenshot:
        _grab_and_quit(app, window, screenshot)


def _restore_chosen(data_dir: Path, clock: Clock) -> RestoreResult | None:
    backups = closed_station_backups(data_dir, clock)
    runner = TaskRunner()
    try:
        dialog = RestoreDialog(backups, None, runner)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.restored
    finally:
        runner.wait()


def _note_restore(data_dir: Path, restored: RestoreResult, admin: str, clock: Clock) -> None:
    """The restored file's own audit trail says it was put back, from what, by whom (their
    account may not exist in the older file, so the name goes into the detail)."""
    try:
        station = open_station(data_dir, console=False, clock=clock)
    except (DatabaseProblem, OSError):
        return  # the next start explains it
    try:
        station.audit.note_restored(restored.restored.path, admin)
    finally:
        station.close()


def restore_and_note(data_dir: Path, admin: str, clock: Clock) -> None:
    """The restore an admin asked for, with the window and the database closed."""
    restored = _restore_chosen(data_dir, clock)
    if restored is not None:
        _note_restore(data_dir, restored, admin, clock)
