"""The daily backup at start-up, and the restore offered when the database is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_app.app import Station, open_station
from station_app.services.station.backups import DatabaseDamaged
from station_app.ui.dialogs.restore_dialog import RestoreDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.station_start import start_daily_backup
from station_app.ui.tasks import TaskRunner
from tests.clock_support import frozen_clock


def test_todays_backup_is_taken_in_the_background_once(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner, set_up_station: Station
) -> None:
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        start_daily_backup(set_up_station, window)
    (backup,) = set_up_station.paths.backups.glob("station-*.sqlite3")
    assert str(backup) in window.statusBar().currentMessage()
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        start_daily_backup(set_up_station, window)
    assert list(set_up_station.paths.backups.glob("station-*.sqlite3")) == [backup]


def _damaged_station(data_dir: Path) -> tuple[Station, Path, DatabaseDamaged]:
    station = open_station(data_dir, clock=frozen_clock())
    station.checkin.anonymous("sanitation", 30)
    backup = station.backups.back_up().path
    station.close()
    database = station.paths.database
    database.write_bytes(b"\xff" * 4096 + database.read_bytes()[4096:])
    with pytest.raises(DatabaseDamaged) as damaged:
        open_station(data_dir, clock=frozen_clock())
    return station, backup, damaged.value


def test_the_dialog_restores_the_latest_good_backup(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner, tmp_path: Path, clock
) -> None:
    # Given a damaged database and a good backup
    station, backup, problem = _damaged_station(data_dir)
    dialog = RestoreDialog(station.backups, problem, runner)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 700)
    dialog.show()
    dialog.grab().save(str(tmp_path / "restore.png"))
    # When the attendant restores the backup the dialog names
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.restore_button.click()
    # Then the station opens again with the backup's visits
    assert dialog.restored is not None and dialog.restored.restored.path == backup
    reopened = open_station(data_dir, clock=clock)
    try:
        assert reopened.checkin.count_visits() == 30
    finally:
        reopened.close()


def test_a_refused_backup_is_shown_and_the_dialog_stays(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner, tmp_path: Path
) -> None:
    station, _backup, problem = _damaged_station(data_dir)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    dialog = RestoreDialog(station.backups, problem, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.restore(junk)
    qtbot.waitUntil(dialog.quit_button.isEnabled, timeout=10_000)
    assert "junk.sqlite3" in dialog.problem.text()
    assert dialog.isVisible() and dialog.restored is None
