"""Qt's own words (standard buttons, the file dialog, the calendar) follow the UI language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from station_app import i18n
from station_app.ui.launch import make_application
from station_app.ui.qt_translations import install_qt_translations, translation_folders
from station_app.ui.widgets.date_edit import date_edit


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    i18n.install(i18n.DEFAULT_LANGUAGE)
    install_qt_translations(qapp)  # the next test starts in Chinese, as the app does


def button_texts(box: QMessageBox) -> list[str]:
    """The words on the buttons, without the mnemonic ("否(&N)" reads 否)."""
    return [button.text().replace("&", "").split("(")[0] for button in box.buttons()]


def test_qt_standard_buttons_speak_the_ui_language(qtbot: QtBot, app: QApplication) -> None:
    # At start-up (the default language is Chinese)
    i18n.install("zh_CN")
    make_application()
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "?",
        "?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(box)
    assert sorted(button_texts(box)) == sorted(["是", "否"])

    # In English Qt's own English comes back
    i18n.install("en")
    assert not install_qt_translations(app)
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert button_texts(box) == ["Cancel"]


def test_the_file_dialog_and_calendar_are_in_chinese(qtbot: QtBot, app: QApplication) -> None:
    i18n.install("zh_CN")
    assert install_qt_translations(app)
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    # Qt's Chinese leaves a label or two in English; the file name and the buttons are there
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(text.startswith("文件名称") for text in labels), labels
    buttons = [button.text() for button in dialog.findChildren(QPushButton)]
    assert "取消" in buttons, buttons

    edit = date_edit()
    qtbot.addWidget(edit)
    menu = edit.calendar_button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    calendar = edit.findChild(QCalendarWidget) or edit.calendar
    assert calendar.locale().monthName(1) == "一月"


def test_qt_translations_are_found_beside_the_binding() -> None:
    # The bundle keeps PySide6/Qt/translations (packaging/station_app.spec); the app looks there
    assert any((folder / "qtbase_zh_CN.qm").is_file() for folder in translation_folders())
    assert any(
        folder.parts[-3:] == ("PySide6", "Qt", "translations") for folder in translation_folders()
    )
