"""Nothing is cut and no window is larger than the screen: every page (for an admin) and
every dialog, on a 1024×768 screen in both languages, and on a 1366×768 screen at the
larger text sizes. Each combination runs ``tests/ui/fit_walk.py`` in a process of its own,
because the offscreen platform's screen size is fixed when Qt starts; the screenshots of
every page and dialog are kept in the test's temporary folder (``fit-screens``).

Lists keep rows enough to work with: on a 1024×768 screen at the normal text size the
recent visits and the loans show five rows without scrolling the page; at any size, no
list shows fewer than three (a larger text size may make the page scroll to them). A
running task's step is readable in the status bar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.ui.screens import run_python, screen_env

LEAST_ROWS = 3  # any list, the page scrolled to it
IN_VIEW_ROWS = 5  # the lists of the day's work at the normal text size, without scrolling
DAY_LISTS = {"page-checkin": "recentVisits", "page-inventory": "loans"}


def _walk(out: Path, width: int, height: int, language: str, text_size: int) -> dict[str, Any]:
    env = screen_env(out, width, height)
    tag = f"{language}-{width}x{height}-{text_size}"
    done = run_python(
        [
            "-m",
            "tests.ui.fit_walk",
            "--language",
            language,
            "--text-size",
            str(text_size),
            "--out",
            str(out),
            "--tag",
            tag,
        ],
        env,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fit-screens")


@pytest.mark.parametrize(
    ("width", "height", "language", "text_size"),
    [
        (1024, 768, "zh_CN", 100),
        (1024, 768, "en", 100),
        (1366, 768, "zh_CN", 125),
        (1366, 768, "en", 125),
        (1366, 768, "zh_CN", 150),
        (1366, 768, "en", 150),
    ],
)
def test_every_page_and_dialog_fits_the_screen_uncut(
    screens: Path, width: int, height: int, language: str, text_size: int
) -> None:
    # Given the app on a station PC's screen, in that language, at that text size,
    # When every page and dialog is shown in turn,
    walked = _walk(screens, width, height, language, text_size)

    # Then each was seen (a screenshot of each)…
    shots = [Path(shot).name for shot in walked["shots"]]
    assert any("page-checkin" in shot for shot in shots)
    assert any("page-audit" in shot for shot in shots)
    assert any("worker-register" in shot for shot in shots)
    assert all(Path(shot).stat().st_size > 0 for shot in walked["shots"])
    # …and no text is cut, no part is outside its window, no window outgrows the screen.
    assert walked["problems"] == []
    # …and every list shows rows enough to work with, the day's lists without scrolling.
    rows: dict[str, dict[str, list[float]]] = walked["rows"]
    for page, name in DAY_LISTS.items():
        assert name in rows[page], f"{page}: {name} not shown"
    short = {
        f"{page}/{name}": shown
        for page, lists in rows.items()
        for name, shown in lists.items()
        if shown[0] < LEAST_ROWS
    }
    assert short == {}
    if text_size == 100:
        # The stock page's loans give up two rows while its expired medicine line shows
        # (the demo station has such a batch on the shelf): they keep three then.
        wanted = {page: IN_VIEW_ROWS for page in DAY_LISTS}
        if rows["page-inventory"]["loans"][2] == IN_VIEW_ROWS - 2:
            wanted["page-inventory"] = IN_VIEW_ROWS - 2
        hidden = {
            page: rows[page][name]
            for page, name in DAY_LISTS.items()
            if rows[page][name][1] < wanted[page]
        }
        assert hidden == {}
    # …and a running task's step is readable in the status bar: whole at the normal text
    # size, else its beginning (the station's name gives way to it while the task runs).
    shown, whole = walked["task_step"]
    if text_size == 100:
        assert shown == whole
    else:
        assert len(shown.rstrip("…")) >= 12 and whole.startswith(shown.rstrip("…"))
