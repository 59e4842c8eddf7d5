"""Locations of the station's files.

Everything a station owns (database, settings, logs, backups, reports) lives under one
data folder: the per-user data folder from platformdirs, or the folder given with
``--data-dir`` (a portable install on a USB stick, or a test's temporary folder).
Read-only resources (fonts, translations, icons) are found by ``station_app.resources``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from station_app import APP_NAME

DATABASE_FILENAME = "station.sqlite3"
SETTINGS_FILENAME = "settings.json"


@dataclass(frozen=True)
class DataPaths:
    """All the files of one station, derived from its data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILENAME

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS_FILENAME

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def ensure(self) -> None:
        """Create what every start needs; backups and reports are made when first written.

        The caller turns an OSError into a message for the user.
        """
        for folder in (self.root, self.logs):
            folder.mkdir(parents=True, exist_ok=True)


def default_data_dir() -> Path:
    """The per-user data folder (for example %LOCALAPPDATA%\\station-app on Windows)."""
    override = os.environ.get("STATION_APP_DATA_DIR")
    if override:
        return Path(override)
    return Path(user_data_dir(APP_NAME, appauthor=False))
