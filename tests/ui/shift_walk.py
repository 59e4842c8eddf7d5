"""A whole shift, lived through the real main window: first start, sign-in, scans, a group,
services, hand-over and the next attendant — on the screen Qt was started with, in the
language given.

Run by ``tests/ui/test_whole_shift.py`` in a process of its own per screen and language
(``python -m pytest tests/ui/shift_walk.py`` with ``QT_QPA_PLATFORM=offscreen:configfile=
<json>``, ``SHIFT_SCREEN=1024x768`` and ``SHIFT_LANGUAGE=zh_CN``): the screen's size is fixed
when Qt starts, and the window is placed on it as at a station, not resized by the test.

The scanner is simulated as it types (a burst of keys a few milliseconds apart, then Enter).
After each step the station's database file is read: exactly the intended rows exist, in the
right attendant's name. Every page passed is saved as a picture into the test's folder.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from station_app import i18n
from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.config.settings import SYNC_FOLDER, SYNC_MODE
from station_app.domain.enums import Role, SyncStatus
from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.feedback_dialogs import InPersonDialog
from station_app.ui.dialogs.first_run import FirstRunDialog
from station_app.ui.dialogs.stock_dialogs import LendDialog, ReceiveDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import PROFILE
from tests.ui.keyboard import TimedKeys, type_text
from tests.ui.test_accounts_gui import _id, sign_in
from tests.ui.test_checkin_page import give_card

SHIFT_SCREEN = "SHIFT_SCREEN"  # e.g. 1024x768: the screen Qt was started with
SHIFT_LANGUAGE = "SHIFT_LANGUAGE"  # zh_CN or en


def rows(station: Station, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(station.paths.database) as conn:
        return conn.execute(sql).fetchall()


class Pictures:
    """Each page the shift passes, saved as a PNG named in the order it was seen."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def take(self, widget: QWidget, name: str) -> None:
        # Widgets added to a shown window show themselves, and layouts settle, only once
        # the event loop has turned: the picture is taken as the screen would show it.
        QApplication.processEvents()
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"


