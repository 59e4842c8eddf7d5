"""The activities page: an attendant records a 送温暖 day (people per occupation, gloves
handed out) and sees it listed, the stock down and the campaign's report; an activity the
shelf cannot cover is refused with the reason and nothing written; the admin alone adds a
type and defines a campaign."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.clock import FrozenClock
from station_app.domain.activities import ActivityInput, HandOut
from station_app.domain.enums import Role
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.activities_page import ActivitiesPage
from station_app.ui.tasks import TaskRunner
from tests.reports.tools import needs_poppler, pdf_text
from tests.ui.expected import PROFILE
from tests.ui.keyboard import type_text
from tests.ui.test_accounts_gui import sign_in


@pytest.fixture
def desk(station: Station) -> Iterator[Station]:
    """Admin and attendant; gloves on the shelf in two batches; the winter campaign."""
    station.accounts.create_first_admin("王站长", "2580", "2580")
    station.station.save_profile(PROFILE)
    station.accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    gloves = station.inventory.create_item(ItemInput("劳保手套", "tools", "双"))
    station.inventory.receive(gloves.id, 50)
    soup = station.inventory.create_item(ItemInput("姜茶", "drinks", "包"))
    station.inventory.receive(soup.id, 20, expires_on=dt.date(2027, 3, 1))
    station.activities.define_campaign(
        "2026 冬送温暖", dt.date(2026, 11, 1), dt.date(2027, 2, 28), [gloves.id, soup.id]
    )
    station.accounts.sign_out()
    station.db.duty.console = False
    yield station


def _window(qtbot: QtBot, desk: Station, runner: TaskRunner) -> MainWindow:
    main = MainWindow(desk, runner)
    qtbot.addWidget(main)
    main.resize(1024, 768)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    return main


def _rows(desk: Station, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(desk.paths.database) as conn:
        return conn.execute(sql).fetchall()


def _pick(page: ActivitiesPage, item: str, quantity: int) -> None:
    page.item.setCurrentIndex(
        next(n for n in range(page.item.count()) if page.item.itemText(n).startswith(item))
    )
    page.quantity.setValue(quantity)
    page.add_item_button.click()


def _cells(table: object, row: int) -> list[str]:
    from PySide6.QtWidgets import QTableWidget

    assert isinstance(table, QTableWidget)
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_an_attendant_records_a_winter_warmth_day(
    qtbot: QtBot, desk: Station, runner: TaskRunner, clock: FrozenClock
) -> None:
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "李明", "1357")
    window.show_page("activities")
    page = window.activities_page
    assert page.isVisible()
    assert not page.add_type_button.isVisible()  # the list of types is the admin's
    page.kind.setCurrentIndex(page.kind.findText("送温暖"))
    type_text(qtbot, page.partner, "庐阳区总工会")
    page.people["sanitation"].setValue(18)
    page.people["courier"].setValue(12)
    _pick(page, "劳保手套", 30)
    _pick(page, "姜茶", 20)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)

    assert page.message.text() == "已记录：送温暖，30 人。"
    assert _cells(page.recent, 0) == [
        "2026-11-24",
        "送温暖",
        "庐阳区总工会",
        "30",
        "劳保手套 30 双、姜茶 20 包",
    ]
    assert page.handouts.count() == 0 and page.people["sanitation"].value() == 0
    assert {item.name: item.stock for item in desk.inventory.items()} == {
        "劳保手套": 20,
        "姜茶": 0,
    }
    assert _rows(desk, "SELECT count(*) FROM activity") == [(1,)]

    page.tabs.setCurrentIndex(1)
    assert not page.new_campaign.isVisible()
    assert page.campaign.currentText().startswith("2026 冬送温暖")
    assert page.campaign_summary.text() == "共 1 次活动向 30 人发放了物资。"
    assert _cells(page.campaign_kit, 0) == ["劳保手套", "30 双", "20"]
    assert _cells(page.campaign_kit, 1) == ["姜茶", "20 包", "0"]
    assert _cells(page.campaign_people, 0) == ["环卫工人", "18"]


def test_short_stock_is_refused_with_the_reason_and_nothing_written(
    qtbot: QtBot, desk: Station, runner: TaskRunner
) -> None:
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "李明", "1357")
    window.show_page("activities")
    page = window.activities_page
    page.people["sanitation"].setValue(40)
    _pick(page, "劳保手套", 40)
    _pick(page, "姜茶", 40)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)

    assert "20" in page.message.text() and "姜茶" in page.message.text()
    assert page.handouts.count() == 2  # kept, to correct and try again
    assert _rows(desk, "SELECT count(*) FROM activity") == [(0,)]
    assert {item.name: item.stock for item in desk.inventory.items()} == {
        "劳保手套": 50,
        "姜茶": 20,
    }


def test_the_admin_adds_a_type_and_defines_a_campaign(
    qtbot: QtBot, desk: Station, runner: TaskRunner
) -> None:
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "王站长", "2580")
    window.show_page("activities")
    page = window.activities_page
    assert page.add_type_button.isVisible()
    page.add_type("防暑知识讲座")
    assert page.kind.currentText() == "防暑知识讲座"

    page.tabs.setCurrentIndex(1)
    assert page.new_campaign.isVisible()
    type_text(qtbot, page.campaign_name, "2027 夏送清凉")
    page.kit.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(page.save_campaign_button, Qt.MouseButton.LeftButton)
    assert page.campaign_message.text() == "已保存。"
    assert page.campaign.currentText().startswith("2027 夏送清凉")
    assert page.campaign_summary.text() == "共 0 次活动向 0 人发放了物资。"


@needs_poppler
def test_the_campaign_report_is_saved_as_a_pdf(
    qtbot: QtBot, desk: Station, runner: TaskRunner, clock: FrozenClock
) -> None:
    gloves = next(item.id for item in desk.inventory.items() if item.name == "劳保手套")
    desk.db.duty.console = True
    desk.activities.record(
        ActivityInput(
            clock.today(), "winter_warmth", "", {"sanitation": 25}, (HandOut(gloves, 25),)
        )
    )
    desk.db.duty.console = False
    window = _window(qtbot, desk, runner)
    sign_in(qtbot, window, "李明", "1357")
    window.show_page("activities")
    page = window.activities_page
    opened: list[Path] = []
    page.open_file = opened.append
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)

    assert opened[0].parent == desk.paths.reports
    assert page.campaign_notice.text().startswith("已保存为")
    printed = " ".join(pdf_text(opened[0]).split())
    assert "2026 冬送温暖" in printed
    assert "环卫工人" in printed and "25" in printed
    assert "劳保手套" in printed and "25 双" in printed
