"""Closing the window ends the day cleanly: once it is gone the app checks the database, so
the next morning's start shows the sign-in screen without reading the whole file again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from station_app.app import open_station
from station_app.clock import FrozenClock
from station_app.services.station.file_check import EarlyCheck, check_at_start
from station_app.ui.launch import run_gui
from station_app.ui.main_window import MainWindow
from tests.ui.expected import PROFILE


def test_closing_the_window_lets_the_next_start_skip_the_check(
    data_dir: Path, clock: FrozenClock
) -> None:
    station = open_station(data_dir, clock=clock)
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    admin = station.accounts.current()
    assert admin is not None
    station.close()
    database = station.paths.database
    assert check_at_start(database, clock.now()) == (None, False)  # never closed by the app

    def step() -> None:
        for widget in QApplication.topLevelWidgets():
            opened = isinstance(widget, MainWindow) and hasattr(widget, "working")
            if opened and widget.isVisible():
                # A day's work: the admin signs in and checks a visitor in
                widget.station.accounts.sign_in(admin.id, "2580")
                widget.station.checkin.anonymous("courier", 2)
                widget.close()

    poll = QTimer()
    poll.timeout.connect(step)
    poll.start(50)
    try:
        assert run_gui(data_dir, clock=clock) == 0
    finally:
        poll.stop()

    clock.advance(dt.timedelta(hours=13))
    early = EarlyCheck(database, clock.now())
    assert early.problem() is None
    assert early.vouched
    reopened = open_station(data_dir, early_check=early, clock=clock)
    try:
        assert reopened.checkin.count_visits() == 2
    finally:
        reopened.close()