def test_a_whole_shift_writes_the_right_rows_in_the_right_names(
    qtbot: QtBot,
    station: Station,
    runner: TaskRunner,
    tmp_path: Path,
    *,
    clock: FrozenClock,
) -> None:
    width, height = (int(n) for n in os.environ[SHIFT_SCREEN].split("x"))
    size = QSize(width, height)
    language = os.environ[SHIFT_LANGUAGE]
    i18n.install(language)
    # The platform was started with that screen: the window is placed on it as it would be
    screen = QGuiApplication.primaryScreen()
    assert screen.size() == size, f"Qt's screen is {screen.size()}, not {size}"
    pictures = Pictures(tmp_path / "pages")
    print(f"\nscreenshots of the shift: {pictures.folder}")

    # First start: the station's details and the manager's own sign-in
    station.db.duty.console = False  # as the GUI opens it: nobody is trusted yet
    first = FirstRunDialog(station.station, station.accounts)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    assert first.height() <= size.height(), "the first-run dialog is taller than the screen"
    qtbot.keyClicks(first.form.edits["code"], PROFILE.code)
    type_text(qtbot, first.form.edits["name"], PROFILE.name)
    type_text(qtbot, first.form.edits["district"], PROFILE.district)
    type_text(qtbot, first.admin.name, "王站长")
    qtbot.keyClicks(first.admin.secret, "2580")
    qtbot.keyClicks(first.admin.again, "2580")
    pictures.take(first, "first-run")
    with qtbot.waitSignal(first.accepted, timeout=5000):
        qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    assert rows(station, "SELECT code, name FROM station_profile") == [(PROFILE.code, PROFILE.name)]
    assert rows(station, "SELECT name, role FROM attendant") == [("王站长", Role.ADMIN.value)]
    # The manager puts a volunteer on the rota, then leaves the desk to them.
    station.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    umbrella = station.inventory.create_item(ItemInput("雨伞", "rain_gear", "把", lendable=True))
    station.inventory.receive(umbrella.id, 2)
    medicine = station.inventory.create_item(ItemInput("感冒药", "first_aid", "盒"))
    # The manager chose the USB stick for the summaries (an admin's setting).
    usb = tmp_path / "usb"
    usb.mkdir()
    station.settings.set(SYNC_MODE, "folder")
    station.settings.set(SYNC_FOLDER, str(usb))
    station.accounts.sign_out()
    card = give_card(station, "老王")
    li, wang = _id(station, "李明"), _id(station, "王站长")

    # The window opens on the sign-in screen, fitted to the screen
    window = MainWindow(station, runner)
    qtbot.addWidget(window)
    window.show_placed()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.isMaximized()  # a station's small screen
    assert screen.availableGeometry().contains(window.frameGeometry())
    assert window.screens.currentWidget() is window.sign_in_page
    pictures.take(window, "sign-in")
    sign_in(qtbot, window, "李明", "1357")
    assert window.screens.currentWidget() is window.working
    controller, page = window.checkin, window.checkin_page
    controller.chime.enabled = False
    courier = page.occupations.buttons["courier"]
    qtbot.waitUntil(courier.isVisible)  # what the attendant taps is on screen
    # 交班 and who is on duty stay inside the window, not below the screen's edge
    hand_over_at = window.hand_over_button.mapTo(
        window, window.hand_over_button.rect().bottomRight()
    )
    assert window.hand_over_button.isVisible() and window.rect().contains(hand_over_at)
    pictures.take(window, "check-in")

    # A card scanned: one visit, the worker's, in 李明's name
    keys = TimedKeys()
    with qtbot.waitSignal(controller.result_shown, timeout=5000) as shown:
        keys.scan(card.qr_text)
    assert shown.args[0].status is CheckinStatus.ACCEPTED
    assert page.feedback.state == "accepted"
    assert rows(station, "SELECT worker_id, source, attendant_id FROM visit") == [
        (card.worker_id, "card", li)
    ]
    pictures.take(window, "scan-accepted")

    # The same card again: amber, no second visit
    with qtbot.waitSignal(controller.result_shown, timeout=5000) as shown:
        keys.scan(card.qr_text)
    assert shown.args[0].status is CheckinStatus.ALREADY
    assert page.feedback.state == "already"
    assert rows(station, "SELECT count(*) FROM visit") == [(1,)]
    pictures.take(window, "scan-already")

    # A forged card and scanner garbage: red, nothing written
    forged = card.qr_text.replace(card.card_no, card.card_no[:-1] + "9")
    with qtbot.waitSignal(controller.result_shown, timeout=5000) as shown:
        keys.scan(forged)
    assert shown.args[0].status is CheckinStatus.REFUSED
    with qtbot.waitSignal(controller.result_shown, timeout=5000) as shown:
        keys.scan("扫码枪乱码\x07ABC")
    assert shown.args[0].status is CheckinStatus.REFUSED
    assert page.feedback.state == "refused"
    assert rows(station, "SELECT count(*) FROM visit") == [(1,)]
    pictures.take(window, "scan-refused")

    # A group of three couriers without cards: three anonymous visits
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    assert page.group_size.value() == 3
    with qtbot.waitSignal(controller.result_shown, timeout=5000):
        qtbot.mouseClick(courier, Qt.MouseButton.LeftButton)
    assert rows(
        station,
        "SELECT occupation_code, attendant_id, count(*) FROM visit"
        " WHERE worker_id IS NULL GROUP BY occupation_code, attendant_id",
    ) == [("courier", li, 3)]
    assert rows(station, "SELECT count(*) FROM visit") == [(4,)]
    pictures.take(window, "group")

    # A service for the group: one record on each of its three visits, in 李明's name
    hot_water = page.services.buttons["hot_water"]
    qtbot.waitUntil(hot_water.isVisible)
    assert hot_water.isEnabled()
    qtbot.mouseClick(hot_water, Qt.MouseButton.LeftButton)
    assert (
        rows(
            station,
            "SELECT service_type.code, visit.worker_id, service_record.attendant_id"
            " FROM service_record JOIN service_type ON service_type.id = service_type_id"
            " JOIN visit ON visit.id = visit_id",
        )
        == [("hot_water", None, li)] * 3
    )
    pictures.take(window, "service")

    # An umbrella lent to 老王 by his card number, then taken back (after the question)
    window.show_page("inventory")
    inventory = window.inventory
    pictures.take(window, "inventory")
    qtbot.mouseClick(window.inventory_page.lend_button, Qt.MouseButton.LeftButton)
    lend = inventory.dialog
    assert isinstance(lend, LendDialog)
    assert lend.item.currentText().startswith("雨伞")
    type_text(qtbot, lend.card, card.card_no)
    pictures.take(lend, "lend")
    with qtbot.waitSignal(lend.finished, timeout=5000):
        qtbot.mouseClick(lend.ok_button, Qt.MouseButton.LeftButton)
    assert rows(
        station,
        "SELECT loan.item_id, loan.worker_id, kind, quantity, attendant_id, returned_at IS NULL"
        " FROM loan JOIN stock_movement ON stock_movement.id = lend_movement_id",
    ) == [(umbrella.id, card.worker_id, "lend", -1, li, 1)]
    assert inventory.loans_model.rowCount() == 1
    pictures.take(window, "lent")
    window.inventory_page.loans.selectRow(0)
    qtbot.mouseClick(window.inventory_page.return_button, Qt.MouseButton.LeftButton)
    question = inventory.confirmation
    assert question is not None and question.isVisible()
    assert "老王" in question.text()
    pictures.take(question, "return-question")
    (take_back,) = [
        button
        for button in question.buttons()
        if question.buttonRole(button) != QMessageBox.ButtonRole.RejectRole
    ]
    with qtbot.waitSignal(question.finished, timeout=5000):
        qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)
    assert rows(
        station,
        "SELECT kind, quantity, attendant_id FROM loan"
        " JOIN stock_movement ON stock_movement.id = return_movement_id",
    ) == [("return", 1, li)]
    assert inventory.loans_model.rowCount() == 0
    assert not window.inventory_page.return_button.isEnabled()
    assert station.inventory.item(umbrella.id).stock == 2

    # Six boxes of medicine received, the expiry date typed as printed on the box
    expiry = station.clock.today() + dt.timedelta(days=200)
    inventory.refresh()
    inventory.select(medicine.id)
    qtbot.mouseClick(window.inventory_page.receive_button, Qt.MouseButton.LeftButton)
    receive = inventory.dialog
    assert isinstance(receive, ReceiveDialog)
    receive.quantity.setValue(6)
    qtbot.mouseClick(receive.has_expiry, Qt.MouseButton.LeftButton)
    type_text(qtbot, receive.expiry.line, expiry.isoformat())
    pictures.take(receive, "receive")
    with qtbot.waitSignal(receive.finished, timeout=5000):
        qtbot.mouseClick(receive.ok_button, Qt.MouseButton.LeftButton)
    assert rows(
        station,
        f"SELECT quantity, batch_expiry, attendant_id FROM stock_movement"
        f" WHERE item_id = {medicine.id}",
    ) == [(6, expiry.isoformat(), li)]
    pictures.take(window, "received")

    # A worker says in person the kettle is slow; 李明 notes it and what he did about it
    window.show_page("activities")
    activities = window.activities_page
    activities.tabs.setCurrentWidget(activities.feedback)
    qtbot.mouseClick(activities.feedback.in_person_button, Qt.MouseButton.LeftButton)
    told = activities.feedback.dialog
    assert isinstance(told, InPersonDialog)
    qtbot.waitExposed(told)
    qtbot.mouseClick(told.ratings.button(3), Qt.MouseButton.LeftButton)
    type_text(qtbot, told.said, "烧水太慢")
    type_text(qtbot, told.action, "已换新水壶")
    pictures.take(told, "feedback-in-person")
    with qtbot.waitSignal(told.finished, timeout=5000):
        qtbot.mouseClick(told.ok_button, Qt.MouseButton.LeftButton)
    assert rows(
        station,
        "SELECT source, rating, text, action, answered_by_id, phone, revision, sent_revision"
        " FROM feedback",
    ) == [("in_person", 3, "烧水太慢", "已换新水壶", li, None, 1, 0)]
    pictures.take(window, "feedback")

    # A new worker registered with a card, the card saved as a PDF to print
    workers = window.workers
    window.show_page("workers")
    pictures.take(window, "workers")
    qtbot.mouseClick(window.workers_page.register_button, Qt.MouseButton.LeftButton)
    register = workers.dialog
    assert register is not None
    qtbot.waitExposed(register)
    form = register.form
    type_text(qtbot, form.name, "赵德胜")
    qtbot.keyClicks(form.phone, "136 1111 2222")
    form.occupation.setCurrentIndex(form.occupation.findData("construction"))
    qtbot.mouseClick(form.consent, Qt.MouseButton.LeftButton)
    assert register.issue_card.isChecked()
    pictures.take(register, "register")
    with qtbot.waitSignal(register.finished, timeout=5000):
        qtbot.mouseClick(register.save_button, Qt.MouseButton.LeftButton)
    registered = rows(
        station,
        "SELECT worker.id, worker.occupation_code, card_no FROM worker"
        " JOIN card ON worker_id = worker.id WHERE display_name = '赵德胜'",
    )
    assert [(occupation, bool(card_no)) for _, occupation, card_no in registered] == [
        ("construction", True)
    ]
    assert rows(station, "SELECT count(*) FROM worker") == [(2,)]
    assert rows(station, "SELECT count(*) FROM visit") == [(4,)]  # registering is no visit
    card_no = str(registered[0][2])
    saved: list[Path] = []

    def save_into_tmp(title: str, name: str, pattern: str) -> Path:
        saved.append(tmp_path / name)
        return tmp_path / name

    workers.choose_path = save_into_tmp
    qtbot.mouseClick(window.workers_page.details.save_pdf_button, Qt.MouseButton.LeftButton)
    (card_pdf,) = saved
    assert card_no in card_pdf.name
    qtbot.waitUntil(lambda: str(card_pdf) in window.workers_page.notice.text(), timeout=20_000)
    assert card_pdf.read_bytes().startswith(b"%PDF")
    pictures.take(window, "card-saved")

    # Last week's report, made into a PDF and shown
    reports = window.reports
    window.show_page("reports")
    qtbot.mouseClick(window.reports_page.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: reports.made is not None and bool(window.reports_page.preview.drawn_pages()),
        timeout=30_000,
    )
    assert reports.made is not None
    assert reports.made.path.read_bytes().startswith(b"%PDF")
    pictures.take(window, "report")

    # The shift runs past midnight: the day closed, its summary goes to the USB stick
    clock.advance(dt.timedelta(days=1))
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    window.show_page("sync")
    sync_page = window.sync_page
    assert sync_page.sync_button.isEnabled()
    with qtbot.waitSignal(window.sync.synced, timeout=30_000):
        qtbot.mouseClick(sync_page.sync_button, Qt.MouseButton.LeftButton)
    assert sync_page.outcome.property("problem") is False
    written = {path.name for path in usb.rglob("*.csv")}
    assert f"{PROFILE.code}_{day}_r1.csv" in written
    (summary,) = usb.rglob(f"{PROFILE.code}_{day}_r1.csv")
    assert summary.parent != usb  # in a dated folder, not the stick's root
    lines = summary.read_text(encoding="utf-8").splitlines()
    for line in ("visits,total,4", "visits,source:anonymous,3", "services,type:hot_water,3"):
        assert f"{PROFILE.code},{day},{line}" in lines
    assert rows(station, f"SELECT status FROM outbox_batch WHERE day = '{day}'") == [
        (SyncStatus.ACKNOWLEDGED.value,)
    ]
    pictures.take(window, "sync")

    # Hand-over, confirmed; the next attendant finds nothing of the last shift to tap
    qtbot.mouseClick(window.hand_over_button, Qt.MouseButton.LeftButton)
    question = window.hand_over_question
    assert question.isVisible()
    summary = question.informativeText()
    pictures.take(question, "hand-over-question")
    confirm = question.findChild(QPushButton, "confirmHandOver")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    window.activateWindow()  # offscreen Qt needs telling the window is active again
    qtbot.waitUntil(window.isActiveWindow)
    assert "李明" in summary
    assert _("Services given: {n}").format(n=3) in summary
    assert _("Items still lent out: {n}").format(n=0) in summary
    assert window.screens.currentWidget() is window.sign_in_page
    assert station.accounts.current() is None
    pictures.take(window, "handed-over")
    sign_in(qtbot, window, "王站长", "2580")
    assert window.screens.currentWidget() is window.working
    assert window.current_page_key() == "checkin"
    assert page.feedback.state == "idle"
    assert not any(button.isEnabled() for button in page.services.buttons.values())
    assert controller.give_service("hot_water") is False
    assert rows(station, "SELECT attendant_id, count(*) FROM service_record") == [(li, 3)]
    assert rows(station, "SELECT attendant_id, count(*) FROM visit GROUP BY attendant_id") == [
        (li, 4)
    ]
    # The umbrellas: received by the manager before the shift, lent and taken back by 李明
    assert rows(
        station,
        f"SELECT kind, quantity, attendant_id FROM stock_movement WHERE item_id = {umbrella.id}"
        " ORDER BY id",
    ) == [("receive", 2, wang), ("lend", -1, li), ("return", 1, li)]
    pictures.take(window, "next-attendant")
