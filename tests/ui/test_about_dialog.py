"""About 驿站 Station: the guide (F1) or the settings page shows the version, the data
folder, and what ships inside with its licence, the font's full licence text first."""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from station_app import __version__
from station_app.ui.dialogs.about_dialog import AboutDialog
from station_app.ui.main_window import MainWindow


def while_open(window: MainWindow, look: Callable[[AboutDialog], None]) -> list[bool]:
    """Call ``look`` on the About dialog once it is up (exec() blocks), then close it."""
    seen: list[bool] = []
    timer = QTimer(window)  # the window keeps it alive

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, AboutDialog):
            timer.stop()
            try:
                look(modal)
                seen.append(True)
            finally:
                modal.reject()

    timer.timeout.connect(poll)
    timer.start(20)
    return seen


def test_f1_shows_the_version_the_data_folder_and_the_fonts_licence(
    qtbot: QtBot, window: MainWindow
) -> None:
    shown: dict[str, str] = {}

    def look(dialog: AboutDialog) -> None:
        shown["title"] = dialog.windowTitle()
        shown["version"] = dialog.version_label.text()
        shown["data"] = dialog.data_label.text()
        shown["first"] = dialog.list.item(0).text()
        shown["text"] = dialog.text.toPlainText()

    # When the attendant presses F1 in the main window, then 关于与许可证… in the guide
    seen = while_open(window, look)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_dialog
    qtbot.mouseClick(guide.about_button, Qt.MouseButton.LeftButton)
    guide.reject()

    # Then the About dialog showed, in Chinese, what version this is and where the data is
    assert seen == [True]
    assert shown["title"] == "关于驿站 Station"
    assert shown["version"].startswith(f"版本 {__version__}")
    assert str(window.station.paths.root) in shown["data"]
    # And the bundled font is first, its full licence text on show
    assert "WenQuanYi Micro Hei" in shown["first"]
    assert "Apache-2.0" in shown["first"]
    assert "Upstream-Name: WenQuanYi Micro Hei" in shown["text"]
    assert "Apache License" in shown["text"]


def test_the_settings_page_lists_every_library_with_its_installed_version(
    qtbot: QtBot, window: MainWindow
) -> None:
    rows: list[str] = []
    qt_text: list[str] = []

    def look(dialog: AboutDialog) -> None:
        rows.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        qt_row = next(i for i, row in enumerate(rows) if row.startswith("PySide6"))
        dialog.list.setCurrentRow(qt_row)
        qt_text.append(dialog.text.toPlainText())

    # When the attendant clicks 关于驿站 Station… on the settings page
    window.show_page("settings")
    seen = while_open(window, look)
    window.settings_page.about_button.click()

    # Then each library is listed with the version installed and its licence
    assert seen == [True]
    listed = "\n".join(rows)
    for name in ("SQLAlchemy", "alembic", "reportlab", "qrcode", "cryptography", "pypdfium2"):
        assert f"{name} {metadata.version(name)}" in listed
    assert "Python " in listed
    # And Qt's licence (LGPL-3.0) can be read in full
    assert "LGPL-3.0" in qt_text[0]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt_text[0]
