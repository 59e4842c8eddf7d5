"""Logging to a rotating file in the data folder: the log keeps what the attendant never sees."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILENAME = "station.log"


def configure_logging(log_folder: Path, *, verbose: bool = False) -> Path:
    """Send the app's log to ``log_folder/station.log`` (1 MB × 5 files); returns the file."""
    log_folder.mkdir(parents=True, exist_ok=True)
    path = log_folder / LOG_FILENAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    # A second call (tests, a restart inside one process) replaces our handler, not adds one.
    stop_logging()
    root = logging.getLogger()
    handler._station_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


def stop_logging() -> None:
    """Detach and close the app's log file (the self-test deletes the folder it logged to)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_station_app", False)]:
        root.removeHandler(old)
        old.close()
