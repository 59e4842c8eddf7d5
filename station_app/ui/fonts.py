"""The bundled CJK font, so Chinese renders on a PC that has no Chinese fonts."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from station_app.resources import bundled_font

log = logging.getLogger(__name__)
BASE_POINT_SIZE = 13  # large, readable type for older attendants


def register_bundled_font(app: QApplication, font_file: Path | None = None) -> str | None:
    """Load the bundled font into Qt and make it the app's font; returns its family."""
    path = font_file or bundled_font()
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("could not load bundled font %s; Chinese may not render", path)
        return None
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(family, BASE_POINT_SIZE)
    app.setFont(font)
    return family
