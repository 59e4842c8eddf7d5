"""One program at a time writes a data folder: an OS lock on a file in it.

The window and every command that writes take it before opening the station; ``restore``
takes it before replacing the database, so a file is never swapped under a program still
writing to it. The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking``
on Windows): it goes with the process, so a crashed program never leaves the folder locked.
The holder writes its process id and program into the file, for the refusal to name it.
Commands that only read take no lock and run beside the window.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

LOCK_FILENAME = "station.lock"
# Windows locks byte ranges and refuses to read a locked byte: lock one far past the text.
_WINDOWS_LOCK_OFFSET = 1 << 30


@dataclass(frozen=True)
class Holder:
    """Who holds a folder: a process id and the program ("station-app gui") it runs."""

    pid: int | None
    program: str


class FolderInUse(Exception):
    """Another process holds the folder's lock."""

    def __init__(self, folder: Path, holder: Holder) -> None:
        super().__init__(f"{folder} is in use by {holder.program} (pid {holder.pid})")
        self.folder = folder
        self.holder = holder


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: held elsewhere
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_holder(path: Path) -> Holder:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    first, _, rest = text.partition("\n")
    pid = int(first) if first.strip().isdigit() else None
    return Holder(pid, rest.strip())


class FolderLock:
    """``with FolderLock(folder, "station-app demo"):`` — FolderInUse when another process
    has it. ``acquire``/``release`` for a holder that keeps it for its whole life."""

    def __init__(self, folder: Path, program: str) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILENAME
        self.program = program
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock (creating the folder if needed); FolderInUse if it is held, OSError
        if the folder cannot be written."""
        if self._fd is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise FolderInUse(self.folder, _read_holder(self.path))
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n{self.program}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # no stale name for the next reader
            _unlock(fd)
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def holder_of(folder: Path) -> Holder | None:
    """Who holds ``folder`` now, or None when no process does."""
    probe = FolderLock(folder, "")
    if not probe.path.exists():
        return None
    fd = os.open(probe.path, os.O_RDWR)
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
    finally:
        os.close(fd)
    return _read_holder(probe.path)
