"""The sounds after a check-in: one of its own for counted, already counted and refused,
at the volume set, none when muted — checked on what is chosen, never on a sound card."""

from __future__ import annotations

import array
import io
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, QPoint, Qt

from station_app.app import Station
from station_app.config.settings import SOUND_ON, SOUND_VOLUME
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.ui.main_window import MainWindow
from station_app.ui.widgets.camera_scanner import import_multimedia
from station_app.ui.widgets.chime import (
    SOUNDS,
    Chime,
    QtSounds,
    WindowsSounds,
    scaled_wav,
    sound_file,
)
from tests.ui.keyboard import TimedKeys
from tests.ui.test_checkin_page import give_card

# Playing on a machine without a sound device: Qt says it cannot, and the test goes on.
NO_DEVICE = "QSoundEffect: playback of this format is not supported"


def samples(sound: Path | bytes) -> tuple[wave._wave_params, array.array[int]]:
    """A 16-bit mono WAV's parameters and samples (on a little-endian machine)."""
    with wave.open(str(sound) if isinstance(sound, Path) else io.BytesIO(sound)) as wav:
        params = wav.getparams()
        data = array.array("h", wav.readframes(params.nframes))
    return params, data


def test_three_distinct_short_sounds_are_bundled() -> None:
    sounds = {status: sound_file(status) for status in CheckinStatus}
    assert {path.name for path in sounds.values()} == set(SOUNDS.values())
    contents = {path.read_bytes() for path in sounds.values()}
    assert len(contents) == 3  # each result sounds different
    for path in sounds.values():
        params, data = samples(path)
        assert (params.nchannels, params.sampwidth) == (1, 2)
        assert 0.15 < params.nframes / params.framerate < 1.0  # short, not a tune
        assert max(abs(value) for value in data) > 10_000  # audible, not silence


@pytest.fixture
def qt_sounds() -> Iterator[QtSounds]:
    owner = QObject()  # the sound effects live as long as it does: the whole test
    yield QtSounds(import_multimedia(), owner)
    del owner


@pytest.mark.qt_log_ignore(NO_DEVICE)
def test_each_result_plays_its_own_sound_at_the_volume_set(
    station: Station, qt_sounds: QtSounds
) -> None:
    station.settings.set(SOUND_VOLUME, 40)
    chime = Chime(None, station.settings, player=qt_sounds)

    for status in (CheckinStatus.ACCEPTED, CheckinStatus.ALREADY, CheckinStatus.REFUSED):
        chime.play(status)

    assert chime.sounded == [("counted.wav", 0.4), ("already.wav", 0.4), ("refused.wav", 0.4)]
    for status, effect in qt_sounds._effects.items():
        assert Path(effect.source().toLocalFile()) == sound_file(status)
        assert effect.volume() == pytest.approx(0.4, abs=0.01)


def test_muted_nothing_sounds_but_the_result_is_still_known(station: Station) -> None:
    station.settings.set(SOUND_ON, False)
    chime = Chime(None, station.settings)

    chime.play(CheckinStatus.REFUSED)

    assert chime.played == [CheckinStatus.REFUSED]
    assert chime.sounded == []


@pytest.mark.qt_log_ignore(NO_DEVICE)
def test_whatever_plays_it_here_the_volume_is_the_settings(station: Station) -> None:
    # The bundled sound where a sound device is, else the system beep (no file, no volume
    # of its own): either way at the volume set, muted when switched off
    chime = Chime(None, station.settings)
    chime.play(CheckinStatus.ALREADY)
    heard = "beep" if chime.player() is None else "already.wav"
    assert chime.sounded == [(heard, 0.8)]


def test_a_quieter_copy_for_players_without_a_volume(tmp_path: Path) -> None:
    loud = sound_file(CheckinStatus.ACCEPTED)
    _params, original = samples(loud)
    _params, half = samples(scaled_wav(loud.read_bytes(), 0.5))
    assert len(half) == len(original)
    assert max(half) == pytest.approx(max(original) / 2, abs=1)

    copy = WindowsSounds(tmp_path).copy_at(CheckinStatus.REFUSED, 0.25)
    assert copy.parent == tmp_path and copy.name == "25-refused.wav"
    _params, quiet = samples(copy)
    assert max(quiet) == pytest.approx(
        max(samples(sound_file(CheckinStatus.REFUSED))[1]) / 4, abs=1
    )


def test_the_settings_page_mutes_the_next_scan_and_sets_the_volume(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    chime = window.checkin.chime
    window.show_page("settings")
    page = window.settings_page
    assert page.sound_on.isChecked() and page.sound_volume.value() == 80
    assert page.volume_text.text() == "80 %"

    # When the admin lowers the volume and saves
    page.sound_volume.setValue(50)
    assert page.volume_text.text() == "50 %"
    qtbot.mouseClick(page.save_sound_button, Qt.MouseButton.LeftButton)
    assert set_up_station.settings.get(SOUND_VOLUME) == 50
    assert page.sound_notice.text() == "已保存，下一次扫码起生效。"

    # Then the next check-in sounds at that volume
    window.show_page("checkin")
    with qtbot.waitSignal(window.checkin.result_shown, timeout=2000):
        TimedKeys().scan(card.qr_text)
    assert chime.sounded[-1][1] == 0.5

    # And when they switch sounds off, the next scan is silent
    window.show_page("settings")
    # (near the left edge: a check box answers only on its box and words)
    qtbot.mouseClick(
        page.sound_on, Qt.MouseButton.LeftButton, pos=QPoint(8, page.sound_on.height() // 2)
    )
    assert not page.sound_on.isChecked()
    assert not page.sound_volume.isEnabled()
    qtbot.mouseClick(page.save_sound_button, Qt.MouseButton.LeftButton)
    assert set_up_station.settings.get(SOUND_ON) is False
    heard = list(chime.sounded)
    window.show_page("checkin")
    with qtbot.waitSignal(window.checkin.result_shown, timeout=2000):
        TimedKeys().scan(card.qr_text)  # already checked in: amber, silently
    assert chime.played[-1] is CheckinStatus.ALREADY
    assert chime.sounded == heard
