"""The bundled font: Chinese renders on a PC that has no Chinese fonts of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from station_app.ui.fonts import BASE_POINT_SIZE, register_bundled_font
from station_app.ui.main_window import MainWindow

BUNDLED_FAMILY = "WenQuanYi Micro Hei"


def test_the_bundled_font_becomes_the_application_font(qapp: QApplication) -> None:
    family = register_bundled_font(qapp)

    assert family == BUNDLED_FAMILY
    font = qapp.font()
    assert font.family() == BUNDLED_FAMILY
    assert QFontInfo(font).family() == BUNDLED_FAMILY, "Qt really resolved it, not a fallback"
    assert font.pointSize() == BASE_POINT_SIZE


def test_the_application_font_has_the_chinese_the_app_shows(qapp: QApplication) -> None:
    register_bundled_font(qapp)
    metrics = QFontMetrics(qapp.font())

    for char in "驿站签到来访者库存服务报表同步设置值班员":
        assert metrics.inFontUcs4(ord(char)), char
    # and the Latin letters and digits of station codes (HF-LY-0012)
    for char in "HFLY-0123456789":
        assert metrics.inFontUcs4(ord(char)), char


def test_the_window_is_drawn_in_the_bundled_font(window: MainWindow) -> None:
    for widget in (window.navigation, window.station_label, window.settings_page.language):
        assert QFontInfo(widget.font()).family() == BUNDLED_FAMILY


def test_a_missing_font_file_leaves_the_font_as_it_was(qapp: QApplication, tmp_path: Path) -> None:
    before = QFont(qapp.font())

    family = register_bundled_font(qapp, tmp_path / "no-such-font.ttc")

    assert family is None
    assert qapp.font() == before
