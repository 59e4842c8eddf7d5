"""The Sync page: what was sent and what is waiting, "Sync now", and where the summaries go.

Real station database with demo days, a real folder, a real (closed) loopback port.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from station_app.app import Station, open_station
from station_app.config.settings import SYNC_FOLDER, SYNC_MODE
from station_app.demo.fill import DemoService
from station_app.hq.db import HqDatabase
from station_app.hq.stations import add_station
from station_app.hq.trust import hq_public_key_file, revoke_card, write_bundle
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import Ops
from station_app.ui.pages.sync_page import SyncController, SyncPage, make_sync_page
from station_app.ui.tasks import TaskRunner
from tests.hq.conftest import sqlite_url
from tests.ui.expected import PROFILE, has_chinese

DEMO_DAYS = 3


def closed_demo_days(station: Station) -> list[dt.date]:
    """Three days of demo visits ending yesterday: all of them closed."""
    yesterday = station.clock.today() - dt.timedelta(days=1)
    DemoService(station.db).fill(days=DEMO_DAYS, until=yesterday)
    return [yesterday - dt.timedelta(days=n) for n in reversed(range(DEMO_DAYS))]


def free_loopback_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def click(qtbot: QtBot, widget: QWidget) -> None:
    # Near the left edge: a radio button or check box answers only on its circle and words.
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def sync_and_wait(qtbot: QtBot, page: SyncPage, controller: SyncController) -> None:
    with qtbot.waitSignal(controller.synced, timeout=30_000):
        click(qtbot, page.sync_button)


def shown_text(label: QLabel) -> str:
    """A label's words as read (the page joins the letters of a date so it never wraps)."""
    return label.text().replace("\u2060", "")


def assert_plain_problem(label: QLabel) -> None:
    assert label.isVisible()
    assert label.property("problem") is True  # red
    text = label.text()
    assert has_chinese(text)
    assert "Traceback" not in text
    assert "Errno" not in text


def written_days(folder: Path) -> set[dt.date]:
    """The days of the CSV files in ``folder`` (<code>_<date>_r<n>.csv)."""
    return {dt.date.fromisoformat(path.stem.split("_")[1]) for path in folder.rglob("*.csv")}


