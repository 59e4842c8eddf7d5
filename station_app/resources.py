"""Where the read-only files the app ships live: fonts, translations, icons, migrations.

Standard library only, so every layer (the translations included) may ask. In a checkout
they sit beside the package (``resources/``) and inside it (the migrations, which Alembic
loads by path); the PyInstaller spec (packaging/station_app.spec) copies both to the same
places relative to the bundle folder, so every lookup here works frozen without a special
case elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path


def frozen_bundle() -> Path | None:
    """The folder of a PyInstaller bundle when running frozen (its ``_internal``), else None."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle and getattr(sys, "frozen", False) else None


def resources_dir() -> Path:
    """The read-only resources: beside the package in a checkout, inside a frozen bundle."""
    bundle = frozen_bundle()
    if bundle:
        return bundle / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def package_dir() -> Path:
    """The ``station_app`` folder holding files loaded by path (Alembic's migrations)."""
    bundle = frozen_bundle()
    if bundle:
        return bundle / "station_app"
    return Path(__file__).resolve().parent


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
