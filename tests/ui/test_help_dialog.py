"""F1: a short user guide inside the app, in the app's language, naming the buttons and
pages on the screen; the pages' keyboard shortcuts shown in the navigation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app import i18n
from station_app.ui.dialogs.help_dialog import guide_html
from station_app.ui.main_window import MainWindow
from station_app.ui.widgets.navigation_keys import shortcut_of
from tests.ui.expected import NAVIGATION


def test_f1_opens_the_guide_in_chinese_with_each_task_of_the_day(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_dialog
    qtbot.waitExposed(guide)
    text = guide.text.toPlainText()

    assert guide.windowTitle() == "如何使用驿站 Station"
    for heading in ("签到", "交班", "借出与归还", "入库", "打印", "发送到总部"):
        assert heading in text
    # The buttons named as on the screen, the pages with their keys
    for label in ("交班", "借出", "归还", "入库", "打印会员卡", "立即同步", "生成报表"):
        assert label in text, label
    assert "库存 (Ctrl+4)" in text and "同步 (Ctrl+8)" in text
    # It fits a 1024×768 screen
    assert guide.width() <= 1024 and guide.height() <= 700
    guide.reject()


@pytest.fixture
def english() -> Iterator[None]:
    i18n.install("en")
    yield
    i18n.install("zh_CN")


def test_the_guide_is_in_english_too(english: None) -> None:
    text = guide_html({"inventory": "Inventory (Ctrl+4)"})
    assert "Lending and taking back" in text
    assert "Take back" in text and "Inventory (Ctrl+4)" in text
    assert not any("\u4e00" <= letter <= "\u9fff" for letter in text)


def test_each_page_shows_its_shortcut_in_the_navigation(qtbot: QtBot, window: MainWindow) -> None:
    nav = window.navigation
    names = [nav.item(row).text() for row in range(nav.count())]
    keys = [shortcut_of(nav.item(row)) for row in range(nav.count())]
    assert names == NAVIGATION  # the page names stay as they are
    assert keys == [f"Ctrl+{n % 10}" for n in range(1, len(NAVIGATION) + 1)]
    assert nav.item(3).toolTip() == "Ctrl+4"

    # And the key does what it says
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "inventory"
