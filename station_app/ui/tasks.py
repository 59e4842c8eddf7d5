"""One small runner for long work: it runs off the GUI thread, reports progress, and calls
back on the GUI thread with the result or the error. The GUI reaches it through its ops
(``ui/ops.py``), which log and word the errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from station_app.domain.progress import Progress


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker are queued to it."""

    began = Signal()
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        self._relay.began.emit()

        def progress(done: int, total: int, message: str = "") -> None:
            self._relay.progressed.emit(done, total, message)

        try:
            result = self._work(progress)
        except Exception as exc:  # on_failure gets it, traceback and all
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """``runner.run(label, work, on_success, on_failure)``; the window shows ``progress``."""

    # Emitted when a task begins running, not when it is queued: with one worker thread a
    # second task waits its turn, and the status bar must name the task that is running.
    started = Signal(str)  # label
    progress = Signal(int, int, str)  # done, total, message
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer at a time keeps SQLite simple
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)
        relay.progressed.connect(self.progress)

        def done() -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if not self._relays:
                self.finished.emit()

        def succeeded(result: object) -> None:
            done()
            on_success(result)

        def failed(exc: object) -> None:
            done()
            assert isinstance(exc, Exception)
            on_failure(exc)

        relay.began.connect(lambda: self.started.emit(label))
        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = -1) -> bool:
        """Block until all tasks end (used on quit, so no thread outlives the database)."""
        return self._pool.waitForDone(msecs)
