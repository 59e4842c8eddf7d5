"""Signing in, handing over, what an attendant's role shows, the admin's attendants and
audit log, and the backup controls of the settings page — on a station opened as the GUI
opens it (nobody is trusted until they sign in)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from station_app.app import Station
from station_app.domain.enums import Role
from station_app.services.accounts.audit_reader import AuditFilter
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.restore_dialog import RestoreDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import PROFILE
from tests.ui.keyboard import keys_delivered, type_text
from tests.ui.test_checkin_page import give_card


@pytest.fixture
def desk(station: Station) -> Iterator[Station]:
    """A set-up station with its admin and one attendant, nobody signed in, GUI rules."""
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    station.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    station.accounts.sign_out()
    station.db.duty.console = False
    yield station


@pytest.fixture
def locked(qtbot: QtBot, desk: Station, runner: TaskRunner) -> MainWindow:
    main = MainWindow(desk, runner)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    return main


def _id(station: Station, name: str) -> int:
    return next(person.id for person in station.accounts.on_duty() if person.name == name)


def sign_in(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> None:
    page = window.sign_in_page
    button = page.names.button(_id(window.station, name))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.secret.hasFocus()  # tapping the name puts the cursor in the PIN field
    qtbot.keyClicks(page.secret, pin)
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)


def hand_over(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """交班, then the confirmation's 交班 button; returns the question it asked."""
    qtbot.mouseClick(window.hand_over_button, Qt.MouseButton.LeftButton)
    question = window.hand_over_question
    assert question.isVisible()
    confirm = question.findChild(QPushButton, "confirmHandOver")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    # The window is active again once the question closes (offscreen Qt needs telling).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return question


