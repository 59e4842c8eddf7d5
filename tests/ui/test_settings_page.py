"""Settings: the station's details and the language, stored where the next start finds them."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from station_app.app import Station
from station_app.config.paths import SETTINGS_FILENAME
from station_app.config.settings import DEDUPE_MINUTES, Settings
from station_app.db.engine import Database
from station_app.domain.station import StationProfile
from station_app.i18n import _
from station_app.services.changes import Subject
from station_app.services.station.profile import StationService
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import Ops
from station_app.ui.pages.settings_page import SettingsPage
from tests.ui.expected import NAVIGATION, PROFILE, has_chinese
from tests.ui.keyboard import clear, keys_delivered, type_text

NEW_NAME = "逍遥津环卫工人驿站"


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    """Given the attendant clicked 设置 in the navigation."""
    nav = window.navigation
    spot = nav.visualItemRect(nav.item(NAVIGATION.index("设置"))).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.settings_page.isVisible()
    return window.settings_page


def stored_profile_on_disk(station: Station) -> StationProfile | None:
    """The profile as a fresh connection to the database file reads it."""
    db = Database.open(station.paths.database)
    try:
        return StationService(db, station.clock).profile()
    finally:
        db.close()


def test_the_page_shows_what_is_stored(page: SettingsPage) -> None:
    form = page.profile_form
    assert form.edits["code"].text() == PROFILE.code
    assert form.edits["name"].text() == PROFILE.name
    assert form.edits["district"].text() == PROFILE.district
    assert form.edits["address"].text() == PROFILE.address
    assert form.edits["opening_hours"].text() == PROFILE.opening_hours
    assert page.language.currentData() == "zh_CN"
    assert page.language.currentText() == "简体中文"


def test_a_new_name_is_stored_and_shown_in_the_window(
    qtbot: QtBot, page: SettingsPage, window: MainWindow, set_up_station: Station
) -> None:
    # Given the attendant replaces the station's name
    name = page.profile_form.edits["name"]
    clear(qtbot, name)
    type_text(qtbot, name, NEW_NAME)

    # When they press "Save station details"
    with qtbot.waitSignal(window.bus.changed, timeout=2000) as saved:
        qtbot.mouseClick(page.save_profile_button, Qt.MouseButton.LeftButton)

    # Then the database has it, and the window heard that the station's details changed
    stored = stored_profile_on_disk(set_up_station)
    assert stored == dataclasses.replace(PROFILE, name=NEW_NAME)
    assert Subject.PROFILE in saved.args[0]
    # And the page says so, and the status bar and the title show the new name
    assert page.profile_notice.isVisible()
    assert page.profile_notice.text() == _("Saved.")
    assert has_chinese(page.profile_notice.text())
    assert NEW_NAME in window.station_label.text()
    assert PROFILE.code in window.station_label.text()
    assert NEW_NAME in window.windowTitle()
    assert PROFILE.name not in window.windowTitle()


def test_a_code_typed_in_small_letters_is_stored_and_shown_in_capitals(
    qtbot: QtBot, page: SettingsPage, set_up_station: Station
) -> None:
    code = page.profile_form.edits["code"]
    clear(qtbot, code)
    qtbot.keyClicks(code, " hf-ly-0013 ")

    qtbot.mouseClick(page.save_profile_button, Qt.MouseButton.LeftButton)

    stored = set_up_station.station.profile()
    assert stored is not None
    assert stored.code == "HF-LY-0013"
    assert code.text() == "HF-LY-0013"


def test_a_bad_code_is_explained_and_nothing_changes(
    qtbot: QtBot, page: SettingsPage, window: MainWindow, set_up_station: Station
) -> None:
    # Given the attendant mistypes the code (spaces and a "!")
    code = page.profile_form.edits["code"]
    clear(qtbot, code)
    qtbot.keyClicks(code, "HF LY 12!")
    name = page.profile_form.edits["name"]
    clear(qtbot, name)
    type_text(qtbot, name, NEW_NAME)

    # When they save
    with qtbot.assertNotEmitted(window.bus.changed):
        qtbot.mouseClick(page.save_profile_button, Qt.MouseButton.LeftButton)

    # Then the code field explains the rule, in Chinese, and the cursor is back in it
    error = page.profile_form.errors["code"]
    assert error.isVisible()
    assert error.text() == _(
        "A station code has 3 to 32 letters, digits or dashes, for example HF-LY-0012."
    )
    assert has_chinese(error.text())
    assert code.hasFocus()
    assert not page.profile_notice.text()
    # And nothing was stored, not even the good new name; the window still shows the old one
    assert stored_profile_on_disk(set_up_station) == PROFILE
    assert PROFILE.name in window.station_label.text()
    assert PROFILE.name in window.windowTitle()


def test_after_fixing_the_code_the_error_goes_away(
    qtbot: QtBot, page: SettingsPage, set_up_station: Station
) -> None:
    code = page.profile_form.edits["code"]
    clear(qtbot, code)
    qtbot.mouseClick(page.save_profile_button, Qt.MouseButton.LeftButton)
    assert page.profile_form.errors["code"].isVisible()

    qtbot.keyClicks(code, "HF-LY-0099")
    qtbot.mouseClick(page.save_profile_button, Qt.MouseButton.LeftButton)

    assert not page.profile_form.errors["code"].isVisible()
    stored = set_up_station.station.profile()
    assert stored is not None
    assert stored.code == "HF-LY-0099"


def choose_english(qtbot: QtBot, page: SettingsPage) -> None:
    page.language.setCurrentIndex(page.language.findData("en"))
    assert page.language.currentData() == "en"
    qtbot.mouseClick(page.save_language_button, Qt.MouseButton.LeftButton)


def test_english_is_written_to_the_settings_file_for_the_next_start(
    qtbot: QtBot, page: SettingsPage, window: MainWindow, set_up_station: Station
) -> None:
    choose_english(qtbot, page)

    assert Settings.load(set_up_station.paths.settings).language == "en"
    notice = page.language_notice
    assert notice.isVisible()
    assert notice.text() == _("The new language applies when you restart the app.")
    assert has_chinese(notice.text())
    # It applies after a restart, so the window is still in Chinese now.
    assert window.navigation.item(0).text() == NAVIGATION[0]


@pytest.fixture
def unwritable_data_folder(set_up_station: Station, tmp_path: Path) -> Iterator[Path]:
    """The data folder can no longer be written while the app runs, as when the USB stick
    it was on is swapped for another thing of that name: its path now leads to a file.
    Unlike taking away the write permission, this stops root too (CI runs as root). The
    station's open files keep working; the folder itself, moved aside, is yielded."""
    folder = set_up_station.paths.root
    moved = folder.rename(tmp_path / "moved-aside")
    folder.write_text("not a folder", encoding="utf-8")
    try:
        yield moved
    finally:
        folder.unlink()
        moved.rename(folder)


