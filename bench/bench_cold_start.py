"""Cold start: from process start to the first painted main window, on a five-year station.

Baseline, in the same run: a bare PySide6 ``QMainWindow`` (same size, same offscreen
platform, same interpreter) started in a subprocess that prints the moment of its first
paint. The app is started as the attendant starts it (``python -m station_app``) on a copy
of the cached five-year station, with the hidden hook ``STATION_APP_EXIT_AFTER_FIRST_PAINT``
(``ui/launch.py``): it prints ``time.monotonic()`` (one clock for every process on the
machine) once the main window's first frame is painted, and exits at once. The window is
painted as a frame first ("opening the station's data…") and the station opens into it; so
the run also times, with the hook set to ``ready``, the first paint of the station's first
screen (the sign-in screen, after the database check and the upgrade check; the pages are
built when first shown): what the attendant waits for before they can type a PIN. Rounds
alternate between the two so that machine noise hits both alike; the ratio is of medians.

Ready is timed for the two ways a day can have ended. The everyday one: the window was
closed, and the app checked the file once it was gone and sealed it
(``services/station/file_check.seal_after_close``); the bench ends each round's session as
the app's close does (the database closed, then that same function), so the start finds
the file as a clean close leaves it (the first paint is timed so too: after an unclean end
the full check runs on its thread beside the frame). And a day that did not end cleanly (a
power cut, the process killed, a copied or restored file): no seal, so the start runs
``quick_check`` over the whole file before the sign-in screen; reported beside it, not
judged.

The sign-in screen is put up from a first look at the file with the standard library
(``ui/early_start.py``), and SQLAlchemy, the services and the pages load and open the
station on a thread of their own behind it; the hook set to ``loaded`` times that too
(the station open into the window, the moment a PIN typed earlier is taken): reported.

    python -m bench.bench_cold_start        (from the project folder, in .venv)

Goals: first paint ≤ 2× the bare window, the sign-in screen ready ≤ 3×.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from bench.large_station import CACHE, large_station
from bench.report import write
from station_app.clock import SystemClock
from station_app.services.station.file_check import seal_after_close, seal_path

ROUNDS = int(os.environ.get("BENCH_COLD_ROUNDS", "3" if os.environ.get("BENCH_QUICK") else "7"))
ROOT = Path(__file__).resolve().parent.parent

BARE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False

def report():
    print(f"first-paint {time.monotonic():.6f}", flush=True)
    os._exit(0)

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
hook = FirstPaint()
window.installEventFilter(hook)
window.show()
app.exec()
"""


def _environment(hook: str = "1") -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["STATION_APP_EXIT_AFTER_FIRST_PAINT"] = hook
    # This checkout's package, whatever the venv's editable install points at.
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    # Compiled bytecode, as an installed app has (kept out of the source tree): a machine
    # set to write none would compile every module at every start, for both alike.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    return env


def time_to_paint(command: list[str], hook: str = "1") -> float:
    """Seconds from starting ``command`` to the first paint it reports."""
    started = time.monotonic()
    done = subprocess.run(
        command,
        check=False,
        cwd=ROOT,
        env=_environment(hook),
        capture_output=True,
        timeout=300,
        text=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no first paint from {command}: {done.stdout}\n{done.stderr}")


def station_copy() -> Path:
    """A copy of the five-year station's folder: the app may write to it (a daily backup,
    a report), and the cached one stays as built."""
    source = large_station()
    folder = source.paths.root
    source.close()
    copy = CACHE / "cold-start"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    shutil.copy2(folder / "station.sqlite3", copy / "station.sqlite3")
    return copy


def end_the_day(database: Path, *, cleanly: bool) -> None:
    """Leave ``database`` as a day's end leaves it. The measured processes exit at once
    (the hook), so their session is closed here: the log folded into the file as the last
    connection's close does, then, for a clean end, the check the app makes once its window
    has gone; otherwise no seal, as after a power cut."""
    with closing(sqlite3.connect(database)):
        pass
    if cleanly:
        if not seal_after_close(database, SystemClock().now()):
            raise RuntimeError(f"{database} could not be sealed")
    else:
        seal_path(database).unlink(missing_ok=True)


def main() -> None:
    data_dir = station_copy()
    database = data_dir / "station.sqlite3"
    app = [sys.executable, "-m", "station_app", "--data-dir", str(data_dir)]
    bare = [sys.executable, "-c", BARE]
    time_to_paint(app)  # the first start writes nothing we measure, and warms the disk cache
    time_to_paint(app, "ready")  # and compiles the bytecode of every module
    times: dict[str, list[float]] = {
        "bare": [],
        "app": [],
        "ready": [],
        "loaded": [],
        "ready_unclean": [],
    }
    for _round in range(ROUNDS):
        times["bare"].append(time_to_paint(bare))
        end_the_day(database, cleanly=True)
        times["app"].append(time_to_paint(app))
        end_the_day(database, cleanly=True)
        times["ready"].append(time_to_paint(app, "ready"))
        end_the_day(database, cleanly=True)
        times["loaded"].append(time_to_paint(app, "loaded"))
        end_the_day(database, cleanly=False)
        times["ready_unclean"].append(time_to_paint(app, "ready"))
    bare_s, app_s = statistics.median(times["bare"]), statistics.median(times["app"])
    ready_s = statistics.median(times["ready"])
    loaded_s = statistics.median(times["loaded"])
    unclean_s = statistics.median(times["ready_unclean"])
    checks = [
        {"measure": "cold start to first painted window, 5-year station vs bare PySide6 window",
         "goal": 2, "ratio": app_s / bare_s, "baseline": f"{bare_s * 1000:.0f} ms",
         "measured": f"{app_s * 1000:.0f} ms"},
        {"measure": "cold start until the sign-in screen is painted (database checked, screen"
                    " usable), 5-year station vs bare PySide6 window; the last day ended with"
                    " the window closed (checked at that close)",
         "goal": 3, "ratio": ready_s / bare_s, "baseline": f"{bare_s * 1000:.0f} ms",
         "measured": f"{ready_s * 1000:.0f} ms"},
        {"measure": "the same until the station is open behind the sign-in screen (the app"
                    " loaded on its own thread: a PIN typed before is taken then)",
         "goal": None, "ratio": loaded_s / bare_s, "baseline": f"{bare_s * 1000:.0f} ms",
         "measured": f"{loaded_s * 1000:.0f} ms"},
        {"measure": "the same after a day that did not end cleanly (power cut, killed,"
                    " a copied file): quick_check of the whole file first",
         "goal": None, "ratio": unclean_s / bare_s, "baseline": f"{bare_s * 1000:.0f} ms",
         "measured": f"{unclean_s * 1000:.0f} ms"},
    ]  # fmt: skip
    result = {
        "rounds": ROUNDS,
        "bare_ms": [round(t * 1000, 1) for t in times["bare"]],
        "app_ms": [round(t * 1000, 1) for t in times["app"]],
        "ready_ms": [round(t * 1000, 1) for t in times["ready"]],
        "loaded_ms": [round(t * 1000, 1) for t in times["loaded"]],
        "ready_unclean_ms": [round(t * 1000, 1) for t in times["ready_unclean"]],
        "checks": checks,
    }
    path = write("cold_start", result)
    print(json.dumps(result, indent=2))
    print(f"written to {path}")
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
