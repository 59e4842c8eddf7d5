"""An unexpected error: the attendant gets a calm message in Chinese, the log gets the details,
and the app keeps running."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.app import Station
from station_app.config.logging_setup import LOG_FILENAME
from station_app.i18n import _
from station_app.ui.errors import ErrorReporter, unexpected_error_text
from station_app.ui.main_window import MainWindow
from tests.ui.expected import has_chinese

# These tests are about our own sys.excepthook; pytest-qt's capture would replace it.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def log_file(set_up_station: Station) -> Path:
    return set_up_station.paths.logs / LOG_FILENAME


@pytest.fixture
def quit_requests(qapp: QApplication) -> Iterator[list[bool]]:
    requests: list[bool] = []

    def note() -> None:
        requests.append(True)

    qapp.aboutToQuit.connect(note)
    yield requests
    qapp.aboutToQuit.disconnect(note)


@pytest.fixture
def reporter(window: MainWindow, log_file: Path) -> Iterator[ErrorReporter]:
    """The reporter as the app installs it, over the open main window."""
    hooks_before = (sys.excepthook, threading.excepthook)
    installed = ErrorReporter(log_file)
    installed.install()
    yield installed
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == hooks_before
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


def shown_box(reporter: ErrorReporter) -> QMessageBox:
    box = reporter.last_box
    assert box is not None
    assert shiboken6.isValid(box)
    assert box.isVisible()
    return box


def assert_calm_chinese_message(box: QMessageBox, log_file: Path) -> None:
    assert box.windowTitle() == _("Unexpected error")
    assert box.text() == unexpected_error_text(log_file)
    assert str(log_file) in box.text()
    assert has_chinese(box.text())
    assert "Traceback" not in box.text()
    assert box.icon() == QMessageBox.Icon.Critical


def count_the_stock() -> None:
    shelves: dict[str, int] = {}
    shelves["饮用水"] += 1  # a bug: KeyError


def test_an_error_is_logged_and_shown_without_blocking(
    window: MainWindow, reporter: ErrorReporter, log_file: Path, quit_requests: list[bool]
) -> None:
    # Given a real exception with its traceback
    try:
        count_the_stock()
    except KeyError as exc:
        error = exc
    # A box shown with exec() would block here; this timer would then close it and tell.
    blocked: list[bool] = []

    def rescue() -> None:
        blocked.append(True)
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(rescue)
    guard.start(3000)

    # When it reaches the excepthook
    reporter.excepthook(type(error), error, error.__traceback__)
    guard.stop()

    # Then the call returned at once and a message box is up, in Chinese, naming the log
    assert blocked == []
    box = shown_box(reporter)
    assert_calm_chinese_message(box, log_file)
    assert box.parent() is window
    # And the log has the traceback for the technician
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "count_the_stock" in logged
    assert "KeyError: '饮用水'" in logged
    # And the app goes on
    assert window.isVisible()
    assert quit_requests == []


def test_an_error_in_a_qt_slot_is_reported_and_the_window_still_works(
    qtbot: QtBot,
    window: MainWindow,
    reporter: ErrorReporter,
    log_file: Path,
    quit_requests: list[bool],
) -> None:
    def on_timer() -> None:
        raise RuntimeError("打印机没有响应")

    # When a slot raises while the event loop runs
    QTimer.singleShot(0, on_timer)
    qtbot.waitUntil(lambda: reporter.last_box is not None, timeout=3000)

    # Then the attendant sees the message and the log has the details
    assert_calm_chinese_message(shown_box(reporter), log_file)
    logged = log_file.read_text(encoding="utf-8")
    assert "in on_timer" in logged
    assert "RuntimeError: 打印机没有响应" in logged
    # And the app keeps running: timers fire, and closing the box gives the window back
    later = QTimer()
    later.setSingleShot(True)
    with qtbot.waitSignal(later.timeout, timeout=2000):
        later.start(10)
    shown_box(reporter).close()
    nav = window.navigation
    spot = nav.visualItemRect(nav.item(window.page_keys.index("settings"))).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.current_page_key() == "settings"
    assert window.isVisible()
    assert quit_requests == []


def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, reporter: ErrorReporter, log_file: Path
) -> None:
    def backup() -> None:
        raise OSError(28, "No space left on device")

    worker = threading.Thread(target=backup, name="backup-worker")
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: reporter.last_box is not None, timeout=3000)

    assert_calm_chinese_message(shown_box(reporter), log_file)
    logged = log_file.read_text(encoding="utf-8")
    assert "[backup-worker]" in logged
    assert "No space left on device" in logged


def test_uninstall_gives_back_the_hooks_that_were_there(log_file: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    reporter = ErrorReporter(log_file)

    reporter.install()
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()

    assert (sys.excepthook, threading.excepthook) == before
