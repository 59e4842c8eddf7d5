"""Restoring a backup from the running app, through the real launcher: the window closes,
the database is closed, the chosen backup is checked and put in place, and the station opens
again, signed out, with the backup's data and the restore in its audit trail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from station_app.app import open_station
from station_app.clock import FrozenClock
from station_app.ui.dialogs.restore_dialog import RestoreDialog
from station_app.ui.launch import run_gui
from station_app.ui.main_window import MainWindow
from tests.ui.expected import PROFILE


def _visits(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM visit").fetchone()[0])


def test_an_admin_restores_a_backup_and_the_station_opens_again(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = open_station(data_dir, clock=clock)
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    station.checkin.anonymous("courier", 4)
    backup = station.backups.back_up().path
    station.checkin.anonymous("courier", 3)  # after the backup: the restore takes it back
    admin = station.accounts.current()
    assert admin is not None
    station.close()
    database = data_dir / "station.sqlite3"
    assert _visits(database) == 7

    windows: list[MainWindow] = []
    seen: list[str] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, RestoreDialog):
            if "restore" not in seen and dialog.restore_button.isEnabled():
                seen.append("restore")
                dialog.restore_button.click()  # the latest good backup, named in the dialog
            return
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, MainWindow) or widget in windows:
                continue
            if not hasattr(widget, "working") or not widget.isVisible():
                continue  # still the frame: the station opens into it in a moment
            windows.append(widget)
            if len(windows) == 1:  # the admin signs in and asks for the restore
                widget.station.accounts.sign_in(admin.id, "2580")
                widget.show_duty()
                widget.settings_page.restore_requested.emit()
            else:  # opened again after the restore: signed out, as after a fresh start
                assert widget.screens.currentWidget() is widget.sign_in_page
                seen.append(f"visits={widget.station.checkin.count_visits()}")
                widget.close()

    poll = QTimer()
    poll.timeout.connect(step)
    poll.start(50)
    try:
        assert run_gui(data_dir, clock=clock) == 0
    finally:
        poll.stop()

    assert seen == ["restore", "visits=4"]
    assert _visits(database) == 4
    with sqlite3.connect(database) as conn:
        noted = conn.execute(
            "SELECT entity_id, detail FROM audit_event WHERE action = 'backup.restored'"
        ).fetchall()
    assert noted == [(backup.name, "王站长")]
    assert list((data_dir / "backups").glob("before-restore-*.sqlite3"))
