"""The sign-in screen goes up before the app is loaded: the attendant taps their name and
types their PIN while the station opens behind it, and the sign-in is made once it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.domain.enums import Role
from station_app.i18n import _
from station_app.services.station.file_check import EarlyCheck
from station_app.ui.early_start import StationLoader, show_first_screen
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import PROFILE
from tests.ui.keyboard import TimedKeys


@pytest.fixture
def closed_station(data_dir: Path, clock: FrozenClock) -> Path:
    """A set-up station, closed: an admin and an attendant, yesterday's visits."""
    station = open_station(data_dir, clock=clock)
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    station.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    station.checkin.anonymous("courier", 3)
    station.close()
    return data_dir


@pytest.fixture
def frame(qtbot: QtBot, runner: TaskRunner) -> Iterator[MainWindow]:
    """The window's frame as a start paints it, before the station is open."""
    window = MainWindow(None, runner)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if hasattr(window, "station"):
        window.station.close()


def _name_button(window: MainWindow, name: str):
    page = window.sign_in_page
    (button,) = [b for b in page.names.buttons() if b.text().startswith(name)]
    return button


def _open_behind(qtbot: QtBot, data_dir: Path, clock: FrozenClock) -> Station:
    """The station opened on the loader's thread, as behind the early screen."""
    check = EarlyCheck(data_dir / "station.sqlite3", clock.now())
    assert check.problem() is None
    loader = StationLoader(data_dir, verbose=False, check=check, clock=clock)
    with qtbot.waitSignal(loader.done, timeout=20_000):
        loader.start()
    assert loader.problem is None and loader.station is not None
    return loader.station


def test_a_pin_typed_before_the_station_is_open_signs_in_once_it_is(
    qtbot: QtBot, frame: MainWindow, closed_station: Path, clock: FrozenClock
) -> None:
    # The frame shows the sign-in screen from the first look at the file
    assert show_first_screen(frame, closed_station, None, clock) is not None
    page = frame.sign_in_page
    assert frame.screens.currentWidget() is page
    assert page.station_name.text() == PROFILE.name
    assert sorted(b.text() for b in page.names.buttons()) == sorted(
        [_("{name} (admin)").format(name="王站长"), "李明"]
    )
    assert PROFILE.name in frame.station_label.text()

    # The attendant taps their name and types the PIN before the station is open
    qtbot.mouseClick(_name_button(frame, "李明"), Qt.MouseButton.LeftButton)
    assert page.secret.hasFocus()
    qtbot.keyClicks(page.secret, "1357")
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)
    assert page.notice.text() == _("Opening the station's data…")
    assert frame.screens.currentWidget() is page

    # When the station has opened behind the screen, the sign-in is made
    station = _open_behind(qtbot, closed_station, clock)
    frame.attach(station)
    qtbot.waitUntil(lambda: frame.screens.currentWidget() is frame.working, timeout=10_000)
    actor = station.accounts.current()
    assert actor is not None and actor.name == "李明"
    assert "李明" in frame.attendant_label.text()


def test_a_wrong_pin_typed_early_is_refused_once_the_station_is_open(
    qtbot: QtBot, frame: MainWindow, closed_station: Path, clock: FrozenClock
) -> None:
    assert show_first_screen(frame, closed_station, None, clock) is not None
    page = frame.sign_in_page
    qtbot.mouseClick(_name_button(frame, "王站长"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.secret, "9999")
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)

    station = _open_behind(qtbot, closed_station, clock)
    frame.attach(station)
    qtbot.waitUntil(lambda: page.notice.text() not in ("", _("Opening the station's data…")))
    assert frame.screens.currentWidget() is page  # still shut
    assert station.accounts.current() is None
    # The name chosen stays, and the next PIN is an ordinary sign-in
    qtbot.keyClicks(page.secret, "2580")
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: frame.screens.currentWidget() is frame.working, timeout=10_000)


def test_a_scan_on_the_early_screen_is_a_note_never_a_pin(
    qtbot: QtBot, frame: MainWindow, closed_station: Path, clock: FrozenClock
) -> None:
    assert show_first_screen(frame, closed_station, None, clock) is not None
    page = frame.sign_in_page
    qtbot.mouseClick(_name_button(frame, "李明"), Qt.MouseButton.LeftButton)
    # A worker's card scanned at the counter while the station opens
    TimedKeys().scan("ST1-ABCDEFGHJKMNPQRSTUVWXYZ", to=page.secret)
    qtbot.waitUntil(lambda: page.notice.text() == _("Sign in first to start your shift"))
    assert page.secret.text() == ""

    station = _open_behind(qtbot, closed_station, clock)
    frame.attach(station)
    QApplication.processEvents()
    # No sign-in was tried with the card's text: the PIN still opens at the first try
    assert frame.screens.currentWidget() is page
    qtbot.keyClicks(page.secret, "1357")
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: frame.screens.currentWidget() is frame.working, timeout=10_000)


@pytest.mark.parametrize("state", ["new station", "damaged file"])
def test_no_early_screen_where_the_opening_has_something_to_say(
    frame: MainWindow, data_dir: Path, clock: FrozenClock, state: str
) -> None:
    station = open_station(data_dir, clock=clock)  # no profile and no admin yet: first run
    station.close()
    if state == "damaged file":
        database = data_dir / "station.sqlite3"
        with database.open("r+b") as stream:
            stream.seek(database.stat().st_size // 2)
            stream.write(b"\xa5" * 4096)
    assert show_first_screen(frame, data_dir, None, clock) is None
    assert frame.screens.currentWidget() is frame.opening
