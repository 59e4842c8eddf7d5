"""A second start on the same data folder knocks on the first window's socket and the
first comes to the front; where no window answers, the knock says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QWidget

from station_app.ui.single_instance import FrontDoor, bring_first_to_front, server_name


# The offscreen platform has no window stacking, and says so when asked to raise one.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_second_start_brings_the_first_window_forward(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    door = FrontDoor(tmp_path, lambda: window)
    try:
        with qtbot.waitSignal(door.knocked, timeout=5000):
            assert bring_first_to_front(tmp_path / "." / "")
        assert not window.isMinimized()
        assert window.isVisible()
    finally:
        door.close()


def test_no_window_answers_for_another_folder(tmp_path: Path, qtbot: QtBot) -> None:
    door = FrontDoor(tmp_path / "a", lambda: None)
    try:
        assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
        assert not bring_first_to_front(tmp_path / "b")
    finally:
        door.close()
