"""A scan means one thing wherever it lands, and a hand-over is a real event.

The scanner is simulated as it types: a burst of keys a few milliseconds apart, then Enter.
Each step is checked in the database: which rows exist, in whose name.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.i18n import _
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import LendDialog
from station_app.ui.dialogs.visit_services_dialog import VisitServicesDialog
from station_app.ui.main_window import MainWindow
from tests.ui.keyboard import TimedKeys
from tests.ui.test_accounts_gui import _id, desk, hand_over, locked, sign_in  # noqa: F401
from tests.ui.test_checkin_page import give_card


def rows(station: Station, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(station.paths.database) as conn:
        return conn.execute(sql).fetchall()


def test_scans_on_the_sign_in_screen_say_sign_in_first_and_lock_nobody(
    qtbot: QtBot,
    locked: MainWindow,  # noqa: F811
    desk: Station,  # noqa: F811
) -> None:
    card = give_card(desk)
    page = locked.sign_in_page
    qtbot.mouseClick(page.names.button(_id(desk, "王站长")), Qt.MouseButton.LeftButton)
    keys = TimedKeys()
    for _scan in range(8):  # more than the free tries before a lock
        keys.scan(card.qr_text)

    assert page.notice.text() == "请先签到上岗"
    assert page.secret.text() == ""  # none of the code went into the PIN box
    assert rows(desk, "SELECT count(*) FROM visit") == [(0,)]
    assert rows(desk, "SELECT sum(failed_attempts) FROM attendant") == [(0,)]
    assert rows(desk, "SELECT count(*) FROM audit_event WHERE action LIKE '%failed'") == [(0,)]
    # The admin still signs in at once
    sign_in(qtbot, locked, "王站长", "2580")
    assert locked.screens.currentWidget() is locked.working


def test_a_scan_on_a_page_that_does_not_take_scans_checks_in_on_the_check_in_page(
    qtbot: QtBot,
    locked: MainWindow,  # noqa: F811
    desk: Station,  # noqa: F811
) -> None:
    card = give_card(desk)
    sign_in(qtbot, locked, "李明", "1357")
    locked.checkin.chime.enabled = False
    locked.show_page("visits")
    locked.navigation.setFocus()

    TimedKeys().scan(card.qr_text)

    assert locked.current_page_key() == "checkin"
    assert locked.checkin_page.feedback.state == "accepted"
    assert rows(desk, "SELECT attendant_id FROM visit") == [(_id(desk, "李明"),)]


def test_a_scan_in_the_register_worker_dialog_checks_in_and_leaves_the_form_alone(
    qtbot: QtBot,
    locked: MainWindow,  # noqa: F811
    desk: Station,  # noqa: F811
) -> None:
    card = give_card(desk)
    sign_in(qtbot, locked, "李明", "1357")
    locked.checkin.chime.enabled = False
    locked.show_page("workers")
    dialog = locked.workers.register()
    qtbot.waitExposed(dialog)
    dialog.form.name.setFocus()

    TimedKeys().scan(card.qr_text, to=dialog.form.name)  # the cursor in the name field

    assert dialog.isVisible()  # the half-filled form stays open, untouched
    assert dialog.form.name.text() == ""
    assert rows(desk, "SELECT count(*) FROM worker") == [(1,)]  # nobody registered
    assert rows(desk, "SELECT attendant_id FROM visit") == [(_id(desk, "李明"),)]
    assert locked.current_page_key() == "checkin"
    dialog.reject()


def test_a_scan_in_the_lend_dialog_names_the_borrower_and_lends_nothing_yet(
    qtbot: QtBot,
    locked: MainWindow,  # noqa: F811
    desk: Station,  # noqa: F811
) -> None:
    card = give_card(desk)
    umbrella = desk.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True))
    desk.inventory.receive(umbrella.id, 2)
    sign_in(qtbot, locked, "李明", "1357")
    locked.show_page("inventory")
    dialog = locked.inventory.lend()
    assert isinstance(dialog, LendDialog)
    qtbot.waitExposed(dialog)
    assert dialog.scan_hint.isVisible()  # the dialog says what a scan does here
    dialog.deposit.setFocus()

    TimedKeys().scan(card.qr_text, to=dialog.deposit)  # the cursor in the deposit field

    assert dialog.isVisible()
    assert dialog.card.text() == card.qr_text
    assert dialog.deposit.text() == ""
    assert rows(desk, "SELECT count(*) FROM loan") == [(0,)]
    assert rows(desk, "SELECT count(*) FROM visit") == [(0,)]

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert rows(desk, "SELECT worker_id, attendant_id FROM loan JOIN stock_movement"
                " ON stock_movement.id = loan.lend_movement_id") == [
        (card.worker_id, _id(desk, "李明"))
    ]  # fmt: skip


def test_hand_over_asks_first_shows_the_shift_and_clears_what_it_left(
    qtbot: QtBot,
    locked: MainWindow,  # noqa: F811
    desk: Station,  # noqa: F811
) -> None:
    card = give_card(desk, "老王")
    sign_in(qtbot, locked, "李明", "1357")
    controller, page = locked.checkin, locked.checkin_page
    controller.chime.enabled = False
    TimedKeys().scan(card.qr_text)
    qtbot.mouseClick(page.services.buttons["hot_water"], Qt.MouseButton.LeftButton)
    locked.show_page("workers")
    locked.workers.find_card("HF-LY-0012-999999")  # a refusal on the workers page
    assert locked.workers_page.notice.text()
    locked.show_page("checkin")

    # 交班 asks first, with the shift's numbers; keeping on changes nothing
    qtbot.mouseClick(locked.hand_over_button, Qt.MouseButton.LeftButton)
    question = locked.hand_over_question
    assert question.isVisible()
    summary = question.informativeText()
    assert "李明" in summary
    assert _("Visits: {visits} · People: {people}").format(visits=1, people=1) in summary
    assert _("Services given: {n}").format(n=1) in summary
    assert _("Items still lent out: {n}").format(n=0) in summary
    question.reject()
    assert desk.accounts.current() is not None
    assert page.feedback.headline.text() == "老王"

    hand_over(qtbot, locked)
    sign_in(qtbot, locked, "王站长", "2580")

    assert page.feedback.state == "idle"
    assert not any(button.isEnabled() for button in page.services.buttons.values())
    assert locked.workers_page.notice.text() == ""
    assert controller.give_service("hot_water") is False
    assert rows(desk, "SELECT attendant_id FROM service_record") == [(_id(desk, "李明"),)]


def open_visit_services(qtbot: QtBot, window: MainWindow) -> VisitServicesDialog:
    """The visit log, its newest visit chosen, 本次来访的服务… opened."""
    controller = window.visits
    with qtbot.waitSignal(controller.reader.finished, timeout=10_000):
        window.show_page("visits")
    controller.wait()
    qtbot.waitUntil(lambda: controller.model.rowCount() > 0)
    window.visits_page.table.setCurrentIndex(controller.model.index(0, 0))
    assert window.visits_page.services_button.isEnabled()
    qtbot.mouseClick(window.visits_page.services_button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert isinstance(dialog, VisitServicesDialog)
    return dialog


def test_a_past_visits_services_are_corrected_from_the_visit_log_by_its_attendant_or_an_admin(
    qtbot: QtBot,
    locked: MainWindow,  # noqa: F811
    desk: Station,  # noqa: F811
    clock: FrozenClock,
) -> None:
    card = give_card(desk, "老王")
    sign_in(qtbot, locked, "王站长", "2580")
    locked.checkin.chime.enabled = False
    TimedKeys().scan(card.qr_text)  # the admin's visit
    hand_over(qtbot, locked)
    clock.advance(dt.timedelta(hours=2))
    sign_in(qtbot, locked, "李明", "1357")

    # Another attendant may not change the admin's visit
    dialog = open_visit_services(qtbot, locked)
    qtbot.mouseClick(dialog.services.buttons["hot_water"], Qt.MouseButton.LeftButton)
    assert dialog.notice.property("problem") is True
    assert rows(desk, "SELECT count(*) FROM service_record") == [(0,)]
    dialog.reject()
    hand_over(qtbot, locked)

    # The admin adds two services afterwards, and takes one back
    sign_in(qtbot, locked, "王站长", "2580")
    dialog = open_visit_services(qtbot, locked)
    qtbot.mouseClick(dialog.services.buttons["hot_water"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.services.buttons["microwave"], Qt.MouseButton.LeftButton)
    assert dialog.services.buttons["hot_water"].text() == "✓ 热水"
    assert rows(desk, "SELECT attendant_id FROM service_record") == [
        (_id(desk, "王站长"),),
        (_id(desk, "王站长"),),
    ]
    qtbot.mouseClick(dialog.services.take_back_button, Qt.MouseButton.LeftButton)
    assert rows(
        desk,
        "SELECT service_type.code FROM service_record"
        " JOIN service_type ON service_type.id = service_record.service_type_id",
    ) == [("hot_water",)]
    assert dialog.services.buttons["microwave"].text() == "微波加热"
    dialog.reject()
