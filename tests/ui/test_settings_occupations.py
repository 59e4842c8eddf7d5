"""Settings → 职业类别: the station adds its own categories and hides the ones it never sees;
the check-in buttons (as soon as the check-in page is shown again) and the worker form
follow, without a restart and without the settings page knowing about either."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from station_app.app import Station
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.settings_page import SettingsPage
from station_app.ui.widgets.occupation_buttons import OccupationButton
from station_app.ui.widgets.occupation_editor import OccupationEditor
from tests.ui.expected import NAVIGATION, has_chinese
from tests.ui.keyboard import type_text


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    """Given the attendant clicked 设置 in the navigation."""
    nav = window.navigation
    spot = nav.visualItemRect(nav.item(NAVIGATION.index("设置"))).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.settings_page.isVisible()
    return window.settings_page


def listed(editor: OccupationEditor) -> list[str]:
    return [editor.list.item(row).text() for row in range(editor.list.count())]


def checkin_buttons(qtbot: QtBot, window: MainWindow) -> dict[str, OccupationButton]:
    """The check-in page's occupation buttons, as the attendant sees them on that page."""
    window.show_page("checkin")
    buttons = window.checkin_page.occupations.buttons
    qtbot.waitUntil(lambda: all(button.isVisible() for button in buttons.values()))
    return buttons


def button_labels(qtbot: QtBot, window: MainWindow) -> dict[str, str]:
    """The labels of the check-in buttons, looked at on the check-in page; then back."""
    back = window.current_page_key()
    labels = {code: button.label for code, button in checkin_buttons(qtbot, window).items()}
    window.show_page(back)
    return labels


def add(qtbot: QtBot, page: SettingsPage, name: str) -> None:
    """Type a name into 新类别 and press 添加."""
    editor = page.occupations
    editor.name.setFocus()
    type_text(qtbot, editor.name, name)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, editor: OccupationEditor, code: str) -> None:
    """Click a category in the list."""
    row = [entry.code for entry in editor.entries].index(code)
    editor.list.scrollToItem(editor.list.item(row))
    spot = editor.list.visualItemRect(editor.list.item(row)).center()
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert editor.selected() is not None
    assert editor.selected().code == code  # type: ignore[union-attr]


def worker_form_choices(qtbot: QtBot, window: MainWindow) -> list[str]:
    """The occupation choices of the worker form, as 来访者 → 登记 opens it now."""
    window.show_page("workers")
    qtbot.mouseClick(window.workers_page.register_button, Qt.MouseButton.LeftButton)
    dialog = window.workers.dialog
    assert dialog is not None
    combo: QComboBox = dialog.form.occupation
    choices = [combo.itemText(index) for index in range(1, combo.count())]  # 0: 请选择…
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        dialog.reject()
    return choices


def test_the_list_shows_every_category_and_marks_the_hidden_ones(
    page: SettingsPage, set_up_station: Station
) -> None:
    set_up_station.station.set_occupation_active("security_guard", False)
    page.load()
    editor = page.occupations
    assert editor.title() == "职业类别"
    assert listed(editor)[:2] == ["环卫工人", "快递员"]
    assert "保安（已隐藏）" in listed(editor)
    assert len(listed(editor)) == 10
    # Nothing chosen yet: nothing to hide
    assert not editor.toggle_button.isEnabled()


def test_an_added_category_gets_a_check_in_button_and_a_place_in_the_worker_form(
    qtbot: QtBot, page: SettingsPage, window: MainWindow, set_up_station: Station
) -> None:
    # When the attendant types a new category and presses 添加
    with qtbot.waitSignal(window.bus.changed, timeout=2000):
        add(qtbot, page, "园林绿化工")

    # Then the list has it, last and chosen, the field is empty again and the page says so
    editor = page.occupations
    assert listed(editor)[-1] == "园林绿化工"
    assert editor.selected() is not None
    assert editor.selected().code == "custom_1"  # type: ignore[union-attr]
    assert editor.name.text() == ""
    assert not editor.name_error.isVisible()
    assert editor.notice.text() == "已添加“园林绿化工”，签到页上已有它的按钮。"
    # And the check-in page has a button for it, which counts a visit
    assert list(button_labels(qtbot, window).items())[-1] == ("custom_1", "园林绿化工")
    window.show_page("checkin")
    button = window.checkin_page.occupations.buttons["custom_1"]
    qtbot.waitUntil(button.isVisible)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.checkin_page.feedback.state == "accepted"
    assert set_up_station.checkin.today().by_occupation == {"园林绿化工": 1}
    # And the worker form offers it
    assert worker_form_choices(qtbot, window)[-1] == "园林绿化工"


