"""Settings: the admin types the hours posted at the door and the declared closed days;
they are stored where the next start finds them, and bad input is refused whole."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.config.settings import CLOSED_DAYS, POSTED_HOURS, Settings
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.settings_page import SettingsPage
from tests.ui.expected import NAVIGATION, has_chinese
from tests.ui.keyboard import clear, type_text


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    """Given the admin clicked 设置 in the navigation."""
    nav = window.navigation
    spot = nav.visualItemRect(nav.item(NAVIGATION.index("设置"))).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.settings_page.isVisible()
    return window.settings_page


def on_disk(station: Station) -> Settings:
    """The settings as the next start reads them."""
    return Settings.load(station.paths.settings)


def fill(qtbot: QtBot, page: SettingsPage, week: list[str], closed: str) -> None:
    for field, hours in zip(page.posted_hours, week, strict=True):
        clear(qtbot, field)
        if hours:
            type_text(qtbot, field, hours)
    page.closed_days.setPlainText(closed)
    qtbot.mouseClick(page.save_hours_button, Qt.MouseButton.LeftButton)


def test_hours_and_closed_days_are_stored_and_shown_again(
    qtbot: QtBot, page: SettingsPage, set_up_station: Station
) -> None:
    week = ["7:00-19:00"] * 5 + ["08:00-12:00", ""]
    fill(qtbot, page, week, "2026-10-01 国庆节\n\n2026-12-08  空调维修 ")

    stored = on_disk(set_up_station)
    assert stored.get(POSTED_HOURS) == ("07:00-19:00",) * 5 + ("08:00-12:00", "")
    assert stored.get(CLOSED_DAYS) == (("2026-10-01", "国庆节"), ("2026-12-08", "空调维修"))
    assert has_chinese(page.hours_notice.text())
    # The page shows what is stored, tidied: the next admin reads it as saved.
    page.load()
    assert [field.text() for field in page.posted_hours][:1] == ["07:00-19:00"]
    assert page.posted_hours[6].text() == ""
    assert page.closed_days.toPlainText() == "2026-10-01 国庆节\n2026-12-08 空调维修"


@pytest.mark.parametrize(
    "case",
    [
        ("19:00-07:00", "", "关门时间必须晚于开门时间"),
        ("7点到19点", "", "07:00-19:00"),
        ("07:00-19:00", "十月一日 国庆", "不是"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_saved(
    qtbot: QtBot, page: SettingsPage, set_up_station: Station, case: tuple[str, str, str]
) -> None:
    week_day, closed, said = case
    fill(qtbot, page, ["07:00-19:00"] * 6 + [week_day], closed)
    assert said in page.hours_notice.text()
    stored = (
        json.loads(set_up_station.paths.settings.read_text(encoding="utf-8"))
        if (set_up_station.paths.settings.exists())
        else {}
    )
    assert POSTED_HOURS.key not in stored
    assert CLOSED_DAYS.key not in stored
