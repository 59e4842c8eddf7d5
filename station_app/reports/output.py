"""Writing a finished document atomically, with a message the attendant can act on.

The writing itself is ``station_app.atomic_file``'s (temporary file beside the target,
flushed, then renamed over it): a full disk or a crash never leaves half a PDF where the
old one was. Here an error becomes a sentence saying what to do.
"""

from __future__ import annotations

import contextlib
import errno
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from station_app.atomic_file import atomic_write
from station_app.domain.errors import ServiceError
from station_app.i18n import _

log = logging.getLogger(__name__)


def _reason(error: OSError) -> str:
    """The common causes in the user's language; anything else as the system words it."""
    in_the_way = _("a file is in the way where a folder should be")
    reasons = {
        errno.ENOSPC: _("the disk is full"),
        errno.EACCES: _("no permission to write there, or the file is open in another program"),
        errno.EPERM: _("no permission to write there, or the file is open in another program"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENOTDIR: in_the_way,
        errno.EEXIST: in_the_way,
        errno.ENOENT: _("the folder does not exist"),
        errno.EISDIR: _("a folder has that name"),
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def write_failed(target: Path, error: OSError) -> ServiceError:
    """The translated refusal for a file that could not be written."""
    return ServiceError(
        _(
            "Could not save {file} ({error}). Check that the folder exists, that the file is "
            "not open in another program, that you may write there and that the disk has "
            "free space, or choose another place."
        ).format(file=target, error=_reason(error))
    )


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[IO[bytes]]:
    """Yield a binary file to write; on success it replaces ``target`` in one step.

    A missing folder is created. On any error the temporary file is removed and
    ``target`` is left as it was; an OSError becomes a ServiceError naming the file and
    saying what to do.
    """
    target = Path(target)
    try:
        # The reports folder is made when first written (config.paths.DataPaths).
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as stream:
            yield stream
    except OSError as exc:
        log.warning("cannot write %s: %s", target, exc)
        raise write_failed(target, exc) from exc