def test_enter_in_the_name_field_adds_too(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    editor = page.occupations
    editor.name.setFocus()
    type_text(qtbot, editor.name, "市政维修工")
    with qtbot.waitSignal(window.bus.changed, timeout=2000):
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert "市政维修工" in button_labels(qtbot, window).values()


def test_hiding_takes_the_button_away_and_showing_brings_it_back_in_its_place(
    qtbot: QtBot, page: SettingsPage, window: MainWindow, set_up_station: Station
) -> None:
    editor = page.occupations
    choose(qtbot, editor, "courier")
    assert editor.toggle_button.text() == "隐藏"

    # When the attendant hides 快递员
    with qtbot.waitSignal(window.bus.changed, timeout=2000):
        qtbot.mouseClick(editor.toggle_button, Qt.MouseButton.LeftButton)

    # Then the list marks it, it stays chosen, and the button offers to show it again
    assert listed(editor)[1] == "快递员（已隐藏）"
    assert editor.selected() is not None
    assert editor.selected().code == "courier"  # type: ignore[union-attr]
    assert editor.toggle_button.text() == "显示"
    assert editor.notice.text() == "已隐藏“快递员”。以往的来访和已登记的来访者仍保留此类别。"
    # And neither the check-in page nor the worker form offers it any more
    assert "courier" not in button_labels(qtbot, window)
    assert "快递员" not in worker_form_choices(qtbot, window)

    # When it is shown again, Then it is back in its place
    window.show_page("settings")
    qtbot.mouseClick(editor.toggle_button, Qt.MouseButton.LeftButton)
    assert listed(editor)[1] == "快递员"
    assert list(button_labels(qtbot, window))[:3] == ["sanitation", "courier", "delivery_rider"]
    assert editor.notice.text() == "“快递员”已重新显示在签到页上。"


def test_mistakes_are_explained_under_the_field_and_change_nothing(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    editor = page.occupations
    before = button_labels(qtbot, window)
    with qtbot.assertNotEmitted(window.bus.changed):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.name_error.isVisible()
    assert editor.name_error.text() == "请输入职业类别的名称。"
    assert editor.name.hasFocus()

    with qtbot.assertNotEmitted(window.bus.changed):
        add(qtbot, page, "外卖 骑手")
    assert editor.name_error.text() == "“外卖骑手”已在列表中。"
    assert editor.name.text() == "外卖 骑手"  # kept, to correct
    assert button_labels(qtbot, window) == before

    # Corrected, the error goes
    editor.name.clear()
    add(qtbot, page, "园林绿化工")
    assert not editor.name_error.isVisible()


def test_other_cannot_be_hidden_and_the_page_says_why(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    editor = page.occupations
    choose(qtbot, editor, "other")
    with qtbot.assertNotEmitted(window.bus.changed):
        qtbot.mouseClick(editor.toggle_button, Qt.MouseButton.LeftButton)
    assert editor.notice.property("problem") is True
    assert editor.notice.text().startswith("“其他户外劳动者”不能隐藏")
    assert has_chinese(editor.notice.text())
    assert "other" in button_labels(qtbot, window)
    assert listed(editor)[-1] == "其他户外劳动者"


def test_new_buttons_show_a_group_count_like_the_others(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    window.checkin_page.group_size.setValue(3)
    add(qtbot, page, "园林绿化工")
    buttons = checkin_buttons(qtbot, window)
    assert buttons["custom_1"].property("group") is True
    assert buttons["sanitation"].property("group") is True


def test_a_long_name_is_shortened_on_its_button_not_the_others(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    long_name = "城市道路桥梁养护维修与应急抢险作业人员们"
    add(qtbot, page, long_name)
    window.show_page("checkin")
    buttons = window.checkin_page.occupations.buttons
    qtbot.waitUntil(buttons["custom_1"].isVisible)
    button = buttons["custom_1"]
    assert button.text().endswith("…") and len(button.text()) < len(long_name)
    assert button.toolTip() == long_name
    assert [b.text() for b in buttons.values() if b is not button] == [
        b.label for b in buttons.values() if b is not button
    ]


def test_twelve_buttons_fit_on_the_smallest_screen(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    # Given the smallest window the app allows, and the most categories it shows at once
    window.resize(1024, 700)
    add(qtbot, page, "园林绿化工")
    add(qtbot, page, "市政维修工")
    checkin = window.checkin_page
    buttons = list(checkin_buttons(qtbot, window).values())
    assert len(buttons) == 12

    # Then every button is whole, inside its box, the box above the status bar, and each
    # button still a big target; also while the answer panel explains a refused card
    assert window.size().toTuple() == (1024, 700)
    box = checkin.anonymous_box
    for shown in ("idle", "refused"):
        if shown == "refused":
            window.checkin.check_in("HF-LY-0012-999999")
            qtbot.wait(50)  # the layout settles after the event loop turns
        assert checkin.feedback.state == shown
        assert box.mapTo(window, QPoint(0, box.height())).y() <= window.statusBar().y()
        for button in buttons:
            # Inside the button area (which clips what overflows it), inside the box
            assert checkin.occupations.rect().contains(button.geometry()), button.label
            bottom = button.mapTo(box, QPoint(0, button.height())).y()
            assert bottom <= box.height() - 4, button.label
            assert button.height() >= 40
            assert button.text() == button.label
