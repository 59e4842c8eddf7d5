"""The Services page: what the check-in recorded, filtered and counted; a correction or a
removal moves the stock the inventory page shows; the service types reach the check-in
buttons; a refusal is explained in Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from station_app.app import Station
from station_app.domain.days import to_local
from station_app.i18n import _
from station_app.i18n.formatting import time_of_day
from station_app.services.checkin.service_data import ServiceFilter
from station_app.ui.main_window import MainWindow
from station_app.ui.models.items_model import STOCK
from station_app.ui.models.service_records_model import (
    NAME,
    OCCUPATION,
    SERVICE,
    TIME,
    TIMES,
)
from station_app.ui.models.service_records_model import (
    STOCK as STOCK_USED,
)
from station_app.ui.pages.services_page import ServicesController, ServicesPage
from tests.clock_support import START, frozen_clock
from tests.ui.expected import has_chinese
from tests.ui.test_checkin_services import WATER, stock_water

LOCAL = START.astimezone().tzinfo  # the PC's zone


@pytest.fixture
def page(window: MainWindow) -> ServicesPage:
    window.checkin.chime.enabled = False
    return window.services_page


@pytest.fixture
def controller(window: MainWindow) -> ServicesController:
    return window.services


def shown_rows(page: ServicesPage) -> list[tuple[str, ...]]:
    model = page.table.model()
    columns = (TIME, SERVICE, TIMES, OCCUPATION, NAME, STOCK_USED)
    return [
        tuple(model.index(row, column).data() for column in columns)
        for row in range(model.rowCount())
    ]


def shelf_shown(window: MainWindow, item_id: int) -> str:
    """The stock of an item as the inventory page's table shows it when the attendant opens
    that page; then back to the page they were on."""
    back = window.current_page_key()
    window.show_page("inventory")
    model = window.inventory.model
    row = model.row_of(item_id)
    window.show_page(back)
    assert row is not None
    return str(model.index(row, STOCK).data())


def counted(n: int) -> str:
    return _("{n} service records").format(n=n)


def taken(n: int) -> str:
    return _("{n} {unit} more {item} taken from the shelf").format(n=n, unit="瓶", item="饮用水")


def back(n: int) -> str:
    return _("{n} {unit} {item} back on the shelf").format(n=n, unit="瓶", item="饮用水")


def on_shelf(n: int) -> str:
    return _("{item}: {n} {unit} on the shelf now.").format(item="饮用水", n=n, unit="瓶")


def choose(combo: QComboBox, text: str) -> None:
    found = combo.findText(text)
    assert found >= 0, f"{text} is not offered"
    combo.setCurrentIndex(found)


def past(days_ago: int, hour: int) -> dt.datetime:
    day = frozen_clock().today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL)


def tap_service(window: MainWindow, qtbot: QtBot, occupation: str, code: str) -> None:
    """An anonymous visitor checked in on the check-in page, then one service tapped."""
    window.checkin.anonymous(occupation)
    with qtbot.waitSignal(window.checkin.services_recorded, timeout=2000):
        qtbot.mouseClick(window.checkin_page.services.buttons[code], Qt.MouseButton.LeftButton)


def test_services_recorded_at_check_in_appear_with_type_time_and_occupation(
    qtbot: QtBot, window: MainWindow, page: ServicesPage, set_up_station: Station
) -> None:
    # Given 饮水 takes a bottle of water, and two visitors served at the check-in page
    stock_water(set_up_station, 10)
    tap_service(window, qtbot, "courier", WATER)
    tap_service(window, qtbot, "sanitation", "hot_water")

    # When the attendant opens the Services page
    window.show_page("services")

    # Then both are listed, newest first, with what they were and when
    (hot, water) = set_up_station.service_log.list()
    assert shown_rows(page) == [
        (
            time_of_day(to_local(hot.recorded_at, set_up_station.clock.zone)),
            "热水",
            "1",
            "环卫工人",
            "—",
            "",
        ),
        (
            time_of_day(to_local(water.recorded_at, set_up_station.clock.zone)),
            "饮水",
            "1",
            "快递员",
            "—",
            "饮用水 × 1",
        ),
    ]
    assert page.summary.text() == counted(2)
    assert page.correct_button.isEnabled() and page.remove_button.isEnabled()

    # And a service tapped while the page is open joins the list at once
    tap_service(window, qtbot, "courier", "hot_water")
    assert page.summary.text() == counted(3)
    assert shown_rows(page)[0][1:4] == ("热水", "1", "快递员")


def test_filtering_by_service_and_days_narrows_the_list_and_the_count(
    window: MainWindow, page: ServicesPage, controller: ServicesController, set_up_station: Station
) -> None:
    # Given services over the last days, and one long before the default week
    log = set_up_station.service_log
    for days_ago, code, occupation in (
        (0, "hot_water", "courier"),
        (1, "phone_charging", "courier"),
        (3, "hot_water", "sanitation"),
        (20, "hot_water", "courier"),
    ):
        moment = past(days_ago, 10)
        visit = set_up_station.checkin.anonymous(occupation, now=moment).visit_ids[0]
        log.record(visit, code, now=moment)
    window.show_page("services")

    # The page opens on the last 7 days
    today = set_up_station.clock.today()
    assert page.start.date().toPython() == today - dt.timedelta(days=6)
    assert page.end.date().toPython() == today
    assert page.summary.text() == counted(3)
    assert len(shown_rows(page)) == 3

    # Only 热水
    choose(page.service, "热水")
    assert page.summary.text() == counted(2)
    assert {row[1] for row in shown_rows(page)} == {"热水"}

    # … and only couriers
    choose(page.occupation, "快递员")
    assert page.summary.text() == counted(1)
    assert [row[3] for row in shown_rows(page)] == ["快递员"]

    # A start date further back brings in the old one
    page.start.setDate(past(30, 10).date())
    assert page.summary.text() == counted(2)
    assert len(shown_rows(page)) == 2

    # And "last 7 days" puts the week back
    page.week_button.click()
    assert page.start.date().toPython() == today - dt.timedelta(days=6)
    assert page.summary.text() == counted(1)


def test_the_list_loads_a_page_at_a_time(
    window: MainWindow, page: ServicesPage, set_up_station: Station
) -> None:
    visit = set_up_station.checkin.anonymous("courier").visit_ids[0]
    for _n in range(130):
        set_up_station.service_log.record(visit, "hot_water")
    window.show_page("services")

    model = page.table.model()
    assert model.rowCount() == 100  # not all 130
    assert page.summary.text() == counted(130)
    assert model.canFetchMore(page.table.rootIndex())
    model.fetchMore(page.table.rootIndex())
    assert model.rowCount() == 130
    assert len({model.row(n).id for n in range(130)}) == 130


def test_correcting_the_count_of_water_takes_more_bottles_from_the_shelf(
    qtbot: QtBot,
    window: MainWindow,
    page: ServicesPage,
    controller: ServicesController,
    set_up_station: Station,
) -> None:
    # Given one 饮水 recorded at the check-in: 9 bottles left of 10
    item_id = stock_water(set_up_station, 10)
    tap_service(window, qtbot, "courier", WATER)
    assert shelf_shown(window, item_id) == "9"
    window.show_page("services")

    # When the attendant corrects it to 3 times
    dialog = controller.correct()
    assert dialog is not None and dialog.isVisible()
    dialog.quantity.setValue(3)
    # The dialog says beforehand what happens to the stock
    assert taken(2) in dialog.consequence.text()
    assert on_shelf(9) in dialog.consequence.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # Then the list, the notice and the inventory page all show it
    assert not dialog.isVisible()
    assert shown_rows(page)[0][1:] == ("饮水", "3", "快递员", "—", "饮用水 × 3")
    assert taken(2) in page.notice.text()
    assert on_shelf(7) in page.notice.text()
    assert has_chinese(page.notice.text())
    assert shelf_shown(window, item_id) == "7"

    # And changing it to 热水 (which takes nothing) puts all three back
    dialog = controller.correct()
    assert dialog is not None
    choose(dialog.service, "热水")
    assert back(3) in dialog.consequence.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert shown_rows(page)[0][1:] == ("热水", "3", "快递员", "—", "")
    assert shelf_shown(window, item_id) == "10"


def test_removing_a_service_gives_its_stock_back(
    qtbot: QtBot,
    window: MainWindow,
    page: ServicesPage,
    controller: ServicesController,
    set_up_station: Station,
) -> None:
    item_id = stock_water(set_up_station, 5)
    tap_service(window, qtbot, "courier", WATER)
    window.show_page("services")
    assert shelf_shown(window, item_id) == "4"

    # When the attendant removes it, the confirmation says the stock comes back
    box = controller.ask_remove()
    assert box is not None and box.isVisible()
    assert back(1) in box.informativeText()
    (remove,) = [button for button in box.buttons() if button.text() == _("Remove")]
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)

    # Then the record is gone from the list and the database, and the bottle is back
    assert shown_rows(page) == []
    assert page.summary.text() == counted(0)
    assert set_up_station.service_log.count() == 0
    assert shelf_shown(window, item_id) == "5"
    assert page.notice.text().startswith(
        _("Removed: {service} × {n}, recorded {time}.").split("{service}")[0]
    )
    assert back(1) in page.notice.text()
    assert not page.correct_button.isEnabled()


def test_keeping_the_record_at_the_confirmation_removes_nothing(
    qtbot: QtBot, window: MainWindow, controller: ServicesController, set_up_station: Station
) -> None:
    tap_service(window, qtbot, "courier", "hot_water")
    window.show_page("services")
    box = controller.ask_remove()
    assert box is not None
    (keep,) = [button for button in box.buttons() if button.text() == "保留"]
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert set_up_station.service_log.count() == 1


def test_a_correction_the_shelf_cannot_cover_is_refused_in_chinese_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    page: ServicesPage,
    controller: ServicesController,
    set_up_station: Station,
) -> None:
    # Given 2 bottles, one of them taken by a 饮水
    item_id = stock_water(set_up_station, 2)
    tap_service(window, qtbot, "courier", WATER)
    window.show_page("services")
    before = set_up_station.service_log.list()

    # When the attendant corrects it to 5 times
    dialog = controller.correct()
    assert dialog is not None
    dialog.quantity.setValue(5)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # Then the dialog stays open with the refusal in Chinese and the 5 still chosen
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert has_chinese(dialog.problem.text()) and "饮用水" in dialog.problem.text()
    assert dialog.quantity.value() == 5
    # And nothing changed: the record, the list, the stock
    assert set_up_station.service_log.list() == before
    assert shown_rows(page)[0][2] == "1"
    assert set_up_station.inventory.item(item_id).stock == 1
    assert shelf_shown(window, item_id) == "1"
    dialog.reject()


def test_a_service_type_added_in_the_dialog_becomes_a_check_in_button_and_hiding_removes_it(
    qtbot: QtBot,
    window: MainWindow,
    page: ServicesPage,
    controller: ServicesController,
    set_up_station: Station,
) -> None:
    window.show_page("services")

    def checkin_buttons() -> dict[str, str]:
        """The service buttons as the check-in page shows them; then back to this page."""
        window.show_page("checkin")
        labels = dict(window.checkin_page.services.labels)
        window.show_page("services")
        return labels

    # When the attendant adds 理发 in the service types dialog
    dialog = controller.edit_types()
    assert dialog.isVisible()
    dialog.new_name.setText("理发")
    with qtbot.waitSignal(window.bus.changed, timeout=2000):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    # Then it is listed, selected, and a button on the check-in page
    assert dialog.current() is not None and dialog.current().label == "理发"
    added = dialog.current().code
    assert page.service.findText("理发") >= 0  # a choice of the filter at once
    assert checkin_buttons()[added] == "理发"

    # When it is hidden, the button goes (the filter keeps it: old records have it)
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert added not in checkin_buttons()
    assert dialog.current().label == "理发" and not dialog.current().active
    assert dialog.toggle_button.text() == "显示"
    assert page.service.findText("理发") >= 0
    dialog.reject()


def test_the_dialog_sets_what_a_service_takes_and_refuses_a_name_already_used(
    qtbot: QtBot, window: MainWindow, controller: ServicesController, set_up_station: Station
) -> None:
    item_id = stock_water(set_up_station, 10)
    dialog = controller.edit_types()
    # 热水 is the first type; let it take 2 bottles of water
    assert dialog.current() is not None and dialog.current().label == "热水"
    choose(dialog.item, _("{item} ({unit})").format(item="饮用水", unit="瓶"))
    dialog.quantity.setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    hot = {t.code: t for t in set_up_station.service_log.service_types()}["hot_water"]
    assert (hot.consumes_item_id, hot.consumes_quantity) == (item_id, 2)

    # A tap on 热水 at the check-in now takes two bottles
    tap_service(window, qtbot, "courier", "hot_water")
    assert set_up_station.inventory.item(item_id).stock == 8

    # Renaming 热水 to 饮水 is refused in Chinese; nothing changes
    dialog.name.setText("饮水")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.isVisible() and has_chinese(dialog.problem.text())
    assert "饮水" in dialog.problem.text()
    assert window.checkin_page.services.labels["hot_water"] == "热水"
    assert set_up_station.service_log.list(ServiceFilter(service_code="hot_water"))
    dialog.reject()