def stored_settings(station: Station) -> dict[str, object]:
    raw = json.loads(station.paths.settings.read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


@pytest.fixture
def sync_page(
    qtbot: QtBot, set_up_station: Station, runner: TaskRunner
) -> tuple[SyncPage, SyncController]:
    """The page on its own, shown and active (so a refused field can take the focus)."""
    page, controller = make_sync_page(set_up_station, Ops(runner))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page, controller


def test_syncing_into_a_folder_writes_each_closed_day_and_empties_the_queue(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, tmp_path: Path
) -> None:
    # Given three closed demo days, and the attendant on the Sync page
    days = closed_demo_days(set_up_station)
    usb = tmp_path / "usb"
    usb.mkdir()
    window.show_page("sync")
    page, controller = window.sync_page, window.sync
    assert page.last_success.text() == "还没有成功发送过。"

    # When they choose "write to a folder", pick the USB stick and press Sync now
    click(qtbot, page.mode_buttons["folder"])
    controller.choose_folder = lambda _title, _start: usb
    click(qtbot, page.choose_button)
    assert page.folder.text() == str(usb)
    sync_and_wait(qtbot, page, controller)

    # Then each closed day is in the folder as a CSV file and its manifest (the demo's days
    # are those of its own time zone, so a day either side may be there too)
    names = {path.name for path in usb.rglob("*") if path.is_file()}
    written = written_days(usb)
    assert set(days) <= written
    assert max(written) < set_up_station.clock.today()
    assert names == {
        f"{PROFILE.code}_{day.isoformat()}_r1{suffix}"
        for day in written
        for suffix in (".csv", ".manifest.json")
    }
    # and the page says nothing is waiting, and when it last succeeded
    assert page.pending.text() == "没有待发送的日子。"
    assert page.last_success.text().startswith("上次成功发送：")
    assert set_up_station.clock.today().isoformat() in page.last_success.text()
    assert not page.last_error.isVisible()
    assert page.outcome.text()
    assert page.outcome.property("problem") is False
    # and the settings typed on the way are saved
    assert stored_settings(set_up_station)["sync_mode"] == "folder"


def test_with_headquarters_unreachable_the_days_stay_waiting_and_the_error_is_plain(
    qtbot: QtBot,
    sync_page: tuple[SyncPage, SyncController],
    set_up_station: Station,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    # Given three closed days, and an HQ address where nothing listens
    days = closed_demo_days(set_up_station)
    page, controller = sync_page
    address = f"http://127.0.0.1:{free_loopback_port()}/"

    # When the attendant sets up sending over the network and presses Sync now
    click(qtbot, page.mode_buttons["https"])
    type_into(qtbot, page.address, address)
    type_into(qtbot, page.token, "station-token-0012")
    sync_and_wait(qtbot, page, controller)

    # Then the page lists the days still waiting
    pending_before = shown_text(page.pending)
    waiting = set_up_station.sync.status().pending_days
    assert pending_before.startswith(f"{len(waiting)} 天待发送：")
    assert set(days) <= set(waiting)
    for day in days:
        assert f"{day.month}月{day.day}日" in pending_before
    # and says in red Chinese words, without a traceback, that it did not get through
    assert_plain_problem(page.outcome)
    assert page.last_success.text() == "还没有成功发送过。"
    # and says so again when the page is opened after a restart, with the time it tried
    again, _again = make_sync_page(set_up_station, Ops(runner))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert shown_text(again.pending) == pending_before
    assert again.last_error.isVisible()
    assert again.last_error.text().startswith("上次尝试（")
    assert_plain_problem(again.last_error)

    # And nothing is lost: written to a folder instead, every day arrives
    usb = tmp_path / "usb"
    usb.mkdir()
    click(qtbot, page.mode_buttons["folder"])
    type_into(qtbot, page.folder, str(usb))
    sync_and_wait(qtbot, page, controller)
    assert set(days) <= written_days(usb)
    assert all(f"{day.month}月{day.day}日" in pending_before for day in written_days(usb))
    assert page.pending.text() == "没有待发送的日子。"
    assert not page.last_error.isVisible()


def test_settings_typed_on_the_page_are_saved_and_come_back_after_a_restart(
    qtbot: QtBot,
    sync_page: tuple[SyncPage, SyncController],
    set_up_station: Station,
    data_dir: Path,
    runner: TaskRunner,
) -> None:
    page, _controller = sync_page

    # When the attendant types HQ's address, the token and a proxy, and saves
    click(qtbot, page.mode_buttons["https"])
    type_into(qtbot, page.address, "https://hq.example.org/station")
    type_into(qtbot, page.token, "s3cret-token")
    type_into(qtbot, page.proxy, "http://proxy.local:8080")
    click(qtbot, page.save_button)

    # Then the page says so and settings.json holds them
    assert page.settings_notice.text() == "已保存。"
    stored = stored_settings(set_up_station)
    assert stored["sync_mode"] == "https"
    assert stored["hq_url"] == "https://hq.example.org/station"
    assert stored["hq_token"] == "s3cret-token"
    assert stored["http_proxy"] == "http://proxy.local:8080"

    # And after the app starts again, the page shows them (the token hidden until asked)
    reopened = open_station(data_dir, clock=set_up_station.clock)
    try:
        again, _again = make_sync_page(reopened, Ops(runner))
        qtbot.addWidget(again)
        assert again.mode_buttons["https"].isChecked()
        assert again.address.text() == "https://hq.example.org/station"
        assert again.proxy.text() == "http://proxy.local:8080"
        assert again.token.text() == "s3cret-token"
        assert again.token.echoMode() == QLineEdit.EchoMode.Password
        click(qtbot, again.show_token)
        assert again.token.echoMode() == QLineEdit.EchoMode.Normal
        assert not again.folder.isEnabled()  # not needed to send over the network
    finally:
        runner.wait(10_000)
        reopened.close()


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("http://hq.example.org/api", "https://"),
        ("hq.example.org", "https://"),
        ("https://hq.example.org:99999/", "65535"),
        ("", "地址"),
    ],
    ids=["plain-http", "no-scheme", "bad-port", "empty"],
)
def test_a_bad_address_is_refused_with_a_message(
    qtbot: QtBot,
    sync_page: tuple[SyncPage, SyncController],
    set_up_station: Station,
    address: str,
    words: str,
) -> None:
    page, _controller = sync_page

    click(qtbot, page.mode_buttons["https"])
    type_into(qtbot, page.address, address)
    type_into(qtbot, page.token, "station-token")
    click(qtbot, page.save_button)

    notice = page.settings_notice.text()
    assert words in notice
    assert has_chinese(notice)
    assert page.settings_notice.property("problem") is True
    assert page.address.hasFocus()  # the field to fix
    assert not set_up_station.paths.settings.exists() or "hq_url" not in stored_settings(
        set_up_station
    )
    # Sync now does not send with the refused address either
    click(qtbot, page.sync_button)
    assert set_up_station.settings.get(SYNC_MODE) == "off"


