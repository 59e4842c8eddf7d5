"""The workers page: register (with clear Chinese errors), find, give cards, print them,
deactivate and erase, and find a worker by scanning their card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog

from station_app.app import Station
from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput, WorkerView
from station_app.ui.dialogs.worker_dialog import WorkerDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.workers_model import CARD, NAME, PHONE, STATUS, UNION, WorkersModel
from station_app.ui.pages.workers_page import SEARCH_DELAY_MS, WorkersController, WorkersPage
from station_app.ui.tasks import TaskRunner
from tests.ui.expected import has_chinese
from tests.ui.keyboard import TimedKeys, type_text

PEOPLE = [
    WorkerInput("张秀兰", "sanitation", "13812341234", "庐阳区环卫所", union_member=True),
    WorkerInput("李建国", "courier", "13900005678", "顺丰速运", wants_to_join=True),
    WorkerInput("王芳", "delivery_rider", "", "美团"),
]


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> WorkersPage:
    """Given the attendant clicked 来访者 in the navigation."""
    nav = window.navigation
    spot = nav.visualItemRect(nav.item(1)).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.current_page_key() == "workers"
    return window.workers_page


@pytest.fixture
def controller(window: MainWindow, page: WorkersPage) -> WorkersController:
    return window.workers


def register_people(station: Station, controller: WorkersController) -> list[WorkerView]:
    workers = []
    for person in PEOPLE:
        worker = station.workers.register(WorkerInput(**{**person.__dict__, "consent": True}))
        station.cards.issue(worker.id)
        workers.append(station.workers.get(worker.id))
    controller.search_now()
    return workers


def shown_names(controller: WorkersController) -> list[str]:
    model = controller.model
    return [str(model.index(row, NAME).data()) for row in range(model.rowCount())]


def open_register_dialog(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController
) -> WorkerDialog:
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def save_into(controller: WorkersController, folder: Path) -> list[str]:
    """Answer the save dialog with the suggested name in ``folder``; the names asked for."""
    asked: list[str] = []

    def choose(title: str, name: str, pattern: str) -> Path:
        asked.append(name)
        return folder / name

    controller.choose_path = choose
    return asked


def test_registering_with_mistakes_explains_each_in_chinese_and_stores_nothing(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    # Given the attendant opens the form and types only a wrong phone number
    dialog = open_register_dialog(qtbot, page, controller)
    qtbot.keyClicks(dialog.form.phone, "12345")

    # When they press 登记
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then each wrong field says what to do, in Chinese, and the cursor is in the first one
    form = dialog.form
    for field in ("display_name", "phone", "occupation_code", "consent"):
        assert form.errors[field].isVisible(), field
        assert has_chinese(form.errors[field].text()), field
    assert not form.errors["employer"].isVisible()
    assert form.name.hasFocus()
    assert dialog.isVisible()
    assert set_up_station.workers.find("") == []


def test_after_fixing_the_form_the_worker_is_registered_with_a_card(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    dialog = open_register_dialog(qtbot, page, controller)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["display_name"].isVisible()

    # When the attendant fills it in properly
    form = dialog.form
    type_text(qtbot, form.name, "赵德胜")
    qtbot.keyClicks(form.phone, "136 1111 2222")
    form.occupation.setCurrentIndex(form.occupation.findText("建筑工人"))
    type_text(qtbot, form.employer, "中建三局")
    qtbot.mouseClick(form.wants_to_join, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.consent, Qt.MouseButton.LeftButton)
    assert dialog.issue_card.isChecked()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then the worker is stored, listed, selected, and has a card
    (stored,) = set_up_station.workers.find("赵德胜")
    assert stored.phone_masked == "136****2222"
    assert stored.occupation_label == "建筑工人"
    assert stored.employer == "中建三局"
    assert stored.wants_to_join and not stored.union_member
    assert stored.consent_on is not None
    assert stored.card_no
    assert shown_names(controller) == ["赵德胜"]
    assert controller.current() == stored
    assert page.details.name.text() == "赵德胜"
    assert page.details.values["card"].text() == stored.card_no
    assert stored.card_no in page.notice.text()
    row = controller.model.index(0, PHONE)
    assert row.data() == "136****2222"
    assert controller.model.index(0, UNION).data() == "想入会"


def test_searching_by_name_phone_digits_and_card_number(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    workers = register_people(set_up_station, controller)
    assert shown_names(controller) == ["王芳", "李建国", "张秀兰"]  # newest first

    # A name, typed with an input method: the list follows after a short pause
    type_text(qtbot, page.search, "建国")
    qtbot.waitUntil(lambda: shown_names(controller) == ["李建国"], timeout=SEARCH_DELAY_MS * 10)
    assert page.count.text() == "找到 1 人"

    page.search.clear()
    qtbot.keyClicks(page.search, "1234")
    qtbot.waitUntil(lambda: shown_names(controller) == ["张秀兰"], timeout=SEARCH_DELAY_MS * 10)

    page.search.setText(workers[2].card_no or "")
    qtbot.waitUntil(lambda: shown_names(controller) == ["王芳"], timeout=SEARCH_DELAY_MS * 10)

    page.search.setText("没有这个人")
    qtbot.waitUntil(lambda: shown_names(controller) == [], timeout=SEARCH_DELAY_MS * 10)
    assert page.count.text() == _("Nobody found. Check the spelling, or register the worker.")
    assert not page.details.content.isVisible()


def test_scanning_a_card_while_typing_in_the_search_field_finds_its_worker(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    workers = register_people(set_up_station, controller)
    card = set_up_station.cards.current_card(workers[0].id)
    assert card is not None
    # Given the cursor is in the search field
    qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
    assert page.search.hasFocus()

    # When a card is scanned
    TimedKeys().scan(card.qr_text)

    # Then its worker is selected, and the field shows the card number, not the code
    assert controller.current() is not None
    assert controller.current().id == workers[0].id
    assert page.search.text() == card.card_no
    assert shown_names(controller) == ["张秀兰"]
    assert page.details.name.text() == "张秀兰"
    assert "张秀兰" in page.notice.text()
    # And no visit was counted: this page only finds the worker.
    assert set_up_station.checkin.count_visits() == 0


def test_erasing_asks_first_and_keeps_the_visits_as_anonymous(
    qtbot: QtBot, window: MainWindow, page: WorkersPage, controller: WorkersController,
    set_up_station: Station,
) -> None:  # fmt: skip
    workers = register_people(set_up_station, controller)
    lan = workers[0]
    card = set_up_station.cards.current_card(lan.id)
    assert card is not None
    assert set_up_station.checkin.scan(card.qr_text).status is CheckinStatus.ACCEPTED
    controller.select(lan.id)

    # When the attendant presses 删除个人信息, the box explains what happens
    qtbot.mouseClick(page.details.erase_button, Qt.MouseButton.LeftButton)
    box = controller.confirmation
    assert box is not None
    qtbot.waitExposed(box)
    assert "张秀兰" in box.text()
    assert "匿名" in box.informativeText()
    assert "无法撤销" in box.informativeText()

    # And choosing 保留 changes nothing
    keep = next(b for b in box.buttons() if b.text() == _("Keep"))
    assert box.defaultButton() is keep
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert [w.id for w in set_up_station.workers.find("张秀兰")] == [lan.id]

    # When they confirm
    qtbot.mouseClick(page.details.erase_button, Qt.MouseButton.LeftButton)
    box = controller.confirmation
    assert box is not None
    erase = next(b for b in box.buttons() if b.text() == _("Erase"))
    qtbot.mouseClick(erase, Qt.MouseButton.LeftButton)

    # Then the worker is gone, the visit still counts, as anonymous
    assert "张秀兰" not in shown_names(controller)
    assert set_up_station.workers.find("张秀兰") == []
    assert set_up_station.checkin.today().visits == 1
    (visit,) = set_up_station.checkin.recent(0, 10)
    assert visit.worker_name == ""
    assert has_chinese(page.notice.text())
    # And the check-in page's list, when next shown, says 匿名
    window.show_page("checkin")
    assert window.checkin.model.index(0, 1).data() == "匿名"


def test_deactivating_greys_the_worker_and_refuses_their_card(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    workers = register_people(set_up_station, controller)
    controller.select(workers[1].id)
    assert page.details.active_button.text() == "停用"

    qtbot.mouseClick(page.details.active_button, Qt.MouseButton.LeftButton)

    row = controller.model.row_of(workers[1].id)
    assert row is not None
    assert controller.model.index(row, STATUS).data() == "已停用"
    assert page.details.active_button.text() == "重新启用"
    assert not page.details.print_button.isEnabled()
    card = set_up_station.cards.current_card(workers[1].id)
    assert card is not None
    assert set_up_station.checkin.scan(card.qr_text).status is CheckinStatus.REFUSED

    qtbot.mouseClick(page.details.active_button, Qt.MouseButton.LeftButton)
    assert controller.model.index(row, STATUS).data() == "在用"


def test_reissuing_a_lost_card_asks_why_and_the_old_card_stops_working(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    old = set_up_station.cards.current_card(workers[0].id)
    assert old is not None
    assert page.details.card_button.text() == "补卡"

    qtbot.mouseClick(page.details.card_button, Qt.MouseButton.LeftButton)
    dialog = controller.reason_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert old.card_no in dialog.labelText()
    dialog.setTextValue("遗失")
    dialog.accept()

    new = set_up_station.cards.current_card(workers[0].id)
    assert new is not None
    assert new.card_no != old.card_no
    assert page.details.values["card"].text() == new.card_no
    assert controller.model.index(controller.model.row_of(workers[0].id) or 0, CARD).data() == (
        new.card_no
    )
    assert old.card_no in page.notice.text()
    assert set_up_station.checkin.scan(old.qr_text).status is CheckinStatus.REFUSED
    assert set_up_station.checkin.scan(new.qr_text).status is CheckinStatus.ACCEPTED


def test_a_worker_without_a_card_gets_one_with_a_click(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    worker = set_up_station.workers.register(WorkerInput("陈师傅", "taxi_driver", consent=True))
    controller.search_now()
    controller.select(worker.id)
    assert page.details.values["card"].text() == "还没有会员卡"
    assert not page.details.print_button.isEnabled()
    assert page.details.card_button.text() == "发卡"

    qtbot.mouseClick(page.details.card_button, Qt.MouseButton.LeftButton)

    card = set_up_station.cards.current_card(worker.id)
    assert card is not None
    assert page.details.values["card"].text() == card.card_no
    assert page.details.print_button.isEnabled()


@pytest.mark.parametrize(
    "made",
    [("save_pdf_button", ".pdf", b"%PDF"), ("ecard_button", ".png", b"\x89PNG")],
    ids=["card-pdf", "e-card-png"],
)
def test_a_card_is_saved_to_print_or_to_keep_on_a_phone(
    qtbot: QtBot, controller: WorkersController, set_up_station: Station, tmp_path: Path,
    made: tuple[str, str, bytes],
) -> None:  # fmt: skip
    button, suffix, magic = made
    page = controller.page
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    asked = save_into(controller, tmp_path)

    qtbot.mouseClick(getattr(page.details, button), Qt.MouseButton.LeftButton)

    (name,) = asked
    assert name.endswith(suffix)
    assert workers[0].card_no and workers[0].card_no in name
    target = tmp_path / name
    qtbot.waitUntil(lambda: "已保存" in page.notice.text(), timeout=20_000)
    assert target.read_bytes().startswith(magic)
    assert str(target) in page.notice.text()


def pdf_printer(printed: Path, asked: list[Path]) -> Callable[[Path], QPrinter]:
    """The print dialog, answered with printing into the PDF file ``printed`` (a printer
    Qt's dialog offers), after noting the PDF it was shown in ``asked``."""

    def choose(source: Path) -> QPrinter:
        asked.append(source)
        assert source.read_bytes().startswith(b"%PDF")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    return choose


def test_print_card_opens_the_print_dialog_and_prints_the_card(
    qtbot: QtBot, controller: WorkersController, set_up_station: Station, tmp_path: Path
) -> None:
    page = controller.page
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    printed = tmp_path / "printed.pdf"
    asked: list[Path] = []

    # The dialog is shown the card's own PDF (its size sets the paper)
    controller.choose_printer = pdf_printer(printed, asked)
    controller.choose_path = lambda *_asked: pytest.fail("printing asks for no file name")
    qtbot.mouseClick(page.details.print_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: str(printed) in page.notice.text(), timeout=20_000)
    assert page.notice.text().startswith("已打印 1 页")
    (source,) = asked
    assert workers[0].card_no and workers[0].card_no in source.name
    assert printed.read_bytes().startswith(b"%PDF")
    assert not source.parent.exists()  # the temporary card is gone once printed
    assert not list(Path.cwd().glob("card-*.pdf"))  # nothing left in the working folder


def test_cancelling_the_print_dialog_prints_nothing_and_leaves_nothing(
    qtbot: QtBot, controller: WorkersController, set_up_station: Station, runner: TaskRunner
) -> None:
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    asked: list[Path] = []

    def cancel(source: Path) -> None:
        asked.append(source)

    controller.choose_printer = cancel

    qtbot.mouseClick(controller.page.details.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    qtbot.waitUntil(lambda: not runner.busy)
    assert not asked[0].parent.exists()
    assert controller.printer is None


def test_saving_a_card_starts_in_the_documents_folder(
    qtbot: QtBot, controller: WorkersController, set_up_station: Station,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    offered: list[str] = []

    def save_dialog(_parent: object, _title: str, suggested: str, _pattern: str) -> tuple[str, str]:
        offered.append(suggested)
        return "", ""  # cancelled

    # Qt's own dialog is answered here: the suggestion it was given is what is checked
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    qtbot.mouseClick(controller.page.details.save_pdf_button, Qt.MouseButton.LeftButton)

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    (suggested,) = offered
    assert Path(suggested).parent == Path(documents or Path.home())
    assert Path(suggested).parent != Path.cwd()


def test_a_sheet_of_cards_for_the_selected_workers_is_printed(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station,
    tmp_path: Path,
) -> None:  # fmt: skip
    register_people(set_up_station, controller)
    no_card = set_up_station.workers.register(
        WorkerInput("刘阿姨", "domestic_worker", consent=True)
    )
    controller.search_now()
    page.table.selectAll()
    assert len(controller.selected()) == 4
    assert page.sheet_button.isEnabled()
    printed = tmp_path / "printed.pdf"
    asked: list[Path] = []

    # The print dialog is shown the sheet's own PDF
    controller.choose_printer = pdf_printer(printed, asked)
    controller.choose_path = lambda *_asked: pytest.fail("printing asks for no file name")

    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: str(printed) in page.notice.text(), timeout=20_000)
    assert page.notice.text().startswith("已打印 1 页")
    # 刘阿姨 has no card: the notice says one was left out
    assert _("{n} of the selected workers have no card to print.").format(n=1) in (
        page.notice.text()
    )
    assert no_card.card_no is None
    (source,) = asked
    assert printed.read_bytes().startswith(b"%PDF")
    assert not source.parent.exists()  # the temporary sheet is gone once printed
    assert not list(Path.cwd().glob("cards-*.pdf"))  # nothing left in the working folder


def test_cancelling_the_sheet_s_print_dialog_prints_nothing_and_leaves_nothing(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station,
    runner: TaskRunner,
) -> None:  # fmt: skip
    register_people(set_up_station, controller)
    controller.search_now()
    page.table.selectAll()
    asked: list[Path] = []

    def cancel(source: Path) -> None:
        asked.append(source)

    controller.choose_printer = cancel

    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    qtbot.waitUntil(lambda: not runner.busy)
    assert not asked[0].parent.exists()
    assert controller.printer is None
    assert "已打印" not in page.notice.text()


def test_editing_a_worker_keeps_what_was_not_changed(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    workers = register_people(set_up_station, controller)
    controller.select(workers[2].id)
    qtbot.mouseClick(page.details.edit_button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.form.name.text() == "王芳"
    assert dialog.form.consent.isChecked()
    assert not dialog.issue_card.isVisible()

    dialog.form.employer.clear()
    type_text(qtbot, dialog.form.employer, "饿了么")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    stored = set_up_station.workers.get(workers[2].id)
    assert stored.employer == "饿了么"
    assert stored.display_name == "王芳"
    assert stored.card_no == workers[2].card_no
    assert page.details.values["employer"].text() == "饿了么"


def test_editing_keeps_the_phone_number_that_is_shown_masked(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    # Given a registered worker with a phone number, opened for editing
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    qtbot.mouseClick(page.details.edit_button, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then the phone field shows only the masked number
    assert dialog.form.phone.text() == "138****1234"

    # When only the employer is changed and saved
    dialog.form.employer.clear()
    type_text(qtbot, dialog.form.employer, "蜀山区环卫所")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then the stored phone number is still the whole, original one
    stored = set_up_station.workers.find("1234")
    assert [w.display_name for w in stored] == ["张秀兰"]
    assert stored[0].phone_masked == "138****1234"
    assert stored[0].employer == "蜀山区环卫所"


def test_everything_on_the_page_is_reachable_with_the_keyboard(
    qtbot: QtBot, page: WorkersPage, controller: WorkersController, set_up_station: Station
) -> None:
    register_people(set_up_station, controller)
    wanted = [
        page.search,
        page.show_inactive,
        page.register_button,
        page.table,
        page.sheet_button,
        page.details.edit_button,
        page.details.erase_button,
    ]
    page.search.setFocus()
    reached = set()
    for _press in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.add(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert [widget for widget in wanted if widget not in reached] == []


def test_the_workers_model_passes_the_model_tester(
    qtmodeltester: ModelTester, set_up_station: Station, controller: WorkersController
) -> None:
    workers = register_people(set_up_station, controller)
    model = WorkersModel()
    model.set_workers(workers)
    qtmodeltester.check(model)
    assert model.index(0, UNION).data() == "会员"
    assert model.index(0, PHONE).data() == "138****1234"


def test_the_workers_personal_data_is_exported_to_a_file(
    qtbot: QtBot, controller: WorkersController, set_up_station: Station, tmp_path: Path
) -> None:
    # Given 张秀兰 chosen in the list
    page = controller.page
    workers = register_people(set_up_station, controller)
    controller.select(workers[0].id)
    asked = save_into(controller, tmp_path)

    # When the attendant presses 导出个人信息… and keeps the suggested name
    qtbot.mouseClick(page.details.export_button, Qt.MouseButton.LeftButton)

    # Then the file holds her data, with the full phone number, and nobody else's
    (name,) = asked
    assert name.endswith(".json")
    qtbot.waitUntil(lambda: "已保存" in page.notice.text(), timeout=20_000)
    saved = (tmp_path / name).read_text(encoding="utf-8")
    assert "张秀兰" in saved and "13812341234" in saved
    assert "李建国" not in saved and "13900005678" not in saved
    assert str(tmp_path / name) in page.notice.text()
