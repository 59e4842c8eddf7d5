"""The sign-in screen before the app is loaded.

Importing SQLAlchemy, the services and the pages, and opening the station, take most of a
second on a station PC: longer than everything else of a start. Once the start-up check
has passed, the standard library alone reads what the sign-in screen shows
(``services/accounts/first_screen.py``); the screen goes up, and the app loads and opens
the station on a thread of its own while the attendant taps their name and types a PIN.
A sign-in asked for before the station is open is made once it is (``SignInPage.bind``);
a scan meanwhile is a note, as on any sign-in screen.

Anything out of the ordinary (a damaged file, a new station, an upgrade to make) shows no
early screen: the station is opened on the GUI thread as before, with its dialogs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from station_app.clock import Clock
from station_app.config.paths import DataPaths
from station_app.services.accounts.first_screen import first_screen
from station_app.services.station.file_check import EarlyCheck

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.ui.main_window import MainWindow


class StationLoader(QObject):
    """Imports the app and opens the station on a thread of its own (a Qt one, so that
    ``done`` is queued to the GUI thread, as the task runner's signals are); ``done`` is
    emitted with ``station`` (or ``problem``) set."""

    done = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        verbose: bool,
        check: EarlyCheck,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.station: Station | None = None
        self.problem: BaseException | None = None
        self._args = (data_dir, verbose, check, clock)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def start(self) -> None:
        self._pool.start(_Load(self))

    def run(self) -> None:
        """On the loader's thread."""
        data_dir, verbose, check, clock = self._args
        try:
            from station_app.app import open_station

            self.station = open_station(
                data_dir, verbose=verbose, console=False, early_check=check, clock=clock
            )
        except BaseException as exc:
            self.problem = exc
        self.done.emit()

    def wait(self) -> None:
        self._pool.waitForDone()


class _Load(QRunnable):
    def __init__(self, loader: StationLoader) -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        self._loader.run()


def show_first_screen(
    window: MainWindow, data_dir: Path, check: EarlyCheck | None, clock: Clock
) -> EarlyCheck | None:
    """Put up the sign-in screen from a first look at the database when the check has
    passed and the station is an ordinary one; the check (to hand to the opening), or
    None when the station must be opened as before."""
    database = DataPaths(data_dir).database
    if check is None or check.database != database:
        check = EarlyCheck(database, clock.now())
    if check.problem() is not None:
        return None
    screen = first_screen(database)
    if screen is None:
        return None
    window.show_first_screen(screen)
    return check
