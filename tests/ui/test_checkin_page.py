"""The check-in page: a scanner burst, a typed card number or one tap counts a visit, and
the attendant sees who it was, today's numbers and the recent visits at once."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from station_app.app import Station
from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import CardView, WorkerInput
from station_app.ui.main_window import MainWindow
from station_app.ui.models.visits_model import PAGE_SIZE, VisitsModel
from station_app.ui.pages.checkin_page import CheckinController, CheckinPage
from station_app.ui.widgets.camera_scanner import (
    CameraSupport,
    FrameReader,
    camera_support,
    decode_qr,
    luminance,
)
from tests.ui.expected import has_chinese
from tests.ui.keyboard import TimedKeys

NAME = "张秀兰"


def give_card(station: Station, name: str = NAME, occupation: str = "sanitation") -> CardView:
    """A registered worker with a signed card, made the way the Workers page makes them."""
    worker = station.workers.register(WorkerInput(name, occupation, consent=True))
    return station.cards.issue(worker.id)


@pytest.fixture
def page(window: MainWindow) -> CheckinPage:
    """Given the attendant's home screen, as the app opens."""
    assert window.current_page_key() == "checkin"
    assert window.checkin_page.isVisible()
    return window.checkin_page


@pytest.fixture
def controller(window: MainWindow) -> CheckinController:
    window.checkin.chime.enabled = False  # no beeps from the test run; what played is kept
    return window.checkin


def recent_names(controller: CheckinController) -> list[str]:
    model = controller.model
    return [str(model.index(row, 1).data()) for row in range(model.rowCount())]


