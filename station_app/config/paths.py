"""Locations of the station's files.

Everything a station owns (database, settings, logs, backups, reports) lives under one
data folder: the per-user data folder from platformdirs, or the folder given with
``--data-dir`` (a portable install on a USB stick, or a test's temporary folder).
Read-only resources (fonts, translations, icons) ship beside the package; ``resources_dir``
and ``package_dir`` find them in a checkout and in a frozen (PyInstaller) bundle.
"""

from __future__ import annotations

import os
import sys
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


def frozen_bundle() -> Path | None:
    """The folder of a PyInstaller bundle when running frozen (its ``_internal``), else None."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle and getattr(sys, "frozen", False) else None


# The one place that knows where read-only files live. In a checkout they sit beside the
# package (resources/) and inside it (the migrations, which Alembic loads by path); the
# PyInstaller spec (packaging/station_app.spec) copies both to the same places relative to
# the bundle folder, so every lookup below works frozen without a special case elsewhere.
def resources_dir() -> Path:
    """The read-only resources: beside the package in a checkout, inside a frozen bundle."""
    bundle = frozen_bundle()
    if bundle:
        return bundle / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def package_dir() -> Path:
    """The ``station_app`` folder holding files loaded by path (Alembic's migrations)."""
    bundle = frozen_bundle()
    if bundle:
        return bundle / "station_app"
    return Path(__file__).resolve().parents[1]


def migrations_dir() -> Path:
    return package_dir() / "db" / "migrations"


def bundled_font() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def bundled_font_licence() -> Path:
    return resources_dir() / "fonts" / "LICENSE-wqy-microhei.txt"


def locale_dir() -> Path:
    return resources_dir() / "locale"


def icons_dir() -> Path:
    return resources_dir() / "icons"