def test_the_window_opens_on_sign_in_and_a_wrong_pin_keeps_it_shut(
    qtbot: QtBot, locked: MainWindow
) -> None:
    assert locked.screens.currentWidget() is locked.sign_in_page
    assert locked.attendant_label.text() == "值班员：尚无人签到"
    assert not locked.hand_over_button.isVisible()
    qtbot.keyClick(locked, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert locked.screens.currentWidget() is locked.sign_in_page  # no way round it

    sign_in(qtbot, locked, "李明", "0000")
    assert locked.screens.currentWidget() is locked.sign_in_page
    assert locked.sign_in_page.notice.text() == "PIN 码或密码错误，请重试。"
    assert locked.sign_in_page.secret.text() == ""


def test_an_attendant_works_without_the_admin_places_and_hands_over(
    qtbot: QtBot, locked: MainWindow, desk: Station
) -> None:
    sign_in(qtbot, locked, "李明", "1357")
    assert locked.screens.currentWidget() is locked.working
    assert locked.current_page_key() == "checkin"
    assert locked.attendant_label.text() == "值班员：李明"
    nav = locked.navigation
    hidden = {key for row, key in enumerate(locked.page_keys) if nav.item(row).isHidden()}
    assert hidden == {"settings", "audit"}
    settings_row = locked.page_keys.index("settings")
    qtbot.keyClick(locked, Qt.Key.Key_1 + settings_row, Qt.KeyboardModifier.ControlModifier)
    assert locked.current_page_key() == "checkin"

    # A tap on the check-in page is written in their name
    button = next(iter(locked.checkin_page.occupations.buttons.values()))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with sqlite3.connect(desk.paths.database) as conn:
        assert conn.execute("SELECT attendant_id FROM visit").fetchall() == [(_id(desk, "李明"),)]

    hand_over(qtbot, locked)
    assert locked.screens.currentWidget() is locked.sign_in_page
    assert desk.accounts.current() is None


def test_the_next_attendant_finds_the_check_in_page_cleared_of_the_last_shift(
    qtbot: QtBot, locked: MainWindow, desk: Station
) -> None:
    # Given 李明 on duty checked 老王 in and recorded hot water for him
    sign_in(qtbot, locked, "李明", "1357")
    page, controller = locked.checkin_page, locked.checkin
    controller.chime.enabled = False
    card = give_card(desk, "老王")
    result = controller.check_in(card.qr_text)
    assert result is not None and result.status is CheckinStatus.ACCEPTED
    qtbot.mouseClick(page.services.buttons["hot_water"], Qt.MouseButton.LeftButton)
    assert page.feedback.headline.text() == "老王"
    assert page.feedback.undo_button.isVisible()
    assert page.services.buttons["drinking_water"].isEnabled()
    (visit_id,) = result.visit_ids

    # When he hands over and 王站长 signs in
    hand_over(qtbot, locked)
    sign_in(qtbot, locked, "王站长", "2580")

    # Then the check-in page shows no last visitor, and nothing of his can be tapped
    assert locked.current_page_key() == "checkin" and page.isVisible()
    assert page.feedback.state == "idle"
    assert "老王" not in page.feedback.headline.text()
    assert "老王" not in page.feedback.detail.text()
    assert not page.feedback.undo_button.isVisible()
    assert not page.feedback.note.isVisible()
    assert page.services.recorded == {}
    assert not any(button.isEnabled() for button in page.services.buttons.values())
    assert page.card_number.text() == ""
    # And a tap records nothing on 李明's visit, even if the button were reached
    qtbot.mouseClick(page.services.buttons["drinking_water"], Qt.MouseButton.LeftButton)
    assert not controller.give_service("drinking_water")
    controller.undo()
    assert [record.service_code for record in desk.service_log.for_visit(visit_id)] == ["hot_water"]
    assert desk.checkin.today().visits == 1


def test_the_admin_adds_an_attendant_who_can_then_sign_in(
    qtbot: QtBot, locked: MainWindow, desk: Station
) -> None:
    sign_in(qtbot, locked, "王站长", "2580")
    assert locked.attendant_label.text() == "值班员：王站长（站长）"
    locked.show_page("settings")
    people = locked.open_attendants()
    adding = people.edit(None)
    type_text(qtbot, adding.form.name, "张华")
    qtbot.keyClicks(adding.form.secret, "8642")
    qtbot.keyClicks(adding.form.again, "8642")
    keys_delivered(qtbot)
    with qtbot.waitSignal(adding.accepted, timeout=2000):
        adding.save()
    assert "张华 · 值班员" in [people.people.item(i).text() for i in range(people.people.count())]
    people.accept()

    hand_over(qtbot, locked)
    sign_in(qtbot, locked, "张华", "8642")
    assert locked.attendant_label.text() == "值班员：张华"


def test_the_admin_reads_the_audit_log_filtered_by_who(
    qtbot: QtBot, locked: MainWindow, desk: Station
) -> None:
    sign_in(qtbot, locked, "李明", "0000")  # a wrong try is in the log too
    sign_in(qtbot, locked, "李明", "1357")
    hand_over(qtbot, locked)
    sign_in(qtbot, locked, "王站长", "2580")
    locked.show_page("audit")
    page = locked.audit_page
    page.load_people()
    page.who.setCurrentIndex(page.who.findText("李明"))
    model = page.model
    shown = [model.index(row, 2).data() for row in range(model.rowCount())]
    assert shown == ["交班 / 退出", "签到上岗", "签到时 PIN 码错误"]
    assert page.summary.text() == "共 3 条"
    assert {model.index(row, 1).data() for row in range(model.rowCount())} == {"李明"}


def test_backup_settings_and_backing_up_now_from_the_settings_page(
    qtbot: QtBot, locked: MainWindow, desk: Station, runner: TaskRunner, tmp_path
) -> None:
    sign_in(qtbot, locked, "王站长", "2580")
    locked.show_page("settings")
    page = locked.settings_page
    stick = tmp_path / "usb"
    stick.mkdir()
    page.backup_folder.setText(str(stick))
    page.retention_years.setValue(3)
    qtbot.mouseClick(page.save_safety_button, Qt.MouseButton.LeftButton)
    assert page.safety_notice.text() == "已保存。"
    stored = json.loads(desk.paths.settings.read_text(encoding="utf-8"))
    assert stored["backup_folder"] == str(stick) and stored["retention_years"] == 3
    (event,) = desk.audit.events(AuditFilter(group="settings"), 0, 1)
    assert event.detail == "backup_folder retention_years" and event.who == "王站长"

    with qtbot.waitSignal(runner.finished, timeout=10_000):
        qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    (backup,) = stick.glob("station-*.sqlite3")
    assert str(backup) in page.safety_notice.text()


def test_restore_asks_first_then_the_chosen_backup_replaces_the_data(
    qtbot: QtBot, locked: MainWindow, desk: Station, runner: TaskRunner
) -> None:
    sign_in(qtbot, locked, "王站长", "2580")
    backup = desk.backups.back_up().path
    page = locked.settings_page
    question = page.ask_restore()
    assert question is not None
    with qtbot.waitSignal(page.restore_requested, timeout=2000):
        next(
            button
            for button in question.buttons()
            if question.buttonRole(button) != QMessageBox.ButtonRole.RejectRole
        ).click()
    # The launcher then closes the window and the database (run_gui) and asks:
    desk.checkin.anonymous("courier", 3)  # written after the backup: the restore drops it
    desk.close()
    dialog = RestoreDialog(desk.backups, None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert str(backup) in " ".join(
        label.text() for label in dialog.findChildren(type(page.safety_notice))
    )
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.restore_button.click()
    with sqlite3.connect(desk.paths.database) as conn:
        assert conn.execute("SELECT count(*) FROM visit").fetchone() == (0,)
    QApplication.processEvents()


def test_an_attendant_is_told_stock_adjustments_are_the_admins(
    qtbot: QtBot, locked: MainWindow, desk: Station
) -> None:
    water = desk.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    sign_in(qtbot, locked, "李明", "1357")
    locked.show_page("inventory")
    locked.inventory.refresh()
    locked.inventory.select(water)
    assert locked.inventory.adjust() is None
    assert locked.inventory.stocktake() is None
    notice = locked.inventory_page.notice.text()
    assert notice == "只有站长（管理员）可以这样做。请站长签到后再操作。"

    hand_over(qtbot, locked)
    sign_in(qtbot, locked, "王站长", "2580")
    dialog = locked.inventory.adjust()
    assert dialog is not None
    dialog.reject()


def test_the_audit_log_shows_names_and_says_what_it_leaves_out(
    qtbot: QtBot, locked: MainWindow, desk: Station, tmp_path
) -> None:
    sign_in(qtbot, locked, "王站长", "2580")
    desk.inventory.create_item(ItemInput("饮用水", "drinks", "瓶"))
    locked.show_page("settings")
    page = locked.settings_page
    page.dedupe_minutes.setValue(45)
    qtbot.mouseClick(page.save_checkin_button, Qt.MouseButton.LeftButton)

    locked.show_page("audit")
    audit = locked.audit_page
    audit.reload()
    model = audit.model
    rows = [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    targets = {row[2]: row[3] for row in rows}
    details = {row[2]: row[4] for row in rows}
    assert targets["添加物资"] == "物资 饮用水"
    assert targets["签到上岗"] == "值班员 王站长"
    assert details["修改设置"] == "同一张卡在多少分钟内再次签到不重复计数"
    assert not [row for row in rows if re.search(r"\s\d+$", row[3])], rows  # no row ids
    # The lead says truthfully what is not in the log
    assert "签到、提供的服务以及入库和出库不记在这里" in audit.lead.text()
    audit.grab().save("/tmp/sd/audit.png")
