"""Typing as an attendant does, Chinese included."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from station_app.ui.widgets.scan_detector import ScanDetector


def keys_delivered(qtbot: QtBot) -> None:
    """Wait until the window's scanner has handed the keys it held back to their fields.

    It holds every typed key a moment (``HOLD_MS``) to tell a scanner's burst from a
    person; a test types far faster than a person, so it waits for the keys to land.
    """
    detectors = [
        detector
        for top in QApplication.topLevelWidgets()
        for detector in top.findChildren(ScanDetector)
    ]
    qtbot.waitUntil(lambda: not any(detector.holding for detector in detectors), timeout=2000)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key, and wait until the field has it.

    ``qtbot.keyClicks`` aborts the process on non-ASCII text, so a Chinese character is sent
    the way an input method delivers it: a key event with no key code, just the text.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
    keys_delivered(qtbot)


def clear(qtbot: QtBot, widget: QWidget) -> None:
    """Select all and delete, from the keyboard."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)


def key_code(char: str) -> Qt.Key:
    """The key a US keyboard (or a scanner pretending to be one) presses for ``char``."""
    if char.isascii() and char.isprintable():
        return Qt.Key(ord(char.upper()))
    return Qt.Key.Key_unknown


class TimedKeys:
    """Key presses with timestamps, as the platform delivers them, on a clock the test runs.

    A scanner's burst and a person's typing differ only in timing; the detector reads the
    events' timestamps, so the test can say "5 ms apart" or "150 ms apart" without sleeping.
    Keys go to the focused widget, like real ones (or to ``to`` when given).
    """

    SCANNER_GAP_MS = 4
    PERSON_GAP_MS = 150

    def __init__(self, start_ms: int = 1_000_000) -> None:
        self.now = start_ms

    def press(
        self,
        key: Qt.Key,
        text: str = "",
        *,
        to: QWidget | None = None,
        gap_ms: int = 0,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        auto_repeat: bool = False,
    ) -> None:
        self.now += gap_ms
        target = to or QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, modifiers, text, auto_repeat)
            event.setTimestamp(self.now + (1 if kind == QEvent.Type.KeyRelease else 0))
            QApplication.sendEvent(target, event)

    def type(self, text: str, *, gap_ms: int, to: QWidget | None = None) -> None:
        for char in text:
            shift = char.isascii() and char.isupper()
            modifiers = (
                Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
            )
            self.press(key_code(char), char, to=to, gap_ms=gap_ms, modifiers=modifiers)

    def enter(self, *, gap_ms: int, to: QWidget | None = None) -> None:
        self.press(Qt.Key.Key_Return, "\r", to=to, gap_ms=gap_ms)

    def scan(self, code: str, *, to: QWidget | None = None) -> None:
        """A scanner reads ``code``: a burst of keys a few ms apart, then Enter."""
        self.now += 1000  # a pause before the scan, like a real one
        self.type(code, gap_ms=self.SCANNER_GAP_MS, to=to)
        self.enter(gap_ms=self.SCANNER_GAP_MS, to=to)

    def person_types(self, text: str, *, to: QWidget | None = None) -> None:
        """A person types ``text`` (no Enter): keys well apart."""
        self.type(text, gap_ms=self.PERSON_GAP_MS, to=to)
