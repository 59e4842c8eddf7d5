"""Operations: the one way the GUI runs a read or a write, and how the pages learn what a
write changed.

``ops.write(work)`` and ``ops.read(work)`` make an op; ``.success(…)``, ``.failure(…)`` and
``.with_progress(label)`` say what follows; ``.run()`` runs it now on the GUI thread (a
check-in: the attendant needs its answer before the next visitor, and scans count in the
order they came) and ``.run_in_background()`` on the task runner (one worker thread: one
writer at a time). The callbacks always run on the GUI thread.

A write runs inside ``services.changes.record_changes()``: what it committed (and what its
services noted outside the database) is announced on the window's ``ChangeBus`` once it has
run, failed or not, since what was committed before a failure did change. Every page keeps
itself up to date from the bus (``Follower``): nobody wires one page to another.

A failure goes to ``.failure(callback)`` as a ``Failure``: a ``ServiceError`` (an expected
refusal) carries its own text; anything else is logged with its traceback here and carries
the short unexpected-error text (or the op's own, ``unexpected=``). Without a callback the
text is shown in a message box.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Self, TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.domain.errors import ServiceError
from station_app.domain.progress import Progress, no_progress
from station_app.i18n import _
from station_app.services.changes import Changes, Recording, record_changes
from station_app.ui.errors import show_message, unexpected_error_text
from station_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

T = TypeVar("T")


class ChangeBus(QObject):
    """One per main window: what each write changed, announced on the GUI thread."""

    # Changes, and the op's initiator (None when the op named none): a screen that updated
    # itself after its own write may pass over that announcement (see Follower).
    changed = Signal(object, object)

    def announce(self, changes: Changes, initiator: object | None = None) -> None:
        if changes:
            self.changed.emit(changes, initiator)


@dataclass(frozen=True)
class Failure:
    """Why an op did not succeed, and the text to show the attendant."""

    exc: Exception
    text: str

    @property
    def refused(self) -> bool:
        """An expected refusal (``ServiceError``), not a fault."""
        return isinstance(self.exc, ServiceError)


def failure_of(exc: Exception, unexpected: str | None = None) -> Failure:
    if isinstance(exc, ServiceError):
        return Failure(exc, str(exc))
    return Failure(exc, unexpected or unexpected_error_text(None))


class Ops:
    """What an op needs from the window: the shared task runner and the change bus. The
    pages get one; a dialog outside the window (first run, restore) makes its own."""

    def __init__(self, runner: TaskRunner | None = None, bus: ChangeBus | None = None) -> None:
        self.runner = runner
        self.bus = bus if bus is not None else ChangeBus()  # a dialog's own: nobody listens
        self.last_message: QMessageBox | None = None  # the last default failure box

    def write(
        self, work: Callable[[Progress], T], *, initiator: object | None = None
    ) -> WriteOp[T]:
        """A use case that may change the station's data (``initiator``: see ChangeBus)."""
        return WriteOp(self, work, initiator)

    def read(self, work: Callable[[Progress], T]) -> ReadOp[T]:
        """A use case that only reads: nothing is recorded or announced."""
        return ReadOp(self, work)

    def announce(self, changes: Changes, initiator: object | None) -> None:
        self.bus.announce(changes, initiator)


@dataclass(frozen=True)
class _Ended:
    """What a background op hands back to the GUI thread: its result or its exception,
    with what it changed either way."""

    result: object
    error: Exception | None
    changes: Changes


class _Op(Generic[T]):
    def __init__(self, ops: Ops, work: Callable[[Progress], T]) -> None:
        self._ops = ops
        self._work = work
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Failure], None] | None = None
        self._unexpected: str | None = None
        self._label = ""

    def success(self, callback: Callable[[T], None]) -> Self:
        self._on_success = callback
        return self

    def failure(
        self, callback: Callable[[Failure], None] | None = None, *, unexpected: str | None = None
    ) -> Self:
        """``callback`` instead of the message box; ``unexpected``: the text for a fault
        (the short unexpected-error text otherwise)."""
        self._on_failure = callback
        self._unexpected = unexpected
        return self

    def with_progress(self, label: str) -> Self:
        """The status bar names the op while it runs in the background."""
        self._label = label
        return self

    # -- the GUI thread's side ---------------------------------------------------------

    def _succeeded(self, result: T) -> None:
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: Exception) -> None:
        failure = failure_of(exc, self._unexpected)
        if not failure.refused:
            # The label, or where the work was written (a lambda names its method).
            what = self._label or getattr(self._work, "__qualname__", "an operation")
            log.error("%s failed", what, exc_info=exc)
        if self._on_failure is not None:
            self._on_failure(failure)
            return
        title = self._label or (_("Not done") if failure.refused else _("Unexpected error"))
        self._ops.last_message = show_message(QApplication.activeWindow(), title, failure.text)

    def _runner(self, runner: TaskRunner | None) -> TaskRunner:
        chosen = runner or self._ops.runner
        if chosen is None:
            raise RuntimeError("no task runner to run the op in the background")
        return chosen

    def _label_or_default(self) -> str:
        return self._label or _("Working…")


class WriteOp(_Op[T]):
    def __init__(self, ops: Ops, work: Callable[[Progress], T], initiator: object | None) -> None:
        super().__init__(ops, work)
        self._initiator = initiator

    def run(self) -> T | None:
        """Now, on the GUI thread; the result (after ``success``), or None when it failed."""
        recording = Recording()
        try:
            with record_changes() as recording:
                result = self._work(no_progress)
        except Exception as exc:
            self._ops.announce(recording.changes, self._initiator)
            self._failed(exc)
            return None
        self._ops.announce(recording.changes, self._initiator)
        self._succeeded(result)
        return result

    def run_in_background(self) -> None:
        """On the shared task runner: writes never run two at a time."""
        work = self._work

        def recorded(progress: Progress) -> _Ended:
            recording = Recording()
            try:
                with record_changes() as recording:
                    result = work(progress)
            except Exception as exc:
                return _Ended(None, exc, recording.changes)
            return _Ended(result, None, recording.changes)

        self._runner(None).run(self._label_or_default(), recorded, self._ended, self._failed)

    def _ended(self, ended: _Ended) -> None:
        self._ops.announce(ended.changes, self._initiator)
        if ended.error is not None:
            self._failed(ended.error)
        else:
            self._succeeded(cast(T, ended.result))


class ReadOp(_Op[T]):
    def run(self) -> T | None:
        """Now, on the GUI thread; the result (after ``success``), or None when it failed."""
        try:
            result = self._work(no_progress)
        except Exception as exc:
            self._failed(exc)
            return None
        self._succeeded(result)
        return result

    def run_in_background(self, runner: TaskRunner | None = None) -> None:
        """On ``runner`` (a page's own reader, so a read never waits behind a backup), or
        the shared one."""
        self._runner(runner).run(self._label_or_default(), self._work, self._read, self._failed)

    def _read(self, result: object) -> None:
        self._succeeded(cast(T, result))
