"""The Reports page (报表): choose a period, make the report, look at it, save and print it;
and last week's report offered (and saved by itself) on the first start after the week.

Real database, real report service and PDF, real printing into a PDF file; the save and
print dialogs are the only things replaced (by a chosen path and a PDF printer).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from station_app.app import Station
from station_app.config.settings import REPORT_AUTOSAVE, Settings
from station_app.domain.periods import PeriodKind, last_full_week, month_of, week_of
from station_app.i18n import _
from station_app.services.reporting.report_files import last_week_file
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.reports_page import ReportsController, ReportsPage
from station_app.ui.period_words import period_label
from station_app.ui.tasks import TaskRunner
from tests.clock_support import frozen_clock
from tests.reports.tools import needs_poppler
from tests.ui.expected import PROFILE

pytestmark = needs_poppler

TODAY = frozen_clock().today()  # the day the window's clock stands on
LAST_WEEK = last_full_week(TODAY)
WAIT_MS = 30_000


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    (line,) = [line for line in info.stdout.splitlines() if line.startswith("Pages:")]
    return int(line.split()[1])


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def visited(set_up_station: Station) -> Station:
    """Anonymous visits on three days of last week, in the morning (local time)."""
    for offset, count in ((0, 3), (2, 5), (4, 2)):
        moment = dt.datetime.combine(LAST_WEEK.start + dt.timedelta(days=offset), dt.time(10))
        set_up_station.checkin.anonymous("sanitation", count, now=moment.astimezone())
    return set_up_station


@pytest.fixture
def reports(qtbot: QtBot, window: MainWindow, visited: Station) -> ReportsController:
    """Given the attendant clicked 报表 in the navigation."""
    nav = window.navigation
    row = window.page_keys.index("reports")
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center()
    )
    assert window.reports_page.isVisible()
    return window.reports


def made(qtbot: QtBot, reports: ReportsController) -> Path:
    """Wait until the report is made and its pages in view are drawn; its file."""
    preview = reports.page.preview
    qtbot.waitUntil(
        lambda: reports.made is not None and bool(preview.drawn_pages()), timeout=WAIT_MS
    )
    assert reports.made is not None
    return reports.made.path


def not_blank(reports: ReportsController, index: int) -> bool:
    image = reports.page.preview.pixmaps[index].toImage()
    white = QColor(Qt.GlobalColor.white).rgb()
    step = max(image.width() // 60, 1)
    return any(
        image.pixel(x, y) != white
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


# -- choosing and making ---------------------------------------------------------------


def test_the_page_opens_on_last_week_with_nothing_to_save_yet(reports: ReportsController) -> None:
    page = reports.page
    assert page.week_choice.isChecked()
    assert reports.chosen() == LAST_WEEK
    assert page.period.currentText() == period_label(LAST_WEEK)
    assert not page.save_button.isEnabled()
    assert not page.print_button.isEnabled()
    assert page.preview.page_count() == 0


def test_picking_a_week_and_making_the_report_shows_its_pages(
    qtbot: QtBot, reports: ReportsController
) -> None:
    page = reports.page
    # Given the attendant goes a week back, then forward again to last week
    click(qtbot, page.earlier_button)
    assert reports.chosen() == LAST_WEEK.previous()
    click(qtbot, page.later_button)
    assert reports.chosen() == LAST_WEEK

    # When they make the report
    click(qtbot, page.make_button)
    pdf = made(qtbot, reports)

    # Then the preview shows every page of it, drawn, and names the week
    pages = page_count(pdf)
    assert pages >= 1
    assert page.preview.page_count() == pages
    assert not_blank(reports, 0)
    assert period_label(LAST_WEEK) in page.preview_title.text()
    assert PROFILE.name in pdf_text(pdf)
    assert page.save_button.isEnabled() and page.print_button.isEnabled()
    assert page.notice.text() == _(
        "The report is ready: {n} pages. Look it over, then save or print it."
    ).format(n=pages)


def test_the_notes_are_printed_on_the_report(qtbot: QtBot, reports: ReportsController) -> None:
    reports.page.notes.setPlainText("周三停电半天，热水暂停供应。")

    click(qtbot, reports.page.make_button)

    assert "周三停电半天" in pdf_text(made(qtbot, reports))


def test_after_changing_the_week_the_old_report_cannot_be_saved_as_the_new_one(
    qtbot: QtBot, reports: ReportsController
) -> None:
    page = reports.page
    click(qtbot, page.make_button)
    made(qtbot, reports)

    click(qtbot, page.earlier_button)

    assert not page.save_button.isEnabled()
    assert not page.print_button.isEnabled()
    assert page.notice.text() == _(
        "The period or the notes changed: make the report again to save or print it."
    )
    # Back on the week that was made, it may be saved again.
    click(qtbot, page.later_button)
    assert page.save_button.isEnabled()


def test_a_month_can_be_chosen(qtbot: QtBot, reports: ReportsController) -> None:
    page = reports.page
    click(qtbot, page.month_choice)

    assert reports.chosen() == month_of(LAST_WEEK.start)
    assert page.later_button.text() == _("Next month ›")
    click(qtbot, page.earlier_button)
    assert reports.chosen() == month_of(LAST_WEEK.start).previous()


def test_dates_the_wrong_way_round_are_explained(qtbot: QtBot, reports: ReportsController) -> None:
    page = reports.page
    click(qtbot, page.range_choice)
    assert page.first_day.isVisible() and not page.period.isVisible()
    # The dates start as the week chosen before.
    assert reports.chosen().start == LAST_WEEK.start
    assert reports.chosen().kind is PeriodKind.RANGE

    page.last_day.setDate(QDate(2026, 1, 1))
    page.first_day.setDate(QDate(2026, 1, 5))
    click(qtbot, page.make_button)

    assert page.notice.text() == _("The last day comes before the first.")
    assert page.notice.property("problem") is True
    assert reports.made is None


# -- saving and printing ----------------------------------------------------------------


def test_save_writes_the_report_where_the_attendant_chose(
    qtbot: QtBot, reports: ReportsController, visited: Station, tmp_path: Path
) -> None:
    click(qtbot, reports.page.make_button)
    shown = made(qtbot, reports).read_bytes()
    suggested: list[Path] = []

    def choose(title: str, suggestion: Path, pattern: str) -> Path:
        suggested.append(suggestion)
        return tmp_path / "for the manager"  # typed without .pdf

    reports.choose_path = choose
    click(qtbot, reports.page.save_button)

    target = tmp_path / "for the manager.pdf"
    qtbot.waitUntil(lambda: str(target) in reports.page.notice.text(), timeout=WAIT_MS)
    assert target.read_bytes() == shown
    assert suggested == [visited.paths.reports / f"{PROFILE.code}-{LAST_WEEK.code()}.pdf"]
    assert reports.page.notice.property("problem") is False


def test_a_save_that_cannot_be_written_says_so_and_leaves_nothing(
    qtbot: QtBot, reports: ReportsController, tmp_path: Path
) -> None:
    click(qtbot, reports.page.make_button)
    made(qtbot, reports)
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    in_the_way = stick / "reports"
    in_the_way.write_text("a file where the folder should be", encoding="utf-8")
    reports.choose_path = lambda title, suggestion, pattern: in_the_way / "week.pdf"

    click(qtbot, reports.page.save_button)

    qtbot.waitUntil(lambda: reports.page.notice.property("problem") is True, timeout=WAIT_MS)
    assert "week.pdf" in reports.page.notice.text()
    assert in_the_way.read_text(encoding="utf-8") == "a file where the folder should be"
    assert sorted(stick.iterdir()) == [in_the_way]


def test_printing_to_a_pdf_file_gives_the_same_pages(
    qtbot: QtBot, reports: ReportsController, tmp_path: Path
) -> None:
    click(qtbot, reports.page.make_button)
    pdf = made(qtbot, reports)
    printed = tmp_path / "printed.pdf"

    def pdf_printer(source: Path) -> QPrinter:
        assert source == pdf
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    reports.choose_printer = pdf_printer
    click(qtbot, reports.page.print_button)

    expected = _("Printed {n} pages into {path}.").format(n=page_count(pdf), path=printed)
    qtbot.waitUntil(lambda: reports.page.notice.text() == expected, timeout=WAIT_MS)
    assert page_count(printed) == page_count(pdf)


def test_cancelling_the_print_dialog_prints_nothing(
    qtbot: QtBot, reports: ReportsController, runner: TaskRunner
) -> None:
    click(qtbot, reports.page.make_button)
    made(qtbot, reports)
    reports.choose_printer = lambda source: None

    click(qtbot, reports.page.print_button)

    assert not runner.busy
    assert reports.page.print_button.isEnabled()


# -- last week's report at start-up ---------------------------------------------------------


def offer_shown(window: MainWindow) -> bool:
    return window.report_offer.isVisible() and window.reports_page.offer.isVisibleTo(
        window.reports_page
    )


def test_at_start_last_weeks_report_is_saved_once_and_never_over_a_file(
    qtbot: QtBot, window: MainWindow, visited: Station, runner: TaskRunner
) -> None:
    target = last_week_file(visited.paths.reports, PROFILE.code, TODAY)
    assert not target.exists()

    # When the app starts after the week ended
    window.offer_last_week_report(TODAY)

    # Then last week's report is saved into the reports folder, and the attendant told where
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    assert sorted(visited.paths.reports.iterdir()) == [target]  # no half-written leftovers
    assert target.name == f"{PROFILE.code}-{LAST_WEEK.code()}.pdf"
    assert page_count(target) >= 1
    assert PROFILE.name in pdf_text(target)
    told = _("Last week's report was saved as {path}.").format(path=target)
    assert window.reports_page.offer_text.text() == told
    assert window.report_offer.toolTip() == told
    assert offer_shown(window)

    # And on the next start it is not made again, nor written over
    written = target.stat().st_mtime_ns, target.read_bytes()
    again = MainWindow(visited, runner)
    qtbot.addWidget(again)
    again.show()
    again.offer_last_week_report(TODAY)
    assert not runner.busy
    assert not offer_shown(again)
    assert (target.stat().st_mtime_ns, target.read_bytes()) == written


def test_a_file_already_there_is_neither_offered_nor_replaced(
    window: MainWindow, visited: Station, runner: TaskRunner
) -> None:
    target = last_week_file(visited.paths.reports, PROFILE.code, TODAY)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"%PDF-1.4 signed by the manager")

    window.offer_last_week_report(TODAY)

    assert not runner.busy
    assert not offer_shown(window)
    assert not window.report_offer.isVisible()
    assert target.read_bytes() == b"%PDF-1.4 signed by the manager"


def test_with_autosave_off_the_report_is_offered_and_opens_on_last_week(
    qtbot: QtBot, window: MainWindow, visited: Station, runner: TaskRunner
) -> None:
    visited.settings.set(REPORT_AUTOSAVE, False)
    window.show_page("checkin")

    window.offer_last_week_report(TODAY)

    # The offer is in the status bar, whatever page is on show; nothing is written
    assert offer_shown(window)
    assert window.report_offer.text() == _("Show last week's report")
    assert not runner.busy
    assert not visited.paths.reports.exists()

    # When the attendant takes it, the reports page shows last week's report
    click(qtbot, window.report_offer)
    assert window.current_page_key() == "reports"
    reports = window.reports
    assert reports.chosen() == LAST_WEEK
    made(qtbot, reports)
    assert reports.made is not None and reports.made.period == LAST_WEEK
    assert not window.report_offer.isVisible()

    # Saving it into the reports folder under its own name is what the offer asked for.
    reports.choose_path = lambda title, suggestion, pattern: suggestion
    click(qtbot, reports.page.save_button)
    target = last_week_file(visited.paths.reports, PROFILE.code, TODAY)
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    assert not window.reports_page.offer.isVisibleTo(window.reports_page)


def test_when_last_weeks_report_cannot_be_saved_the_banner_says_why(
    qtbot: QtBot, window: MainWindow, visited: Station, runner: TaskRunner
) -> None:
    visited.paths.reports.write_text("not a folder", encoding="utf-8")

    window.offer_last_week_report(TODAY)

    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    text = window.reports_page.offer_text.text()
    prefix = _("Last week's report could not be saved by itself: {problem}").split("{")[0]
    assert text.startswith(prefix)
    assert visited.paths.reports.read_text(encoding="utf-8") == "not a folder"
    assert offer_shown(window)  # it can still be made and saved elsewhere by hand


def test_autosave_is_switched_off_on_the_settings_page(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    window.show_page("settings")
    box = window.settings_page.report_autosave
    assert box.isChecked()  # on by default

    click(qtbot, box)

    assert Settings.load(set_up_station.paths.settings).get(REPORT_AUTOSAVE) is False
    assert set_up_station.settings.get(REPORT_AUTOSAVE) is False
    assert window.settings_page.reports_notice.text() == _("Saved.")


def test_a_week_older_than_the_list_is_kept_as_its_days(reports: ReportsController) -> None:
    old = week_of(TODAY - dt.timedelta(days=3 * 365))

    reports.select(old)

    page: ReportsPage = reports.page
    assert page.range_choice.isChecked()
    assert (reports.chosen().start, reports.chosen().end) == (old.start, old.end)


def test_a_station_that_opened_this_week_is_offered_no_report(
    window: MainWindow, set_up_station: Station, runner: TaskRunner
) -> None:
    # Given a station whose first visit is today, so last week it was not open
    set_up_station.checkin.anonymous("courier", 1)

    window.offer_last_week_report(TODAY)

    assert not runner.busy
    assert not offer_shown(window)
    assert not set_up_station.paths.reports.exists() or not any(
        set_up_station.paths.reports.iterdir()
    )


def test_a_window_left_open_into_a_new_week_offers_last_weeks_report(
    qtbot: QtBot, window: MainWindow, visited: Station, runner: TaskRunner
) -> None:
    visited.settings.set(REPORT_AUTOSAVE, False)
    window.show_date(LAST_WEEK.end)  # Sunday evening: the week is not over
    assert not offer_shown(window)

    # When the clock passes midnight into Monday
    window.show_date(LAST_WEEK.end + dt.timedelta(days=1))

    assert offer_shown(window)
    assert window.report_offer.isVisible()
