"""Writing a file so that it appears complete or not at all: the app's one way to do it.

The content goes to a temporary file in the destination's own folder (same disk, so the
rename is atomic), is flushed to the disk (fsync), and only then renamed over the
destination; the folder is flushed too, where the OS allows, so the new name survives a
power cut. On any error, a full disk included, the temporary file is removed, the
destination is left as it was and the error (an OSError as the system gave it) goes on:
callers word it for their reader.

``atomic_write`` gives a binary file, ``atomic_write_text`` a text file, and ``atomic_path``
a path to fill by other means (SQLite's backup API). ``overwrite=False`` never replaces a
file: when one is there (or another program makes it meanwhile) ``FileExistsError`` is
raised and nothing changes.

Nothing here imports the rest of the app, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

TEMPORARY_SUFFIX = ".part"


def _process_umask() -> int:
    # Reading the umask means setting it; done once, at import, before any worker thread.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def _permissions_for(target: Path, permissions: int | None) -> int:
    """Those asked for; else those of the file being replaced; else the usual ones for a
    new file (mkstemp's 0600 would keep a report on a shared folder from its readers)."""
    if permissions is not None:
        return permissions
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


def _flush_to_disk(path: Path) -> None:
    # Read-write: Windows refuses to flush a file opened for reading only.
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable. Never raises: the new file is already in place, and
    a folder that cannot be opened (Windows, a write-only share) or flushed (some USB
    sticks' file systems) must not make a finished write look failed."""
    if os.name == "nt":  # a folder cannot be opened there; its renames are journalled
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        log.debug("cannot open folder %s to flush it: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.warning("could not flush folder %s: %s", folder, exc)
    finally:
        os.close(fd)


def _put_in_place(temp: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        temp.replace(target)
        return
    try:
        # A link never replaces a file, even one another program made a moment ago.
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT on a USB stick): look, then rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        temp.replace(target)


@contextlib.contextmanager
def atomic_path(
    target: Path, *, permissions: int | None = None, overwrite: bool = True
) -> Iterator[Path]:
    """Yield the path of an empty temporary file beside ``target``, to be written and closed
    within the block; on success it becomes ``target`` in one step.

    ``permissions``: the new file's mode bits; by default those of the file it replaces,
    or the usual ones for a new file.
    """
    target = Path(target)
    mode = _permissions_for(target, permissions)
    fd, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX
    )
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _flush_to_disk(temp)
        with contextlib.suppress(OSError):  # Windows knows only read-only or not
            temp.chmod(mode)
        _put_in_place(temp, target, overwrite=overwrite)
    finally:
        # Gone after a rename; still there after an error, or after a link.
        try:
            temp.unlink(missing_ok=True)
        except OSError as exc:  # the error that brought us here matters more
            log.warning("could not remove the temporary file %s: %s", temp, exc)
    _flush_folder(target.parent)


@contextlib.contextmanager
def atomic_write(
    target: Path, *, permissions: int | None = None, overwrite: bool = True
) -> Iterator[IO[bytes]]:
    """Yield a binary file to write; on success it replaces ``target`` in one step."""
    with (
        atomic_path(target, permissions=permissions, overwrite=overwrite) as temp,
        temp.open("wb") as stream,
    ):
        yield stream


@contextlib.contextmanager
def atomic_write_text(
    target: Path,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    permissions: int | None = None,
    overwrite: bool = True,
) -> Iterator[IO[str]]:
    """Yield a text file to write; on success it replaces ``target`` in one step."""
    with (
        atomic_path(target, permissions=permissions, overwrite=overwrite) as temp,
        temp.open("w", encoding=encoding, newline=newline) as stream,
    ):
        yield stream


# mkstemp's names for ours: ".<target>.<random>.part", and the journal files SQLite may
# leave beside one it was writing.
_TEMPORARY_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.part(-wal|-shm|-journal)?$")


def remove_stale_temporaries(
    folder: Path, *, fresh: Path, max_age: dt.timedelta
) -> tuple[Path, ...]:
    """Delete this module's temporary files in ``folder`` that nobody has written to for
    ``max_age``: what a write killed midway (power cut, SIGKILL) left behind. A file written
    since may belong to a write running now in another process, and stays.

    Ages are measured against ``fresh``, a file just written (the caller's own temporary
    file), so the file system's clock judges its own timestamps: the app's clock may be a
    station's or a test's, not the one that stamped the files.
    """
    cutoff = fresh.stat().st_mtime - max_age.total_seconds()
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return ()
    for path in entries:
        if not _TEMPORARY_NAME.match(path.name):
            continue
        try:
            if path.stat().st_mtime >= cutoff:
                continue
            path.unlink()
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", path, exc)
            continue
        log.info("removed %s, left by an interrupted write", path)
        removed.append(path)
    return tuple(removed)
