"""A USB or Bluetooth scanner "types" a card's code: tell its burst from a person typing.

A scanner acting as a keyboard sends a whole code in a fast burst of key presses ending in
Enter, wherever the focus is. ``ScanDetector`` watches the key presses of one window (an
application event filter, installed while a page that takes scans is on show) and:

- holds each printable key press back for a moment instead of delivering it;
- when the next key comes fast, keeps holding: it may be a scanner;
- when Enter ends a fast run of at least ``MIN_LENGTH`` characters, drops the held keys
  (they never reach the focused field) and emits ``scanned(text)``;
- otherwise delivers the held keys, in order, to the widgets they were meant for, so a
  person typing sees their letters appear as usual (at most ``HOLD_MS`` later).

No prefix or scanner set-up is needed: the burst is recognised by timing alone. The timing
rules live in ``BurstTiming``, a plain class fed with (timestamp, text) pairs, so they can
be tested without Qt events.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from station_app.domain.cards import MAX_SCAN_LENGTH

# A USB scanner types a character every 1–16 ms (one or two USB reports per key); cheap
# Bluetooth scanners in their slow mode take up to 30–40 ms. A person's fastest rolled key
# pairs come close to that, but nobody keeps it up for MIN_LENGTH keys in a row, and a held
# key's auto-repeat (about 33 ms) is told apart by its auto-repeat flag, not by timing.
MAX_GAP_MS = 50

# The shortest run taken as a scan. Card codes are about 170 characters and card numbers
# at least 3; six keys in a row each within MAX_GAP_MS is beyond any typist, while two or
# three rolled keys are not.
MIN_LENGTH = 6

# Longer than any real code (see domain.cards): the run is cut here, so scanner garbage
# costs bounded memory; the service refuses what is delivered as too long.
MAX_LENGTH = MAX_SCAN_LENGTH + 1

# How long a held key waits for the next one before it is delivered to its field. A bit
# more than MAX_GAP_MS, so a busy event loop does not split a scan in two; under 100 ms, so
# a person typing does not notice the letters arriving late.
HOLD_MS = MAX_GAP_MS + 30

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
)
# A run never *starts* with a shortcut; a scanner may still send Ctrl+] (GS) inside a code.
_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _copy(event: QKeyEvent) -> QKeyEvent:
    """A copy to deliver later: Qt reuses or deletes the original once the filter returns."""
    copy = event.clone()
    assert isinstance(copy, QKeyEvent)
    return copy


@runtime_checkable
class TakesScans(Protocol):
    """A page or dialog that uses a scan on purpose (and says so on screen).

    ``take_scan`` returns False when it leaves this scan to check-in after all.
    """

    def take_scan(self, code: str) -> bool: ...


class BurstTiming:
    """The timing rules, with no Qt: is the current run of keys a scanner's burst?

    Feed it every key that has text with ``add(stamp_ms, text)``, and Enter with
    ``finish(stamp_ms)``. Timestamps are milliseconds from any one clock.
    """

    def __init__(
        self,
        *,
        max_gap_ms: int = MAX_GAP_MS,
        min_length: int = MIN_LENGTH,
        max_length: int = MAX_LENGTH,
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.max_length = max_length
        self._parts: list[str] = []
        self._length = 0
        self._last: int | None = None

    @property
    def text(self) -> str:
        """The run so far (cut at ``max_length``)."""
        return "".join(self._parts)[: self.max_length]

    @property
    def length(self) -> int:
        """Characters in the run so far, also those beyond ``max_length``."""
        return self._length

    @property
    def overflowed(self) -> bool:
        return self._length > self.max_length

    def continues(self, stamp_ms: int) -> bool:
        """True when a key at ``stamp_ms`` comes fast enough to belong to the current run."""
        if self._last is None:
            return False
        gap = stamp_ms - self._last
        # A clock going backwards (two clocks mixed, a wrapped counter) ends the run.
        return 0 <= gap <= self.max_gap_ms

    def add(self, stamp_ms: int, text: str) -> bool:
        """Add a key; returns False when it starts a new run (the old one is over)."""
        continued = self.continues(stamp_ms)
        if not continued:
            self.clear()
        if self._length <= self.max_length:
            self._parts.append(text)
        self._length += len(text)
        self._last = stamp_ms
        return continued

    def finish(self, stamp_ms: int) -> str | None:
        """Enter was pressed: the scanned text when the run was a scan, else None.

        Either way the run is over.
        """
        scanned = self.continues(stamp_ms) and self._length >= self.min_length
        text = self.text
        self.clear()
        return text if scanned else None

    def clear(self) -> None:
        self._parts.clear()
        self._length = 0
        self._last = None


class ScanDetector(QObject):
    """Finds scanner bursts among the key presses of the window ``host`` belongs to, and
    of the dialogs opened over it.

    ``install()`` while the page that takes scans is on show, ``uninstall()`` when it goes.
    """

    scanned = Signal(str)  # the code, as the scanner typed it (the service checks it)
    # A burst with no Enter that ran past MAX_LENGTH: garbage, dropped rather than typed
    # into a field. Carries the first characters, for the log.
    rejected = Signal(str)

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self._host = host
        self._timing = BurstTiming()
        self._held: list[tuple[QWidget, QKeyEvent]] = []
        self._replaying = False
        self._swallow_release: int | None = None
        self._installed = False
        self._clock = QElapsedTimer()
        self._clock.start()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(HOLD_MS)
        self._idle.timeout.connect(self.release)

    @property
    def installed(self) -> bool:
        return self._installed

    @property
    def holding(self) -> bool:
        """True while keys are held back, waiting to see whether they are a scan."""
        return bool(self._held)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        self.release()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def release(self) -> None:
        """Deliver the held keys to their fields now (a person was typing)."""
        self._idle.stop()
        held, self._held = self._held, []
        if self._timing.overflowed:
            self.rejected.emit(self._timing.text[:40])
            self._timing.clear()
            return
        self._timing.clear()
        self._replaying = True
        try:
            for target, event in held:
                if isValid(target):
                    QApplication.sendEvent(target, event)
        finally:
            self._replaying = False

    def _drop_held(self) -> None:
        self._idle.stop()
        self._held.clear()

    def _stamp(self, event: QKeyEvent) -> int:
        # Real key events carry the platform's timestamp; synthetic ones often have 0. The
        # two clocks differ wildly, so a run mixing them is broken by BurstTiming.continues.
        return event.timestamp() or (1 << 40) + self._clock.elapsed()

    def _ours(self, watched: QObject) -> bool:
        """Keys typed in the host's window or in any dialog opened over it: a scanner's
        Enter must never reach a dialog's default button."""
        if not isinstance(watched, QWidget) or not isValid(self._host):
            return False
        home = self._host.window()
        widget: QWidget | None = watched.window()
        while widget is not None:
            if widget is home:
                return True
            parent = widget.parentWidget()
            widget = parent.window() if parent is not None else None
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._replaying:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._ours(watched):
            assert isinstance(watched, QWidget)
            return self._key_press(watched, event)
        if kind == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent) and self._ours(watched):
            assert isinstance(watched, QWidget)
            return self._key_release(watched, event)
        if kind == QEvent.Type.MouseButtonPress and self._held:
            # A click must see what was typed before it (a field's text, then the button).
            self.release()
        return False

    def _key_press(self, target: QWidget, event: QKeyEvent) -> bool:
        stamp = self._stamp(event)
        if event.key() in _ENTER_KEYS:
            return self._enter(event, stamp)
        text = event.text()
        if event.isAutoRepeat() or not text:
            if event.key() not in _MODIFIER_KEYS:  # a scanner presses Shift for capitals
                self.release()
            return False
        if self._held and self._timing.continues(stamp):
            self._hold(target, event, stamp, text)
            return True
        self.release()
        starts_run = text.isprintable() and not event.modifiers() & _SHORTCUT_MODIFIERS
        if not starts_run:
            return False
        self._hold(target, event, stamp, text)
        return True

    def _enter(self, event: QKeyEvent, stamp: int) -> bool:
        if not self._held:
            self._timing.clear()
            return False
        text = self._timing.finish(stamp)
        if text is None:
            self.release()  # the field gets its text before the Enter that follows
            return False
        self._drop_held()
        self._swallow_release = event.key()
        self.scanned.emit(text)
        return True

    def _key_release(self, target: QWidget, event: QKeyEvent) -> bool:
        if self._swallow_release is not None and event.key() == self._swallow_release:
            self._swallow_release = None
            return True
        if self._held and event.key() not in _MODIFIER_KEYS:
            # Its press is held back; the release must not overtake it. (Past MAX_LENGTH
            # nothing more is kept: that run is garbage and will not be delivered.)
            if not self._timing.overflowed:
                self._held.append((target, _copy(event)))
            return True
        return False

    def _hold(self, target: QWidget, event: QKeyEvent, stamp: int, text: str) -> None:
        self._timing.add(stamp, text)
        if not self._timing.overflowed:
            self._held.append((target, _copy(event)))
        self._idle.start()
