"""One window per data folder: the first holds the folder's lock (``config/folder_lock.py``)
and listens on a local socket named after the folder; a second start finds the lock taken,
asks the first to come to the front and leaves. When no window answers (the folder is held
by a command, or by a window on another user's session), it says who has the folder."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox, QWidget

from station_app.config.folder_lock import FolderInUse
from station_app.i18n import _

log = logging.getLogger(__name__)

CONNECT_MS = 1000


def server_name(data_dir: Path) -> str:
    """A name for the folder's socket: the same for every spelling of the same folder."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"station-app-{digest}"


def bring_first_to_front(data_dir: Path) -> bool:
    """Ask the window that has ``data_dir`` open to come to the front; False if none answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.abort()
    return True


def say_folder_in_use(problem: FolderInUse, parent: QWidget | None = None) -> None:
    holder = problem.holder
    QMessageBox.information(
        parent,
        _("驿站 Station"),
        _(
            "The station's data folder {folder} is already open in {program} (process "
            "{pid}). Close it there first, or switch to that window."
        ).format(
            folder=problem.folder,
            program=holder.program or _("another program"),
            pid=holder.pid or "?",
        ),
    )


class FrontDoor(QObject):
    """The first window's side: on a second start's knock, bring ``window()`` forward."""

    knocked = Signal()  # a second start asked for this window

    def __init__(self, data_dir: Path, window: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._window = window
        self._server = QLocalServer(self)
        name = server_name(data_dir)
        # This process holds the folder's lock, so a socket left by a crashed window is stale.
        QLocalServer.removeServer(name)
        self._server.newConnection.connect(self._knocked)
        if not self._server.listen(name):
            log.warning("no second-start socket: %s", self._server.errorString())

    def _knocked(self) -> None:
        # A connection is the whole request: nothing else comes down this socket.
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.abort()
            socket.deleteLater()
            self.bring_forward()

    def bring_forward(self) -> None:
        self.knocked.emit()
        window = self._window()
        if window is None:
            return
        log.info("another start asked for this window: brought to the front")
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def close(self) -> None:
        self._server.close()
