"""`station-app --screenshot`: start the real program, picture what it shows first, exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtGui import QColor, QImage

from station_app.app import open_station
from station_app.clock import FrozenClock
from station_app.ui.first_paint import FIRST_PAINT_ENV
from station_app.ui.theme import ACCENT
from tests.clock_support import frozen_clock
from tests.ui.expected import PROFILE

pytestmark = pytest.mark.slow


def run_app(data_dir: Path, screenshot: Path) -> subprocess.CompletedProcess[str]:
    # A station PC's screen (the offscreen platform's own is 800×600): the window fits it.
    screen = screenshot.with_name("screen.json")
    screen.write_text(
        '{"screens": [{"name": "pc", "x": 0, "y": 0, "width": 1366, "height": 768,'
        ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}',
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "station_app",
            "--data-dir",
            str(data_dir),
            "--screenshot",
            str(screenshot),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load_picture(path: Path) -> QImage:
    assert path.is_file(), f"no screenshot at {path}"
    image = QImage(str(path))
    assert not image.isNull(), "the file is not a readable picture"
    return image


def colours(image: QImage) -> set[int]:
    """The distinct colours on a grid of points: a blank picture has one or two."""
    return {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }


def test_a_new_station_pictures_the_first_run_dialog(
    data_dir: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    picture = tmp_path / "first-run.png"

    done = run_app(data_dir, picture)

    assert done.returncode == 0, done.stderr
    image = load_picture(picture)
    assert 720 <= image.width() <= 1200  # the dialog, not a whole window
    assert 300 <= image.height() <= 900
    assert len(colours(image)) > 20, "text and fields were drawn"
    # Taking the picture saved nothing: the station is still not set up.
    station = open_station(data_dir, clock=clock)
    try:
        assert station.station.profile() is None
    finally:
        station.close()


def set_up(data_dir: Path) -> None:
    """A station past its first run: its admin and its profile."""
    station = open_station(data_dir, clock=frozen_clock())
    try:
        station.accounts.create_first_admin("王站长", "2580", "2580")
        station.station.save_profile(PROFILE)
    finally:
        station.close()


def test_a_set_up_station_pictures_the_sign_in_screen(data_dir: Path, tmp_path: Path) -> None:
    set_up(data_dir)
    picture = tmp_path / "main-window.png"

    done = run_app(data_dir, picture)

    assert done.returncode == 0, done.stderr
    image = load_picture(picture)
    assert image.width() >= 1024
    assert image.height() >= 700
    assert len(colours(image)) > 20
    # Nobody is on duty in a new process: the window opens on the sign-in screen, whose
    # sign-in button is in the union's orange, and no navigation (its top left is plain).
    assert QColor(ACCENT).rgb() in colours(image)
    assert QColor(image.pixel(20, 20)) != QColor(ACCENT)


@pytest.mark.parametrize("hook", ["1", "ready"])
def test_the_benchmarks_first_paint_hook_reports_and_exits(data_dir: Path, hook: str) -> None:
    # bench/bench_cold_start.py starts the app with this hidden variable set: "1" at the
    # frame's first paint, "ready" once the station's sign-in screen is painted in it
    set_up(data_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", FIRST_PAINT_ENV: hook}
    command = [sys.executable, "-m", "station_app", "--data-dir", str(data_dir)]

    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )

    assert done.returncode == 0, done.stderr
    (line,) = [text for text in done.stdout.splitlines() if text.startswith("first-paint ")]
    assert float(line.split()[1]) > 0
