"""The application icon (packaging/icons/make_icons.py draws it) for every window."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from station_app.resources import icons_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """All sizes in one icon, so title bars and task bars pick a sharp one."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = icons_dir() / f"station-app-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon
