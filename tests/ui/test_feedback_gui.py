"""Workers' feedback on the activities page (Ctrl+6, 职工意见): the count of open suggestions
on the navigation and the tab, recording what was done (an empty answer refused in the
dialog, the phone number gone once saved), feedback given in person, the poster printed, and
a scan while a dialog is open never typed into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import text

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from station_app.app import Station
from station_app.config.settings import HQ_URL
from station_app.domain.feedback import FeedbackReply, FeedbackUpload, Suggestion
from station_app.services.feedback.exchange import apply_reply
from station_app.ui.dialogs.feedback_dialogs import AnswerDialog, InPersonDialog
from station_app.ui.main_window import MainWindow
from tests.reports.tools import needs_poppler, pdf_text
from tests.ui.expected import PROFILE
from tests.ui.keyboard import TimedKeys, keys_delivered, type_text

HOT_WATER = "11111111-2222-4333-8444-555555555555"
CHAIRS = "66666666-7777-4888-9999-000000000000"


def _suggestions(station: Station) -> None:
    """What a sync brings from HQ: two open suggestions, one asking for a call back."""
    now = station.clock.now()
    reply = FeedbackReply(
        accepted=(),
        unknown=(),
        suggestions=(
            Suggestion(
                HOT_WATER, now - dt.timedelta(hours=3), 2, "热水不够热", "13812345678",
                answered=False, action="", answered_at=None,
            ),
            Suggestion(
                CHAIRS, now - dt.timedelta(days=1), 4, "希望多放几把椅子", None,
                answered=False, action="", answered_at=None,
            ),
        ),
    )  # fmt: skip
    apply_reply(station.db, station.clock, FeedbackUpload(), reply)


def _open_tab(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.activities_page
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page)
    page.tabs.setCurrentWidget(page.feedback)


def _nav_text(window: MainWindow) -> str:
    return window.navigation.item(window.page_keys.index("activities")).text()


def _select(window: MainWindow, feedback_id: str) -> None:
    section = window.activities_page.feedback
    row = [entry.id for entry in section.entries].index(feedback_id)
    section.table.selectRow(row)


def test_the_attendant_answers_a_suggestion_and_the_count_goes_down(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    _suggestions(set_up_station)
    window.count_feedback()
    assert _nav_text(window) == "活动 (2)"
    _open_tab(qtbot, window)
    page = window.activities_page
    section = page.feedback
    assert page.tabs.tabText(page.tabs.indexOf(section)) == "职工意见 (2)"
    assert section.summary.text() == "2 条意见待处理。"
    assert section.table.item(0, 3).text() == "热水不够热"
    assert section.table.item(0, 4).text() == "13812345678"
    assert not section.answer_button.isEnabled()  # nothing chosen yet

    _select(window, HOT_WATER)
    qtbot.mouseClick(section.answer_button, Qt.MouseButton.LeftButton)
    dialog = section.dialog
    assert isinstance(dialog, AnswerDialog) and dialog.isVisible()
    phone = dialog.findChild(type(dialog.problem), "feedbackPhone")
    assert phone is not None and "13812345678" in phone.text()

    # Saved with nothing written down: refused in the dialog, nothing stored
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "请写下做了什么" in dialog.problem.text()
    assert set_up_station.feedback.get(HOT_WATER).open

    type_text(qtbot, dialog.action, "换了饮水机加热管，已回电")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: section.summary.text() == "1 条意见待处理。")
    assert "已保存" in section.notice.text()
    assert _nav_text(window) == "活动 (1)"
    assert page.tabs.tabText(page.tabs.indexOf(section)) == "职工意见 (1)"
    with set_up_station.db.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT phone, action FROM feedback WHERE id = :id"), {"id": HOT_WATER}
        ).one()
    assert tuple(stored) == (None, "换了饮水机加热管，已回电")

    section.showing.setCurrentIndex(section.showing.findData("answered"))
    assert section.table.rowCount() == 1
    assert section.table.item(0, 4).text() == "换了饮水机加热管，已回电"


def test_feedback_given_in_person_is_refused_when_too_long_then_recorded(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    _open_tab(qtbot, window)
    section = window.activities_page.feedback
    assert section.summary.text() == "所有意见都已处理。"
    qtbot.mouseClick(section.in_person_button, Qt.MouseButton.LeftButton)
    dialog = section.dialog
    assert isinstance(dialog, InPersonDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.said.hasFocus()  # the cursor waits where the worker's words go

    # Nothing said and no rating: refused
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "请评分或写下职工说的话" in dialog.problem.text()
    dialog.said.setPlainText("长" * 501)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "最多 500 个字" in dialog.problem.text() and dialog.isVisible()
    assert set_up_station.feedback.open_count() == 0

    dialog.said.clear()
    type_text(qtbot, dialog.said, "希望周末也开门")
    five = dialog.findChild(QPushButton, "rating5")
    assert five is not None
    qtbot.mouseClick(five, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: section.table.rowCount() == 1)
    assert section.table.item(0, 1).text() == "当面"
    assert section.table.item(0, 2).text() == "★★★★★"
    assert _nav_text(window) == "活动 (1)"
    (entry,) = set_up_station.feedback.open()
    assert (entry.rating, entry.text, entry.to_send) == (5, "希望周末也开门", True)


def test_a_scan_while_the_answer_dialog_is_open_never_lands_in_it(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    _suggestions(set_up_station)
    _open_tab(qtbot, window)
    section = window.activities_page.feedback
    _select(window, CHAIRS)
    dialog = section.answer()
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.action.hasFocus()
    keys = TimedKeys()
    keys.scan("HF-LY-0012-000123")
    keys_delivered(qtbot)
    assert dialog.action.toPlainText() == ""
    assert "再扫一次" in dialog.problem.text() and dialog.isVisible()
    assert window.current_page_key() == "activities"
    keys.person_types("ok")
    keys_delivered(qtbot)
    assert dialog.action.toPlainText() == "ok"
    dialog.reject()


@needs_poppler
def test_the_poster_needs_the_hq_address_then_prints(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, tmp_path: Path
) -> None:
    _open_tab(qtbot, window)
    section = window.activities_page.feedback
    asked: list[Path] = []
    printed = tmp_path / "printed.pdf"

    def pdf_printer(pdf: Path) -> QPrinter:
        asked.append(pdf)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    section.choose_printer = pdf_printer
    qtbot.mouseClick(section.poster_button, Qt.MouseButton.LeftButton)
    assert "总工会地址" in section.notice.text() and "同步" in section.notice.text()
    assert asked == []

    set_up_station.settings.set(HQ_URL, "https://hq.example.cn")
    set_up_station.settings.save()
    qtbot.mouseClick(section.poster_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "海报已打印" in section.notice.text(), timeout=20_000)
    assert asked == [set_up_station.paths.reports / f"feedback-poster-{PROFILE.code}.pdf"]
    words = pdf_text(asked[0]).replace(" ", "").replace("\n", "")
    assert PROFILE.name.replace(" ", "") in words
    assert f"https://hq.example.cn/r/{PROFILE.code}" in words
    assert printed.stat().st_size > 0
