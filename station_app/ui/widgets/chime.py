"""A short sound after each check-in, so the attendant need not look at the screen.

Three bundled sounds (``resources/sounds``, made by ``scripts/make_sounds.py``): two rising
notes for a visit counted, one note twice for "already checked in", a low buzz for a
refusal. The settings say whether sounds play and how loud (read at every check-in, so a
change applies at the next scan).

Who plays them: QtMultimedia's QSoundEffect where it is installed (it is in PySide6-Addons,
which comes with the webcam extra, not in the PySide6-Essentials the app needs); else, on
Windows (the frozen bundle leaves QtMultimedia out), the standard library's ``winsound``,
playing a copy of the file made at the volume set; else the system beep, the three results
told apart by the number of beeps (one, two, three) at the system's own volume (muting
still works). The log says once which.
"""

from __future__ import annotations

import array
import io
import logging
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from station_app.config.settings import SOUND_ON, SOUND_VOLUME, Settings
from station_app.resources import resources_dir
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.ui.widgets.camera_scanner import import_multimedia

log = logging.getLogger(__name__)

SOUNDS = {
    CheckinStatus.ACCEPTED: "counted.wav",
    CheckinStatus.ALREADY: "already.wav",
    CheckinStatus.REFUSED: "refused.wav",
}
BEEPS = {CheckinStatus.ACCEPTED: 1, CheckinStatus.ALREADY: 2, CheckinStatus.REFUSED: 3}
BEEP_SPACING_MS = 180  # far enough apart to count, close enough to be one signal
SYSTEM_BEEP = "beep"


def sound_file(status: CheckinStatus) -> Path:
    return resources_dir() / "sounds" / SOUNDS[status]


def scaled_wav(data: bytes, volume: float) -> bytes:
    """A 16-bit WAV file's bytes with every sample times ``volume`` (0 to 1)."""
    with wave.open(io.BytesIO(data)) as source:
        params = source.getparams()
        samples = array.array("h", source.readframes(params.nframes))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV samples are little-endian
    quieter = array.array("h", (round(sample * volume) for sample in samples))
    if sys.byteorder == "big":
        quieter.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(quieter.tobytes())
    return out.getvalue()


class Player(Protocol):
    name: str

    def play(self, status: CheckinStatus, volume: float) -> None: ...


class QtSounds:
    """QSoundEffect: the file as it is, at the volume given."""

    name = "QtMultimedia"

    def __init__(self, multimedia: Any, parent: QObject) -> None:
        self._effects = {}
        for status in SOUNDS:
            effect = multimedia.QSoundEffect(parent)
            effect.setSource(QUrl.fromLocalFile(str(sound_file(status))))
            self._effects[status] = effect

    def play(self, status: CheckinStatus, volume: float) -> None:
        effect = self._effects[status]
        effect.stop()  # a quick second scan cuts the first short rather than overlapping
        effect.setVolume(volume)
        effect.play()


class WindowsSounds:
    """winsound plays a file as it is: a copy at each volume used is made once, in the
    temporary folder, and played asynchronously (the next sound cuts it short)."""

    name = "winsound"

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder or Path(tempfile.gettempdir()) / "station-app-sounds"

    def copy_at(self, status: CheckinStatus, volume: float) -> Path:
        """The sound of ``status`` at ``volume`` (to the percent), made the first time."""
        percent = round(volume * 100)
        copy = self._folder / f"{percent}-{SOUNDS[status]}"
        if not copy.exists():
            self._folder.mkdir(exist_ok=True)
            copy.write_bytes(scaled_wav(sound_file(status).read_bytes(), percent / 100))
        return copy

    def play(self, status: CheckinStatus, volume: float) -> None:
        copy = self.copy_at(status, volume)
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(copy), winsound.SND_FILENAME | winsound.SND_ASYNC)


def find_player(parent: QObject) -> Player | None:
    """The best way to play the sounds here, or None (the system beep)."""
    why = "no sound output device"
    try:
        multimedia: Any = import_multimedia()
    except ImportError as exc:
        why = str(exc)
    else:
        if multimedia.QMediaDevices.audioOutputs():
            return QtSounds(multimedia, parent)
    if sys.platform == "win32":
        log.info("check-in sounds played by winsound (QtMultimedia: %s)", why)
        return WindowsSounds()
    log.info("check-in sounds fall back to the system beep: %s", why)
    return None


class Chime(QObject):
    def __init__(
        self,
        parent: QObject | None = None,
        settings: Settings | None = None,
        *,
        player: Player | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.enabled = True  # False silences it whatever the settings (tests, a demo)
        self.played: list[CheckinStatus] = []  # the last few results, for the curious (and tests)
        # The last few sounds made: (the file's name or "beep", the volume from 0 to 1).
        self.sounded: list[tuple[str, float]] = []
        self._player = player  # found when first needed, unless given
        self._looked = player is not None
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(BEEP_SPACING_MS)
        self._timer.timeout.connect(self._beep)

    def volume(self) -> float:
        """From 0 (muted) to 1, as the settings say now; full without settings."""
        if self.settings is None:
            return 1.0
        if not self.settings.get(SOUND_ON):
            return 0.0
        return self.settings.get(SOUND_VOLUME) / 100

    def play(self, status: CheckinStatus, volume: float | None = None) -> None:
        """The sound of ``status`` at the volume set (or at ``volume``: trying it out)."""
        self.played = [*self.played[-9:], status]
        loudness = self.volume() if volume is None else volume
        if not self.enabled or loudness <= 0:
            return
        player = self.player()
        if player is None:
            self.sounded = [*self.sounded[-9:], (SYSTEM_BEEP, loudness)]
            self._timer.stop()
            self._left = BEEPS[status]
            self._beep()
            if self._left:
                self._timer.start()
            return
        try:
            player.play(status, loudness)
        except (OSError, RuntimeError) as exc:  # no sound device, a file gone: keep counting
            log.warning("could not play the %s sound: %s", status.value, exc)
            return
        self.sounded = [*self.sounded[-9:], (SOUNDS[status], loudness)]

    def player(self) -> Player | None:
        """What plays the bundled sounds here (found once), None for the system beep."""
        if not self._looked:
            self._player = find_player(self)
            self._looked = True
        return self._player

    def _beep(self) -> None:
        if self._left <= 0:
            self._timer.stop()
            return
        self._left -= 1
        QApplication.beep()
        if self._left <= 0:
            self._timer.stop()