def test_a_local_test_server_address_is_accepted(
    qtbot: QtBot, sync_page: tuple[SyncPage, SyncController], set_up_station: Station
) -> None:
    page, _controller = sync_page

    click(qtbot, page.mode_buttons["https"])
    type_into(qtbot, page.address, "http://localhost:8765/")
    type_into(qtbot, page.token, "station-token")
    click(qtbot, page.save_button)

    assert page.settings_notice.text() == "已保存。"
    assert stored_settings(set_up_station)["hq_url"] == "http://localhost:8765/"


def test_the_app_sends_by_itself_when_sending_is_on(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, runner: TaskRunner, tmp_path: Path
) -> None:
    days = closed_demo_days(set_up_station)
    controller = window.sync
    assert controller.auto_timer.isActive()  # armed at start

    # While sending is off, the timer sends nothing
    controller.auto_sync()
    assert not runner.busy

    # Once a folder is chosen, the next tick writes every closed day there, nobody pressing
    usb = tmp_path / "usb"
    usb.mkdir()
    set_up_station.settings.set(SYNC_MODE, "folder")
    set_up_station.settings.set(SYNC_FOLDER, str(usb))
    with qtbot.waitSignal(controller.synced, timeout=30_000):
        controller.auto_sync()

    assert set(days) <= written_days(usb)
    assert set_up_station.sync.status().pending_days == []
    assert controller.auto_timer.isActive()  # and it keeps going


@pytest.fixture
def desk_window(qtbot: QtBot, set_up_station: Station, runner: TaskRunner) -> MainWindow:
    """The window as the GUI opens it: an admin and an attendant, nobody trusted yet."""
    from station_app.domain.enums import Role

    accounts = set_up_station.accounts
    accounts.create_first_admin("王站长", "2580", "2580")
    accounts.add("李明", Role.ATTENDANT, "1357", "1357")
    accounts.sign_out()
    set_up_station.db.duty.console = False
    main = MainWindow(set_up_station, runner)
    qtbot.addWidget(main)
    main.resize(1024, 740)
    main.show()
    qtbot.waitExposed(main)
    return main


def sign_in_as(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> None:
    page = window.sign_in_page
    (person,) = [p for p in window.station.accounts.on_duty() if p.name == name]
    qtbot.mouseClick(page.names.button(person.id), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.secret, pin)
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)
    assert window.screens.currentWidget() is window.working


