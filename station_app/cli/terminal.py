"""What the commands share at the terminal: a progress bar, the text files a user names,
and the message for a data folder that cannot be used."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from station_app.domain.errors import ServiceError
from station_app.i18n import _


class TerminalProgress:
    """A one-line progress bar on stderr; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self._last = -1
        self._enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self._enabled:
            return
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if percent == self._last:
            return
        self._last = percent
        filled = percent // 4
        line = f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {message}"
        sys.stderr.write(line[:100].ljust(100))
        if percent == 100:
            sys.stderr.write("\n")
        sys.stderr.flush()


def shown_safely(text: str) -> str:
    """``text`` fit to print on a terminal: control characters (ESC and the rest, which
    could recolour, move or retitle the terminal), invisible format characters (a
    right-to-left override) and line or paragraph separators are written as ``\\x1b``,
    ``\\u202e``; printable text, Chinese included, is left as it is."""
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        else c
        for c in text
    )


def read_text(path: Path) -> str:
    """A text file the user named (a key, a list), BOM or not; ServiceError if unreadable."""
    try:
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise ServiceError(
            _("Could not read {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc


def print_unusable_folder(folder: Path, exc: OSError) -> None:
    """On stderr: the data folder cannot be made or written, and the system's reason."""
    print(
        _("Cannot use the data folder {folder}: {error}").format(
            folder=folder, error=exc.strerror or exc
        ),
        file=sys.stderr,
    )


def print_folder_in_use(folder: Path, program: str, pid: int | None) -> None:
    """On stderr: another program has the data folder open, and which one."""
    print(
        _(
            "The data folder {folder} is in use by {program} (process {pid}). Close it "
            "there first, then try again."
        ).format(folder=folder, program=program or _("another program"), pid=pid or "?"),
        file=sys.stderr,
    )
