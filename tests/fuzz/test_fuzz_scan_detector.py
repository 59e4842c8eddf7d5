"""The scan detector's key stream: any keys at any timing never raise, and whatever it
announces as a scan is one line of what was typed (the keys since the last Enter, from
some key on, cut at the length limit).

The timing rules are tested case by case in tests/ui/test_scan_detector.py; here they get
arbitrary streams, first without Qt (``BurstTiming``), then as real key events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import event, given
from hypothesis import strategies as st
from pytestqt.exceptions import capture_exceptions

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from station_app.ui.widgets.scan_detector import MAX_LENGTH, MIN_LENGTH, BurstTiming, ScanDetector
from tests.fuzz.conftest import fuzzing

# What a key press can carry: any character a keyboard, an input method or a scanner in a
# strange mode sends (not lone surrogates: no platform delivers half a character).
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=3)
# Milliseconds since the previous key: a scanner's few, a person's hundreds, a clock going
# backwards, and bursts right at the gap limit.
# What a scanner types: letters (Chinese too), digits, punctuation, symbols.
_PRINTED = st.characters(categories=["L", "N", "P", "S"])
_GAP = st.one_of(st.integers(0, 60), st.integers(-1000, 2000))


def _is_one_line(scanned: str, line: Sequence[str], max_length: int) -> bool:
    """True when ``scanned`` is the keys of ``line`` from some key to the last, cut."""
    return any("".join(line[start:])[:max_length] == scanned for start in range(len(line) + 1))


# -- the timing rules alone ----------------------------------------------------------------

_STEP = st.one_of(
    st.tuples(st.just("key"), _GAP, _TEXT),
    st.tuples(st.just("enter"), _GAP, st.just("")),
)


@fuzzing
@given(
    steps=st.lists(_STEP, max_size=80),
    start=st.integers(-(1 << 40), 1 << 40),
    min_length=st.integers(1, 10),
    max_length=st.integers(1, 30),
)
def test_any_timing_gives_nothing_or_one_line_of_what_was_typed(
    steps: list[tuple[str, int, str]], start: int, min_length: int, max_length: int
) -> None:
    timing = BurstTiming(min_length=min_length, max_length=max_length)
    stamp, last_key = start, None
    line: list[str] = []
    for kind, gap, text in steps:
        stamp += gap
        if kind == "key":
            timing.add(stamp, text)
            line.append(text)
            last_key = stamp
            continue
        scanned = timing.finish(stamp)
        if scanned is not None:
            assert _is_one_line(scanned, line, max_length), (scanned, line)
            assert min(min_length, max_length) <= len(scanned) <= max_length
            assert last_key is not None and 0 <= stamp - last_key <= timing.max_gap_ms
        assert timing.length == 0  # Enter ends the run either way
        line, last_key = [], None


# -- real key events in a window -----------------------------------------------------------


class _Page(QWidget):
    """A window with a field, like a page that takes scans."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        QVBoxLayout(self).addWidget(self.field)
        self.detector = ScanDetector(self)
        self.scans: list[str] = []
        self.detector.scanned.connect(self.scans.append)


@dataclass(frozen=True)
class _Key:
    key: Qt.Key
    text: str
    modifiers: Qt.KeyboardModifier
    auto_repeat: bool
    gap_ms: int
    stamp_zero: bool  # a synthetic event with no timestamp

    @property
    def enter(self) -> bool:
        return self.key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


_MODIFIERS = st.sampled_from(
    [
        Qt.KeyboardModifier.NoModifier,
        Qt.KeyboardModifier.ShiftModifier,
        Qt.KeyboardModifier.ControlModifier,
        Qt.KeyboardModifier.AltModifier,
    ]
)
_KEYS = st.builds(
    _Key,
    key=st.sampled_from(
        [
            Qt.Key.Key_A,
            Qt.Key.Key_1,
            Qt.Key.Key_unknown,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Shift,
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Escape,
        ]
    ),
    text=_TEXT,
    modifiers=_MODIFIERS,
    auto_repeat=st.booleans(),
    gap_ms=_GAP,
    stamp_zero=st.booleans(),
)


def _send(target: QWidget, key: _Key, stamp: int) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key.key, key.modifiers, key.text, key.auto_repeat)
        event.setTimestamp(0 if key.stamp_zero else stamp + (kind == QEvent.Type.KeyRelease))
        QApplication.sendEvent(target, event)


@fuzzing
@given(keys=st.lists(_KEYS, max_size=60), burst=st.text(_PRINTED, max_size=30))
def test_any_key_stream_never_raises_and_scans_are_lines_of_what_was_typed(
    qapp: QApplication, keys: list[_Key], burst: str
) -> None:
    # A scanner's burst in the middle of whatever else is pressed.
    middle = len(keys) // 2
    scanner = [
        _Key(Qt.Key.Key_A, char, Qt.KeyboardModifier.NoModifier, False, 4, False) for char in burst
    ]
    scanner.append(_Key(Qt.Key.Key_Return, "\r", Qt.KeyboardModifier.NoModifier, False, 4, False))
    stream = keys[:middle] + scanner + keys[middle:]
    page = _Page()
    try:
        page.detector.install()
        stamp = 1 << 20
        line: list[str] = []
        lines: list[list[str]] = []
        with capture_exceptions() as raised:
            for key in stream:
                stamp += key.gap_ms
                _send(page.field, key, stamp)
                if key.enter:
                    lines.append(line)
                    line = []
                elif key.text:
                    line.append(key.text)
            page.detector.uninstall()
        assert not raised, raised
        assert not page.detector.holding
        event(f"{min(len(page.scans), 2)} scans")
        # Each scan is one line, and the lines it came from are in order.
        remaining = iter(lines)
        for scanned in page.scans:
            assert MIN_LENGTH <= len(scanned) <= MAX_LENGTH
            assert any(_is_one_line(scanned, typed, MAX_LENGTH) for typed in remaining), scanned
    finally:
        page.detector.uninstall()
        page.deleteLater()
