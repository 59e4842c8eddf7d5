"""A whole shift at the station, on the screens stations have, in Chinese and in English.

Each run is ``tests/ui/shift_walk.py`` (the shift itself, step by step, the database read
after each) in a process of its own, started on a real screen of that size: the offscreen
platform's screen is fixed when Qt starts, and the window places itself on it as at a
station (maximised on these small screens) instead of being resized by the test. The
screenshots of every page it passes are kept in the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.screens import run_python, screen_env
from tests.ui.shift_walk import SHIFT_LANGUAGE, SHIFT_SCREEN

SCREENS = [(1024, 768), (1366, 768)]
RUNS = [(screen, language) for language in ("zh_CN", "en") for screen in SCREENS]


@pytest.mark.parametrize(
    "run", RUNS, ids=[f"{width}x{height}-{language}" for (width, height), language in RUNS]
)
def test_a_whole_shift_writes_the_right_rows_in_the_right_names(
    tmp_path: Path, run: tuple[tuple[int, int], str]
) -> None:
    (width, height), language = run
    env = screen_env(tmp_path, width, height)
    env[SHIFT_SCREEN] = f"{width}x{height}"
    env[SHIFT_LANGUAGE] = language
    inner = tmp_path / "shift"
    done = run_python(
        [
            "-m",
            "pytest",
            "tests/ui/shift_walk.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(inner),
        ],
        env,
    )
    print(f"\nscreenshots of the shift: {inner}")
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
    assert "1 passed" in done.stdout
    pictures = sorted(inner.rglob("pages/*.png"))
    assert len(pictures) >= 20
    assert all(picture.stat().st_size > 0 for picture in pictures)