def test_a_scanner_burst_with_the_cursor_in_the_card_field_checks_the_worker_in(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    # Given the cursor sits in the card-number field, where the attendant types numbers
    page.card_number.setFocus()
    assert page.card_number.hasFocus()

    # When the scanner reads the worker's card
    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        TimedKeys().scan(card.qr_text)

    # Then the panel turns green with the name, occupation and visits this month
    assert shown.args[0].status is CheckinStatus.ACCEPTED
    assert page.feedback.state == "accepted"
    assert page.feedback.headline.text() == NAME
    assert "环卫工人" in page.feedback.detail.text()
    assert _("visit {n} this month").format(n=1) in page.feedback.detail.text()
    assert page.feedback.status.text() == _("Checked in")
    assert has_chinese(page.feedback.status.text())
    # And none of the code ended up in the field
    assert page.card_number.text() == ""
    # And the visit is counted today and heads the recent list
    assert page.counters.counts.visits == 1
    assert page.counters.counts.distinct_workers == 1
    assert page.counters.visits.value.text() == "1"
    assert page.counters.breakdown() == {"环卫工人": "1"}
    assert recent_names(controller)[0] == NAME
    assert set_up_station.checkin.count_visits() == 1
    assert controller.chime.played == [CheckinStatus.ACCEPTED]


def test_a_burst_while_the_navigation_has_the_focus_is_still_a_scan(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, controller: CheckinController,
    set_up_station: Station,
) -> None:  # fmt: skip
    card = give_card(set_up_station)
    window.navigation.setFocus()
    with qtbot.waitSignal(controller.result_shown, timeout=2000):
        TimedKeys().scan(card.qr_text)
    assert page.feedback.state == "accepted"
    assert window.current_page_key() == "checkin"  # the keys did not move the navigation


def test_the_same_card_again_is_amber_and_not_counted_twice(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    keys = TimedKeys()
    keys.scan(card.qr_text)
    assert page.feedback.state == "accepted"

    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        keys.scan(card.qr_text)

    assert shown.args[0].status is CheckinStatus.ALREADY
    assert page.feedback.state == "already"
    assert page.feedback.headline.text() == NAME
    assert page.feedback.status.text() == _("Already checked in")
    assert has_chinese(page.feedback.detail.text())
    assert not page.feedback.undo_button.isVisible()
    assert set_up_station.checkin.count_visits() == 1
    assert page.counters.counts.visits == 1
    assert controller.chime.played == [CheckinStatus.ACCEPTED, CheckinStatus.ALREADY]


def test_a_tampered_card_is_red_and_nothing_is_written(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    # Someone changed the card number on a copy of the code.
    forged = card.qr_text.replace(card.card_no, card.card_no[:-1] + "9")
    assert forged != card.qr_text

    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        TimedKeys().scan(forged)

    result = shown.args[0]
    assert result.status is CheckinStatus.REFUSED
    assert page.feedback.state == "refused"
    assert page.feedback.status.text() == _("Not checked in")
    assert page.feedback.headline.text() == result.message
    assert has_chinese(result.message)
    assert not page.feedback.undo_button.isVisible()
    assert set_up_station.checkin.count_visits() == 0
    assert controller.model.rowCount() == 0
    assert page.counters.counts.visits == 0


def test_scanner_garbage_in_chinese_is_refused_without_a_crash(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    page.card_number.setFocus()
    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        TimedKeys().scan("扫码枪乱码测试\x07ABC")
    assert shown.args[0].status is CheckinStatus.REFUSED
    assert page.feedback.state == "refused"
    assert page.card_number.text() == ""
    assert set_up_station.checkin.count_visits() == 0


def test_a_card_number_typed_slowly_then_enter_checks_in_by_hand(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    page.card_number.setFocus()
    keys = TimedKeys()

    # When the attendant types the number printed under the QR code, then Enter
    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        keys.person_types(card.card_no)
        keys.enter(gap_ms=TimedKeys.PERSON_GAP_MS)

    # Then it is a manual check-in, green, and the field is ready for the next number
    assert shown.args[0].status is CheckinStatus.ACCEPTED
    assert page.feedback.headline.text() == NAME
    assert page.card_number.text() == ""
    assert set_up_station.checkin.count_visits() == 1


def test_a_mistyped_number_stays_in_the_field_to_be_corrected(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    give_card(set_up_station)
    page.card_number.setFocus()
    page.card_number.setText("HF-LY-0012-999999")
    qtbot.mouseClick(page.check_in_button, Qt.MouseButton.LeftButton)
    assert page.feedback.state == "refused"
    assert page.card_number.text() == "HF-LY-0012-999999"
    assert page.card_number.selectedText() == "HF-LY-0012-999999"
    assert page.card_number.hasFocus()


def test_one_tap_with_a_group_of_three_counts_three_anonymous_visits(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    # Given three couriers come in together: the attendant presses + twice
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    assert page.group_size.value() == 3
    courier = page.occupations.buttons["courier"]
    assert page.anonymous_box.title() == "无卡来访 · 点一下记 3 人"
    assert courier.property("group") is True

    # When they tap 快递员
    with qtbot.waitSignal(controller.result_shown, timeout=2000) as shown:
        qtbot.mouseClick(courier, Qt.MouseButton.LeftButton)

    # Then three visits are counted, anonymous, and the group size is back to one
    result = shown.args[0]
    assert len(result.visit_ids) == 3
    assert page.feedback.state == "accepted"
    assert page.feedback.headline.text() == result.message
    assert "快递员" in result.message
    assert page.counters.counts.visits == 3
    assert page.counters.counts.anonymous == 3
    assert page.counters.breakdown() == {"快递员": "3"}
    assert recent_names(controller)[:3] == ["匿名"] * 3
    assert page.group_size.value() == 1
    assert page.anonymous_box.title() == "无卡来访"
    assert courier.property("group") is False


def test_undo_removes_the_last_visit(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    card = give_card(set_up_station)
    TimedKeys().scan(card.qr_text)
    qtbot.mouseClick(page.occupations.buttons["sanitation"], Qt.MouseButton.LeftButton)
    assert set_up_station.checkin.count_visits() == 2
    assert page.feedback.undo_button.isVisible()

    # When the attendant presses 撤销 after a mistaken tap
    qtbot.mouseClick(page.feedback.undo_button, Qt.MouseButton.LeftButton)

    # Then that tap's visit is gone, the scan before it stays, and the page says so
    assert set_up_station.checkin.count_visits() == 1
    assert recent_names(controller) == [NAME]
    assert page.counters.counts.visits == 1
    assert page.counters.counts.anonymous == 0
    assert page.feedback.state == "idle"
    assert page.feedback.detail.text() == _("The last check-in was undone.")
    assert not page.feedback.undo_button.isVisible()


def test_undo_too_late_is_refused_politely(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    # Given a visit counted half an hour ago is the last one the page knows of
    earlier = set_up_station.clock.now() - dt.timedelta(minutes=30)
    old = set_up_station.checkin.anonymous("sanitation", now=earlier)
    controller.last_visits = old.visit_ids
    page.feedback.show_result(old)

    qtbot.mouseClick(page.feedback.undo_button, Qt.MouseButton.LeftButton)

    # Then it stays, and the page explains why, in Chinese
    assert set_up_station.checkin.count_visits() == 1
    assert page.feedback.state == "idle"
    assert has_chinese(page.feedback.detail.text())
    assert "10" in page.feedback.detail.text()
    assert not page.feedback.undo_button.isVisible()


def test_the_occupation_buttons_follow_the_station_list_and_the_keyboard_reaches_them(
    qtbot: QtBot, page: CheckinPage, set_up_station: Station
) -> None:
    labels = [entry.label for entry in set_up_station.station.occupations()]
    assert [button.text() for button in page.occupations.buttons.values()] == labels
    assert labels[0] == "环卫工人"
    for button in page.occupations.buttons.values():
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.height() >= 44  # a big target for a quick tap
    # Space on a focused button counts a visit, like a tap (a moment later: the scanner
    # detector holds printable keys back until it knows they are not a scan).
    first = page.occupations.buttons["sanitation"]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: set_up_station.checkin.count_visits() == 1)


@pytest.fixture(params=["PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "zxingcpp"])
def camera_add_on_missing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PC where a part of the camera extra (PySide6-Addons, zxing-cpp) is not installed or
    cannot load, whatever this venv has: None in sys.modules is Python's own mark for a
    module that cannot be imported, and importing it raises ModuleNotFoundError."""
    monkeypatch.setitem(sys.modules, request.param, None)


def test_without_the_camera_add_on_the_page_says_so(
    camera_add_on_missing: None, page: CheckinPage, set_up_station: Station
) -> None:
    assert camera_support() == CameraSupport(False, "未安装摄像头扫码组件")
    assert page.camera_note.isVisible()
    assert page.camera_note.text() == "未安装摄像头扫码组件"
    assert not page.camera_button.isEnabled()
    # Everything else works.
    card = give_card(set_up_station)
    TimedKeys().scan(card.qr_text)
    assert page.feedback.state == "accepted"


def _importer(missing: str = "", cameras: int = 0):  # type: ignore[no-untyped-def]
    multimedia = types.SimpleNamespace(
        QMediaDevices=types.SimpleNamespace(videoInputs=lambda: ["camera"] * cameras)
    )

    def import_module(name: str) -> object:
        if name == missing:
            raise ImportError(f"No module named {name!r}")
        return multimedia if name == "PySide6.QtMultimedia" else types.SimpleNamespace()

    return import_module


def test_with_the_add_on_but_no_camera_the_page_says_no_camera() -> None:
    assert camera_support(_importer(cameras=0)) == CameraSupport(False, "没有找到摄像头")
    assert camera_support(_importer(missing="zxingcpp", cameras=1)) == CameraSupport(
        False, "未安装摄像头扫码组件"
    )
    assert camera_support(_importer(cameras=1)) == CameraSupport(True)


def qr_image(text: str, scale: int = 6) -> QImage:
    import qrcode

    code = qrcode.QRCode(border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = QImage(len(matrix) * scale, len(matrix) * scale, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, Qt.GlobalColor.black)
    painter.end()
    return image


def test_a_camera_frame_with_a_card_is_decoded_off_the_gui_thread(
    qtbot: QtBot, set_up_station: Station
) -> None:
    pytest.importorskip("zxingcpp")
    card = give_card(set_up_station)
    frame = qr_image(card.qr_text)
    assert decode_qr(*luminance(frame)) == [card.qr_text]

    reader = FrameReader()
    with qtbot.waitSignal(reader.decoded, timeout=5000) as decoded:
        assert reader.offer(frame)
    assert decoded.args == [card.qr_text]
    # The same card seen in the next frames is not announced again.
    with qtbot.assertNotEmitted(reader.decoded, wait=100):
        reader._done([card.qr_text])
    assert reader.wait(5000)


# --- the recent-visits model ------------------------------------------------------------


def test_the_recent_visits_model_passes_the_model_tester(
    qtmodeltester: ModelTester, set_up_station: Station
) -> None:
    give_card(set_up_station)
    set_up_station.checkin.anonymous("sanitation", 3)
    model = VisitsModel(
        set_up_station.checkin.recent, today=set_up_station.clock.today, page_size=2
    )
    model.refresh()
    qtmodeltester.check(model)


def test_the_recent_visits_load_a_page_at_a_time(set_up_station: Station) -> None:
    for _group in range(5):
        set_up_station.checkin.anonymous("sanitation", 50)
    asked: list[tuple[int, int]] = []

    def recent(offset: int, limit: int):  # type: ignore[no-untyped-def]
        asked.append((offset, limit))
        return set_up_station.checkin.recent(offset, limit)

    model = VisitsModel(recent, today=set_up_station.clock.today)
    model.refresh()
    root = model.index(-1, -1)
    assert model.rowCount() == PAGE_SIZE  # not all 250
    assert model.canFetchMore(root)
    model.fetchMore(root)
    model.fetchMore(root)
    assert model.rowCount() == 250
    model.fetchMore(root)
    assert model.rowCount() == 250
    assert not model.canFetchMore(root)
    assert asked == [(0, PAGE_SIZE), (PAGE_SIZE, PAGE_SIZE), (2 * PAGE_SIZE, PAGE_SIZE)]
    # Newest first, times in local time, the anonymous visitor named so.
    first = model.row(0)
    assert first.id == max(model.row(n).id for n in range(model.rowCount()))
    assert model.index(0, 1).data() == "匿名"
    # the station's zone (Beijing by default), whatever the PC's
    wall = first.checked_in_at.astimezone(set_up_station.clock.zone)
    assert model.index(0, 0).data() == wall.strftime("%H:%M")


def test_the_recent_list_on_the_page_scrolls_for_more(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    for _group in range(3):
        set_up_station.checkin.anonymous("sanitation", 50)
    controller.refresh()
    assert controller.model.rowCount() == PAGE_SIZE
    page.recent.scrollToBottom()
    qtbot.waitUntil(lambda: controller.model.rowCount() == 150)


def test_everything_on_the_page_is_reachable_with_the_keyboard(
    qtbot: QtBot, page: CheckinPage, controller: CheckinController, set_up_station: Station
) -> None:
    page.occupations.buttons["courier"].click()  # so that 撤销 shows
    wanted = [
        page.card_number,
        page.check_in_button,
        page.fewer_button,
        page.group_size,
        page.more_button,
        *page.occupations.buttons.values(),
        page.feedback.undo_button,
        page.recent,
    ]
    page.card_number.setFocus()
    reached = set()
    for _press in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.add(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert [widget for widget in wanted if widget not in reached] == []
