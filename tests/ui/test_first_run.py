"""First start: the station introduces itself before anything else can happen."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from station_app.app import Station
from station_app.i18n import _
from station_app.services.station.profile import StationService
from station_app.ui.dialogs.first_run import FirstRunDialog
from tests.ui.expected import PROFILE, has_chinese
from tests.ui.keyboard import type_text


@pytest.fixture
def dialog(qtbot: QtBot, station: Station) -> FirstRunDialog:
    """Given a station that has never been set up, the first-run dialog is open."""
    assert station.station.profile() is None
    station.db.duty.console = False  # as the GUI opens it: nobody is trusted yet
    shown = FirstRunDialog(station.station, station.accounts)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def fill_admin(qtbot: QtBot, dialog: FirstRunDialog, pin: str = "2580") -> None:
    """The station manager's own sign-in, typed as they would."""
    type_text(qtbot, dialog.admin.name, "王站长")
    qtbot.keyClicks(dialog.admin.secret, pin)
    qtbot.keyClicks(dialog.admin.again, pin)


def test_the_dialog_speaks_chinese(dialog: FirstRunDialog) -> None:
    assert dialog.save_button.text() == "保存并开始"
    assert has_chinese(dialog.windowTitle())
    assert has_chinese(dialog.form.edits["code"].placeholderText())


def test_an_empty_code_is_explained_under_the_field_and_nothing_is_saved(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    # Given the attendant fills in the name but leaves the code empty
    type_text(qtbot, dialog.form.edits["name"], PROFILE.name)

    # When they press "Save and start"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then the code field says, in Chinese and visibly, what to enter
    error = dialog.form.errors["code"]
    assert error.isVisible()
    assert error.text() == _("Enter the station code issued by headquarters.")
    assert has_chinese(error.text())
    code_edit = dialog.form.edits["code"]
    assert (
        error.mapTo(dialog, error.rect().topLeft()).y()
        >= code_edit.mapTo(dialog, code_edit.rect().bottomLeft()).y()
    ), "the message is under the field"
    assert not dialog.form.errors["name"].isVisible()
    # And the cursor waits in the code field
    assert code_edit.hasFocus()
    # And nothing was saved, and the dialog is still open
    assert station.station.profile() is None
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_saving_an_empty_form_explains_both_needed_fields(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.form.errors["code"].isVisible()
    assert dialog.form.errors["name"].isVisible()
    assert dialog.form.errors["name"].text() == _("Enter the station's name.")
    assert has_chinese(dialog.form.errors["name"].text())
    assert not dialog.form.errors["district"].isVisible()
    assert station.station.profile() is None


def test_a_filled_form_is_saved_with_the_code_in_capitals(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    # Given the attendant types the code in small letters and the station's Chinese name
    qtbot.keyClicks(dialog.form.edits["code"], "hf-ly-0012")
    type_text(qtbot, dialog.form.edits["name"], PROFILE.name)
    type_text(qtbot, dialog.form.edits["district"], PROFILE.district)
    fill_admin(qtbot, dialog)

    # When they press "Save and start"
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then the dialog closes and the profile is stored, the code upper-cased
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    stored = StationService(station.db, station.clock).profile()
    assert stored is not None
    assert stored.code == "HF-LY-0012"
    assert stored.name == "庐阳区环卫工人爱心驿站"
    assert stored.district == "合肥市庐阳区"
    assert dialog.saved == stored


def test_after_a_mistake_the_corrected_form_is_saved(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    # Given the attendant first pressed save with a code that is not one
    qtbot.keyClicks(dialog.form.edits["code"], "hf ly")
    type_text(qtbot, dialog.form.edits["name"], PROFILE.name)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["code"].isVisible()
    assert station.station.profile() is None

    # When they correct the code and press save again
    code = dialog.form.edits["code"]
    code.selectAll()
    qtbot.keyClicks(code, "HF-LY-0012")
    fill_admin(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then it is saved
    stored = station.station.profile()
    assert stored is not None
    assert stored.code == "HF-LY-0012"


def test_enter_in_the_last_field_saves_like_the_button(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    qtbot.keyClicks(dialog.form.edits["code"], "HF-LY-0012")
    type_text(qtbot, dialog.form.edits["name"], PROFILE.name)
    fill_admin(qtbot, dialog)

    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.admin.again, Qt.Key.Key_Return)

    stored = station.station.profile()
    assert stored is not None
    assert stored.name == PROFILE.name


def test_the_one_who_sets_up_becomes_the_signed_in_admin(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    qtbot.keyClicks(dialog.form.edits["code"], "HF-LY-0012")
    type_text(qtbot, dialog.form.edits["name"], PROFILE.name)
    # A PIN anyone would guess is refused under its field, and nothing is saved
    fill_admin(qtbot, dialog, pin="1234")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.admin.errors["secret"].isVisible()
    assert "1234" in dialog.admin.errors["secret"].text()
    assert station.station.profile() is None and not station.accounts.has_admin()

    for edit in (dialog.admin.name, dialog.admin.secret, dialog.admin.again):
        edit.clear()
    fill_admin(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    actor = station.accounts.current()
    assert actor is not None and actor.name == "王站长" and actor.is_admin
    assert station.station.profile() is not None


def test_quit_leaves_the_station_unset(
    qtbot: QtBot, dialog: FirstRunDialog, station: Station
) -> None:
    qtbot.keyClicks(dialog.form.edits["code"], "HF-LY-0012")
    quit_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == _("Quit"))

    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)

    assert station.station.profile() is None


def test_practising_with_demo_data_fills_the_station_off_the_gui_thread(
    qtbot: QtBot, station: Station
) -> None:
    import datetime as dt
    import threading

    from station_app.demo.fill import DemoService
    from station_app.domain.progress import Progress
    from station_app.ui.tasks import TaskRunner

    # Given the first-run dialog of a new station, with the demo offered
    runner = TaskRunner()
    demo = DemoService(station.db)
    gui_thread = threading.get_ident()
    worker_threads: list[int] = []

    def work(progress: Progress) -> object:
        worker_threads.append(threading.get_ident())
        return demo.fill(days=20, until=dt.date(2026, 7, 31), progress=progress)

    station.db.duty.console = False
    shown = FirstRunDialog(station.station, station.accounts, demo=work, runner=runner)
    qtbot.addWidget(shown)
    shown.show()
    assert shown.demo_button.isVisible()
    assert shown.demo_button.text() == "用演示数据练习"

    # When the trainer chooses to practise with demo data
    with qtbot.waitSignal(shown.accepted, timeout=30_000):
        qtbot.mouseClick(shown.demo_button, Qt.MouseButton.LeftButton)
        # Then, while it works, the form cannot be used and progress shows
        assert not shown.save_button.isEnabled()
        assert shown.progress.isVisible()

    # And it ran on a worker thread, the demo profile is the station's, and visits exist
    assert worker_threads and worker_threads[0] != gui_thread
    assert shown.saved is not None and shown.saved == station.station.profile()
    assert demo.has_visits()
    # And the practice station has its admin and an attendant to sign in as
    assert {person.name for person in station.accounts.on_duty()} == {"王站长", "李明"}
    runner.wait()


def test_the_demo_is_not_offered_without_a_runner(dialog: FirstRunDialog) -> None:
    assert not dialog.demo_button.isVisible()
