"""The change bus: a write on one page brings every other screen that shows the same data up
to date, with no page wired to another; a hidden page reads nothing until it is shown. And
the one way the GUI runs a read or a write (ui/ops.py): its callbacks on the GUI thread,
its default failure message."""

from __future__ import annotations

import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.domain.progress import Progress
from station_app.services.changes import Changes, Subject
from station_app.services.people.worker_data import WorkerInput
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stock_dialogs import ReceiveDialog
from station_app.ui.errors import unexpected_error_text
from station_app.ui.main_window import MainWindow
from station_app.ui.models.visits_model import NAME
from station_app.ui.ops import Failure
from station_app.ui.pages.services_page import count_text
from station_app.ui.tasks import TaskRunner
from tests.ui.test_checkin_page import give_card

GUI_THREAD = threading.get_ident()


def nav_text(window: MainWindow) -> str:
    return window.navigation.item(window.page_keys.index("inventory")).text()


def test_a_service_tapped_at_check_in_reaches_the_services_page_when_it_is_next_shown(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    # Given the attendant looked at the Services page once (nothing recorded yet)
    services = window.services_page
    window.show_page("services")
    assert services.summary.text() == count_text(0)

    # When a visitor gets hot water at the check-in page
    window.show_page("checkin")
    window.checkin.chime.enabled = False
    window.checkin.anonymous("courier")
    qtbot.mouseClick(window.checkin_page.services.buttons["hot_water"], Qt.MouseButton.LeftButton)

    # Then the hidden Services page has read nothing yet: it only knows it is out of date
    assert Subject.SERVICES in window.services.follower.stale
    assert services.summary.text() == count_text(0)
    # And when the attendant opens it, the service is listed
    window.show_page("services")
    assert services.summary.text() == count_text(1)
    assert window.services.model.row(0).service_code == "hot_water"
    assert not window.services.follower.stale


def test_the_stock_badge_follows_a_tap_at_check_in_and_a_receive_on_the_inventory_page(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    # Given two bottles of water, the minimum the station keeps, and 饮水 takes one
    inventory = set_up_station.inventory
    water = inventory.create_item(ItemInput("饮用水", "drinks", "瓶", min_stock=2))
    inventory.receive(water.id, 2)
    set_up_station.service_log.set_consumption("drinking_water", water.id, 1)
    window.on_the_minute()
    assert nav_text(window) == "库存"

    # When a visitor at the check-in page is given water
    window.show_page("checkin")  # the service buttons follow the new consumption
    window.checkin.chime.enabled = False
    window.checkin.anonymous("sanitation")
    qtbot.mouseClick(
        window.checkin_page.services.buttons["drinking_water"], Qt.MouseButton.LeftButton
    )

    # Then the badge, seen from the check-in page, says one item needs attention
    assert window.current_page_key() == "checkin"
    assert nav_text(window) == "库存 (1)"

    # When ten bottles come in on the inventory page
    window.show_page("inventory")
    window.inventory.select(water.id)
    qtbot.mouseClick(window.inventory_page.receive_button, Qt.MouseButton.LeftButton)
    dialog = window.inventory.dialog
    assert isinstance(dialog, ReceiveDialog)
    dialog.quantity.setValue(10)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # Then the badge clears, and the check-in page's next tap still takes from the shelf
    assert nav_text(window) == "库存"
    assert inventory.item(water.id).stock == 11


def test_a_write_in_the_background_reaches_the_page_on_screen(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner, set_up_station: Station
) -> None:
    # Given 老王 checked in: his name is in the check-in page's recent visits
    window.checkin.chime.enabled = False
    card = give_card(set_up_station, "老王")
    assert window.checkin.check_in(card.qr_text) is not None
    model = window.checkin.model
    assert model.index(0, NAME).data() == "老王"

    # When his personal data is erased in the background (as the retention job does)
    workers = set_up_station.workers
    heard: list[tuple[Changes, int]] = []
    window.bus.changed.connect(lambda changes, _by: heard.append((changes, threading.get_ident())))
    with qtbot.waitSignal(window.bus.changed, timeout=10_000):
        window.ops.write(lambda _progress: workers.erase(card.worker_id)).with_progress(
            "删除个人信息"
        ).run_in_background()

    # Then the bus said so on the GUI thread, and the page on screen no longer shows his name
    ((changes, thread),) = heard
    assert Subject.WORKERS in changes and thread == GUI_THREAD
    assert window.current_page_key() == "checkin"
    assert model.index(0, NAME).data() != "老王"
    assert window.checkin.model.rowCount() == 1  # the visit still counts


def test_a_refused_write_changes_nothing_and_announces_nothing(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    inventory = set_up_station.inventory
    water = inventory.create_item(ItemInput("饮用水", "drinks", "瓶"))
    failures: list[Failure] = []
    with qtbot.assertNotEmitted(window.bus.changed):
        result = (
            window.ops.write(lambda _progress: inventory.issue(water.id, 5))
            .failure(failures.append)
            .run()
        )
    assert result is None
    (failure,) = failures
    assert failure.refused and failure.text == str(failure.exc)
    assert inventory.item(water.id).stock == 0


def test_without_a_failure_callback_a_refusal_is_shown_in_its_own_words(
    qtbot: QtBot, window: MainWindow
) -> None:
    def refuse(_progress: Progress) -> None:
        raise ServiceError("今天的备份已经做过了。")

    window.ops.write(refuse).run()

    box = window.ops.last_message
    assert box is not None and box.isVisible()
    assert box.text() == "今天的备份已经做过了。"
    box.close()


def test_a_fault_is_logged_with_its_traceback_and_shown_as_the_short_text(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_progress: Progress) -> int:
        return 1 // 0

    failures: list[tuple[Failure, int]] = []
    with caplog.at_level(logging.ERROR, logger="station_app.ui.ops"):
        window.ops.write(broken).with_progress("备份").failure(
            lambda failure: failures.append((failure, threading.get_ident()))
        ).run_in_background()
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)

    ((failure, thread),) = failures
    assert thread == GUI_THREAD
    assert not failure.refused
    assert failure.text == unexpected_error_text(None)
    (record,) = [r for r in caplog.records if r.name == "station_app.ui.ops"]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError

    # Without a callback, the attendant reads the same short text in a message box
    window.ops.read(broken).run()
    box = window.ops.last_message
    assert box is not None and box.text() == unexpected_error_text(None)
    box.close()


def test_a_read_announces_nothing_and_hands_its_result_back(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    workers = set_up_station.workers
    workers.register(WorkerInput("老王", "sanitation", consent=True))
    with qtbot.assertNotEmitted(window.bus.changed):
        found = window.ops.read(lambda _progress: workers.find("老王")).run()
    assert found is not None and [worker.display_name for worker in found] == ["老王"]