def test_an_attendant_sees_the_settings_greyed_with_the_reason_and_can_still_sync(
    qtbot: QtBot, desk_window: MainWindow, set_up_station: Station, tmp_path: Path
) -> None:
    # Given the admin chose a USB stick earlier, and an attendant on duty
    days = closed_demo_days(set_up_station)
    usb = tmp_path / "usb"
    usb.mkdir()
    set_up_station.settings.set(SYNC_MODE, "folder")
    set_up_station.settings.set(SYNC_FOLDER, str(usb))
    sign_in_as(qtbot, desk_window, "李明", "1357")
    desk_window.show_page("sync")
    page, controller = desk_window.sync_page, desk_window.sync

    # Then every setting is shown but greyed, and the page says why, in Chinese
    assert page.admin_only.isVisible()
    assert "管理员" in page.admin_only.text()
    assert page.folder.text() == str(usb)
    greyed = [*page.mode_buttons.values(), page.folder, page.choose_button, page.save_button]
    greyed += [page.address, page.token, page.proxy]
    assert [widget.isEnabled() for widget in greyed] == [False] * len(greyed)
    # but Sync now works, with the admin's settings
    assert page.sync_button.isEnabled()
    sync_and_wait(qtbot, page, controller)
    assert set(days) <= written_days(usb)
    assert page.outcome.property("problem") is False

    # And once the admin is on duty the same page can be changed again
    desk_window.hand_over()
    sign_in_as(qtbot, desk_window, "王站长", "2580")
    desk_window.show_page("sync")
    assert not page.admin_only.isVisible()
    assert page.save_button.isEnabled() and page.folder.isEnabled()
    assert not page.address.isEnabled()  # not needed for a folder


def test_the_days_waiting_are_counted_before_any_run_and_shown_during_one(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, runner: TaskRunner, tmp_path: Path
) -> None:
    # Given closed days never queued (sending off until now)
    days = closed_demo_days(set_up_station)
    window.show_page("sync")
    page, controller = window.sync_page, window.sync

    # Then the page says they wait, before anything was written
    waiting = set_up_station.sync.status().pending_days
    assert set(days) <= set(waiting)
    assert shown_text(page.pending).startswith(f"{len(waiting)} 天待发送：")
    # and once the page has looked for them (sending is off: nothing to do) no step lingers
    qtbot.waitUntil(lambda: not runner.busy)
    assert page.outcome.text() == ""

    # When the stick is chosen and Sync now pressed, the steps are told beside the button
    usb = tmp_path / "usb"
    usb.mkdir()
    click(qtbot, page.mode_buttons["folder"])
    type_into(qtbot, page.folder, str(usb))
    steps: list[str] = []
    runner.progress.connect(lambda *_step: steps.append(page.outcome.text()))
    sync_and_wait(qtbot, page, controller)

    total = len(waiting)
    assert f"（{total}/{total}）" in "".join(steps)
    assert page.pending.text() == "没有待发送的日子。"
    # And the files are in a subfolder named after today, on the stick
    (subfolder,) = usb.iterdir()
    assert subfolder.name == f"station-summaries-{set_up_station.clock.today().isoformat()}"
    assert set(days) <= written_days(subfolder)


def test_the_page_says_what_became_of_headquarters_list_of_withdrawn_cards(
    qtbot: QtBot, window: MainWindow, set_up_station: Station, tmp_path: Path
) -> None:
    # Given a USB stick that HQ's clerk gave back with HQ's list on it (one card withdrawn)
    hq = HqDatabase.open(sqlite_url(tmp_path))
    key_file = set_up_station.keyring.export_public_key()
    now = set_up_station.clock.now()
    add_station(hq, PROFILE.code, name=PROFILE.name, district="", key_text=key_file, now=now)
    own_key = key_file.split()[1]
    revoke_card(hq, own_key, f"{PROFILE.code}-000001", "遗失", by="test", now=now)
    usb = tmp_path / "usb"
    usb.mkdir()
    write_bundle(hq, usb, now=now)
    set_up_station.settings.set(SYNC_MODE, "folder")
    set_up_station.settings.set(SYNC_FOLDER, str(usb))
    set_up_station.settings.save()
    window.show_page("sync")
    page, controller = window.sync_page, window.sync
    # While the station has not imported HQ's key, the page says the list cannot reach it
    sync_and_wait(qtbot, page, controller)
    assert page.trust.isVisible() and "总工会" in page.trust.text()
    assert not page.outcome.property("problem")

    # When the admin imports HQ's key and the attendant syncs again
    set_up_station.keyring.import_key(hq_public_key_file(hq, now=now), kind="hq")
    sync_and_wait(qtbot, page, controller)
    hq.close()

    # Then the run says the list was applied, and the status which list the station holds
    assert "第 1 号" in page.outcome.text()
    assert page.trust.isVisible() and "第 1 号" in page.trust.text()
    assert page.trust.text() != page.outcome.text()
    page.window().grab().save(str(tmp_path / "sync-trust.png"))
