"""A short sound after each check-in, so the attendant need not look at the screen.

The system beep is all PySide6-Essentials offers (QSoundEffect is in the optional
Addons); the three outcomes are told apart by the number of beeps: one for a visit
counted, two for "already checked in", three for a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from station_app.services.checkin.outcomes import CheckinStatus

BEEPS = {CheckinStatus.ACCEPTED: 1, CheckinStatus.ALREADY: 2, CheckinStatus.REFUSED: 3}
BEEP_SPACING_MS = 180  # far enough apart to count, close enough to be one signal


class Chime(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True
        self.played: list[CheckinStatus] = []  # the last few, for the curious (and tests)
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(BEEP_SPACING_MS)
        self._timer.timeout.connect(self._beep)

    def play(self, status: CheckinStatus) -> None:
        self.played = [*self.played[-9:], status]
        if not self.enabled:
            return
        self._timer.stop()
        self._left = BEEPS[status]
        self._beep()
        if self._left:
            self._timer.start()

    def _beep(self) -> None:
        if self._left <= 0:
            self._timer.stop()
            return
        self._left -= 1
        QApplication.beep()
        if self._left <= 0:
            self._timer.stop()