def test_a_data_folder_that_cannot_be_written_gives_a_message_not_a_crash(
    qtbot: QtBot,
    page: SettingsPage,
    window: MainWindow,
    set_up_station: Station,
    unwritable_data_folder: Path,
) -> None:
    choose_english(qtbot, page)

    notice = page.language_notice
    assert notice.isVisible()
    problem_start = _("Could not save the settings file: {error}").split("{error}")[0]
    assert notice.text().startswith(problem_start)
    assert has_chinese(notice.text())
    assert notice.property("problem") is True
    assert window.isVisible()
    assert not (unwritable_data_folder / SETTINGS_FILENAME).exists()
    # Not saved, so not in force: a later look at the page shows the language that is.
    assert set_up_station.settings.language == "zh_CN"
    page.load()
    assert page.language.currentData() == "zh_CN"


def test_the_check_in_window_is_shown_and_saved_for_the_next_scan(
    qtbot: QtBot, page: SettingsPage, set_up_station: Station
) -> None:
    # Given the default: the same card within 30 minutes is not counted twice
    spin = page.dedupe_minutes
    assert spin.value() == 30
    assert (spin.minimum(), spin.maximum()) == (1, 240)

    # When the attendant makes it an hour and saves
    spin.setFocus()
    clear(qtbot, spin)
    qtbot.keyClicks(spin, "60")
    keys_delivered(qtbot)
    qtbot.mouseClick(page.save_checkin_button, Qt.MouseButton.LeftButton)

    # Then the file has it, the running station uses it, and the page says so
    assert Settings.load(set_up_station.paths.settings).get(DEDUPE_MINUTES) == 60
    assert set_up_station.settings.get(DEDUPE_MINUTES) == 60
    assert page.checkin_notice.text() == _("Saved. It applies from the next scan.")
    assert has_chinese(page.checkin_notice.text())


def test_the_check_in_window_reads_as_one_chinese_sentence(page: SettingsPage) -> None:
    box = page.dedupe_minutes.parentWidget()
    assert box is not None
    texts = [label.text() for label in box.findChildren(QLabel) if label.text()]
    assert texts[:2] == ["同一张卡在", "分钟内不重复计数"]


def test_a_hand_edited_file_shows_the_defaults_for_what_does_not_fit(
    qtbot: QtBot, set_up_station: Station
) -> None:
    # Given settings.json edited by hand: a word for the window, a century of retention
    path = set_up_station.paths.settings
    hand_edited = {"dedupe_minutes": "lots", "retention_years": 100, "report_autosave": False}
    path.write_text(json.dumps(hand_edited), encoding="utf-8")

    # When the app reads it and the admin opens the settings
    station = dataclasses.replace(set_up_station, settings=Settings.load(path))
    page = SettingsPage(station, Ops())
    qtbot.addWidget(page)

    # Then what does not fit is at its default, and what fits is as written
    assert page.dedupe_minutes.value() == 30
    assert page.retention_years.value() == 0
    assert page.report_autosave.isChecked() is False
