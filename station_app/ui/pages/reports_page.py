"""Reports (报表): a week's, a month's or any days' report, made in the background, shown
page by page, saved where the attendant chooses and printed.

``ReportsPage`` builds the widgets; ``ReportsController`` makes the PDF (the report service,
then ``reports.period_pdf``) in the task runner into a temporary file, shows it, copies it
where the attendant saves it, prints it, and on the first start after a week ends offers
last week's report (saving it into the reports folder by itself when the setting is on).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import logging
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.domain.periods import (
    Period,
    PeriodError,
    PeriodKind,
    day_range,
    last_full_week,
    month_of,
    week_of,
)
from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.reports.output import atomic_output
from station_app.services.reporting.report_files import (
    report_file_name,
)
from station_app.ui.dialogs.save_path import ChoosePath, ask_save_path
from station_app.ui.last_week_offer import LastWeekOffer
from station_app.ui.ops import Failure, Ops
from station_app.ui.pages.base import Page
from station_app.ui.period_words import period_label
from station_app.ui.printing import ask_printer, print_pdf
from station_app.ui.theme import text_size
from station_app.ui.widgets.date_edit import date_edit, day_in, qdate
from station_app.ui.widgets.notice import tell
from station_app.ui.widgets.pdf_preview import PdfPreview

log = logging.getLogger(__name__)

WEEKS_BACK = 104  # two years of weeks in the list; a range covers anything older
MONTHS_BACK = 36
COLUMN_WIDTH = 360  # at the normal text size; wider with larger text


class _Column(QWidget):
    """The choices beside the preview: a fixed width that grows with the text size."""

    def __init__(self) -> None:
        super().__init__()
        self._fit()

    def _fit(self) -> None:
        app = QApplication.instance()
        percent = text_size(app) if isinstance(app, QApplication) else 100
        self.setFixedWidth(round(COLUMN_WIDTH * percent / 100))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


# The print dialog for a PDF: the printer set up by the attendant, or None.
ChoosePrinter = Callable[[Path], QPrinter | None]


def recent_periods(kind: PeriodKind, today: dt.date) -> list[Period]:
    """This week (month) and the ones before it, newest first."""
    if kind is PeriodKind.WEEK:
        this_week = week_of(today)
        return [week_of(this_week.start - dt.timedelta(weeks=n)) for n in range(WEEKS_BACK + 1)]
    periods = [month_of(today)]
    for _n in range(MONTHS_BACK):
        periods.append(periods[-1].previous())
    return periods


# -- the view -------------------------------------------------------------------------


class ReportsPage(Page):
    """The view: the period, the notes, make / save / print, and the preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # No lead sentence: on a 700-pixel screen the room goes to the period and the notes.
        super().__init__(_("Reports"), "", parent)
        self.body.setContentsMargins(28, 18, 28, 18)
        self.body.setSpacing(10)
        self.offer = self._offer_banner()
        self.body.addWidget(self.offer)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self._period_box())
        column.addWidget(self._notes_box())
        self.make_button = QPushButton(_("Make report"))
        self.make_button.setObjectName("primary")
        self.save_button = QPushButton(_("Save…"))
        self.print_button = QPushButton(_("Print…"))
        column.addWidget(self.make_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        column.addLayout(buttons)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setOpenExternalLinks(True)
        column.addWidget(self.notice)
        column.addStretch(1)
        left = _Column()
        left.setLayout(column)
        column.setContentsMargins(0, 0, 0, 0)

        self.preview_title = QLabel()
        self.preview_title.setObjectName("previewTitle")
        self.preview_title.setStyleSheet("font-weight: bold;")
        self.preview = PdfPreview()
        self.preview.setAccessibleName(_("Report preview"))
        frame = QFrame()
        frame.setObjectName("previewFrame")
        frame.setStyleSheet("QFrame#previewFrame { border: 1px solid #E6D5C3; }")
        framed = QVBoxLayout(frame)
        framed.setContentsMargins(1, 1, 1, 1)
        framed.addWidget(self.preview)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.preview_title)
        right.addWidget(frame, 1)

        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(left)
        row.addLayout(right, 1)
        self.body.addLayout(row, 1)

    def _offer_banner(self) -> QFrame:
        """Last week's report, offered on the first start after the week ended."""
        banner = QFrame()
        banner.setObjectName("reportOffer")
        banner.setStyleSheet(
            "QFrame#reportOffer { background: #FFF6E5; border: 1px solid #F3CF8E;"
            " border-left: 6px solid #B26A00; border-radius: 6px; }"
            " QFrame#reportOffer QLabel { background: transparent; border: none; }"
        )
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        self.offer_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offer_button = QPushButton(_("Show last week's report"))
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.addWidget(self.offer_text, 1)
        layout.addWidget(self.offer_button)
        banner.hide()
        return banner

    def _period_box(self) -> QGroupBox:
        self.week_choice = QRadioButton(_("Week"))
        self.month_choice = QRadioButton(_("Month"))
        self.range_choice = QRadioButton(_("Dates"))
        self.kinds = QButtonGroup(self)
        for kind, button in self.kind_buttons().items():
            self.kinds.addButton(button)
            button.setProperty("kind", kind.value)
        kinds = QHBoxLayout()
        for button in self.kind_buttons().values():
            kinds.addWidget(button)
        kinds.addStretch(1)

        self.period = QComboBox()
        self.period.setObjectName("period")
        self.period.setAccessibleName(_("Period"))
        self.period.setMaxVisibleItems(15)
        self.earlier_button = QPushButton()
        self.later_button = QPushButton()
        steps = QHBoxLayout()
        steps.addWidget(self.earlier_button)
        steps.addWidget(self.later_button)
        self.choice = QWidget()
        choice = QVBoxLayout(self.choice)
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(self.period)
        choice.addLayout(steps)

        self.first_day = date_edit()
        self.last_day = date_edit()
        self.range = QWidget()
        grid = QGridLayout(self.range)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (text, edit) in enumerate(
            ((_("From"), self.first_day), (_("To (inclusive)"), self.last_day))
        ):
            edit.setMinimumHeight(36)
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
        grid.setColumnStretch(1, 1)

        box = QGroupBox(_("Period"))
        layout = QVBoxLayout(box)
        layout.addLayout(kinds)
        layout.addWidget(self.choice)
        layout.addWidget(self.range)
        return box

    def _notes_box(self) -> QGroupBox:
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("reportNotes")
        self.notes.setPlaceholderText(_("Printed on the report, for example who was on duty."))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)
        box = QGroupBox(_("Notes"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.notes)
        return box

    def kind_buttons(self) -> dict[PeriodKind, QRadioButton]:
        return {
            PeriodKind.WEEK: self.week_choice,
            PeriodKind.MONTH: self.month_choice,
            PeriodKind.RANGE: self.range_choice,
        }

    def show_kind(self, kind: PeriodKind) -> None:
        """The week/month list with its arrows, or the two dates."""
        self.kind_buttons()[kind].setChecked(True)
        self.choice.setVisible(kind is not PeriodKind.RANGE)
        self.range.setVisible(kind is PeriodKind.RANGE)
        if kind is PeriodKind.MONTH:
            self.earlier_button.setText(_("‹ Previous month"))
            self.later_button.setText(_("Next month ›"))
        else:
            self.earlier_button.setText(_("‹ Previous week"))
            self.later_button.setText(_("Next week ›"))


# -- the controller -------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    """A report made and shown: what it covers, its notes, its temporary file."""

    period: Period
    notes: str
    path: Path
    pages: int


def _make(station: Station, period: Period, notes: str, target: Path, progress: Progress) -> Made:
    from station_app.reports.period_pdf import period_report_pdf  # reportlab: when first used

    progress(0, 2, _("Counting the figures"))
    report = station.reports.period_report(period)
    progress(1, 2, _("Laying out the pages"))
    pages = period_report_pdf(report, target, notes=notes, zone=station.clock.zone)
    progress(2, 2, "")
    return Made(period, notes, target, pages)


def _copy(source: Path, target: Path) -> Path:
    """The shown report saved as ``target``, atomically (never half a file)."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        log.warning("temporary report %s unreadable: %s", source, exc)
        raise ServiceError(
            _("The report made earlier is gone. Make the report again, then save it.")
        ) from exc
    with atomic_output(target) as stream:
        stream.write(data)
    return target


def _saved_text(path: Path) -> str:
    """ "Saved as …. Open · Open folder", links for the attendant's PDF viewer and files."""
    links = " · ".join(
        f'<a href="{QUrl.fromLocalFile(str(place)).toString()}">{html.escape(text)}</a>'
        for place, text in ((path, _("Open")), (path.parent, _("Open folder")))
    )
    return "{saved} {links}".format(
        saved=html.escape(_("Saved as {path}.").format(path=path)), links=links
    )


class ReportsController(QObject):
    def __init__(self, page: ReportsPage, station: Station, ops: Ops, offer: LastWeekOffer) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.ops = ops
        self.choose_path: ChoosePath = ask_save_path(page)
        self.choose_printer: ChoosePrinter = lambda pdf: ask_printer(page, pdf)
        self.made: Made | None = None
        self.printer: QPrinter | None = None  # kept alive while it prints
        self.offer = offer
        self._making = False
        self._printing = False
        self._serial = 0
        self._today = station.clock.today()
        self._temp = Path(tempfile.mkdtemp(prefix="station-report-"))
        weakref.finalize(self, shutil.rmtree, self._temp, True)

        self.kind = PeriodKind.WEEK
        for kind, button in page.kind_buttons().items():
            # clicked, not toggled: only the attendant's choice switches the kind.
            button.clicked.connect(lambda _checked, kind=kind: self.set_kind(kind))
        page.period.currentIndexChanged.connect(lambda _index: self._choice_changed())
        page.earlier_button.clicked.connect(lambda: self._step(+1))
        page.later_button.clicked.connect(lambda: self._step(-1))
        page.first_day.dateChanged.connect(lambda _date: self._choice_changed())
        page.last_day.dateChanged.connect(lambda _date: self._choice_changed())
        page.notes.textChanged.connect(self._choice_changed)
        page.make_button.clicked.connect(self.make_report)
        page.save_button.clicked.connect(self.save)
        page.print_button.clicked.connect(self.print_report)
        page.offer_button.clicked.connect(self.open_last_week)
        offer.changed.connect(self._show_offer)
        self._show_offer()
        page.shown.connect(self._shown)
        self.select(last_full_week(self._today))
        page.preview.clear(_("Choose the period, then press “Make report” to see it here."))

    # -- the period ---------------------------------------------------------------------

    def set_kind(self, kind: PeriodKind) -> None:
        """Switch between week, month and dates, keeping to the days chosen so far."""
        page = self.page
        try:
            before = self.chosen()
        except PeriodError:
            before = last_full_week(self._today)
        self.kind = kind
        page.show_kind(kind)
        if kind is PeriodKind.RANGE:
            page.first_day.setDate(qdate(before.start))
            page.last_day.setDate(qdate(before.end))
        else:
            self._fill(
                kind, week_of(before.start) if kind is PeriodKind.WEEK else month_of(before.start)
            )
        self._choice_changed()

    def select(self, period: Period) -> None:
        """Show ``period`` as the chosen one (a week or month older than the list is kept
        as dates)."""
        kind = period.kind
        if kind is not PeriodKind.RANGE and period not in recent_periods(kind, self._today):
            kind = PeriodKind.RANGE
        self.kind = kind
        self.page.show_kind(kind)
        if kind is PeriodKind.RANGE:
            self.page.first_day.setDate(qdate(period.start))
            self.page.last_day.setDate(qdate(period.end))
        else:
            self._fill(kind, period)
        self._choice_changed()

    def _fill(self, kind: PeriodKind, chosen: Period) -> None:
        combo = self.page.period
        combo.blockSignals(True)
        combo.clear()
        for period in recent_periods(kind, self._today):
            combo.addItem(period_label(period, self._today), period)
        # findData() cannot compare Python objects: look for the period itself.
        index = next((n for n in range(combo.count()) if combo.itemData(n) == chosen), 0)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _step(self, older: int) -> None:
        combo = self.page.period
        combo.setCurrentIndex(min(max(combo.currentIndex() + older, 0), combo.count() - 1))

    def chosen(self) -> Period:
        """The period on the page; PeriodError (translated) for dates that make no sense."""
        page = self.page
        if self.kind is PeriodKind.RANGE:
            return day_range(day_in(page.first_day), day_in(page.last_day))
        period = page.period.currentData()
        assert isinstance(period, Period)
        return period

    def _notes(self) -> str:
        return self.page.notes.toPlainText().strip()

    def _choice_changed(self) -> None:
        combo = self.page.period
        self.page.earlier_button.setEnabled(combo.currentIndex() < combo.count() - 1)
        self.page.later_button.setEnabled(combo.currentIndex() > 0)
        self._enable()
        if self.made is not None and not self._current():
            tell(
                self.page.notice,
                html.escape(
                    _("The period or the notes changed: make the report again to save or print it.")
                ),
            )

    def _current(self) -> bool:
        """The report shown is the one the page asks for (so saving it saves the right one)."""
        if self.made is None:
            return False
        try:
            period = self.chosen()
        except PeriodError:
            return False
        return period == self.made.period and self._notes() == self.made.notes

    def _enable(self) -> None:
        page = self.page
        page.make_button.setEnabled(not self._making)
        ready = self._current() and not self._making
        page.save_button.setEnabled(ready)
        page.print_button.setEnabled(ready and not self._printing)

    def _shown(self) -> None:
        """A PC left on for days: the lists follow the calendar."""
        today = self.station.clock.today()
        if today != self._today:
            self._today = today
            with contextlib.suppress(PeriodError):
                self.select(self.chosen())

    # -- making -------------------------------------------------------------------------

    def _station_code(self) -> str:
        profile = self.station.station.profile()
        return profile.code if profile else ""

    def make_report(self) -> None:
        try:
            period = self.chosen()
        except PeriodError as exc:
            tell(self.page.notice, html.escape(str(exc)), problem=True)
            return
        notes = self._notes()
        self._serial += 1
        # A new name each time: the old file may still be open in a PDF viewer on Windows.
        target = self._temp / f"{self._serial}-{report_file_name(self._station_code(), period)}"
        label = period_label(period, self._today)
        self._making = True
        self._enable()
        tell(
            self.page.notice, html.escape(_("Making the report for {period}…").format(period=label))
        )
        station = self.station
        self.ops.read(
            lambda progress: _make(station, period, notes, target, progress)
        ).with_progress(_("Making the report for {period}").format(period=label)).success(
            self._made
        ).failure(self._make_failed).run_in_background()

    def _made(self, result: Made) -> None:
        old, self.made = self.made, result
        self._making = False
        if old is not None:
            old.path.unlink(missing_ok=True)
        self.page.preview.show_pdf(result.path)
        self.page.preview_title.setText(
            _("{period} · {n} pages").format(
                period=period_label(result.period, self._today), n=number(result.pages)
            )
        )
        self._enable()
        text = _("The report is ready: {n} pages. Look it over, then save or print it.")
        if not self._current():
            text = _("The period or the notes changed: make the report again to save or print it.")
        tell(self.page.notice, html.escape(text.format(n=number(result.pages))))

    def _make_failed(self, failure: Failure) -> None:
        self._making = False
        self._enable()
        self._problem(failure)

    def _problem(self, failure: Failure) -> None:
        tell(self.page.notice, html.escape(failure.text), problem=True)

    # -- saving and printing ------------------------------------------------------------

    def suggested_path(self, made: Made) -> Path:
        folder = self.station.paths.reports
        try:
            folder.mkdir(parents=True, exist_ok=True)  # the dialog opens in it
        except OSError as exc:
            log.warning("cannot make the reports folder %s: %s", folder, exc)
        return folder / report_file_name(self._station_code(), made.period)

    def save(self) -> None:
        made = self.made
        if made is None or not self._current():
            return
        path = self.choose_path(
            _("Save the report"), self.suggested_path(made), _("PDF files (*.pdf)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        tell(self.page.notice, html.escape(_("Saving {file}…").format(file=path.name)))

        def saved(_result: object) -> None:
            tell(self.page.notice, _saved_text(path))
            self.offer.saved_as(path)

        self.ops.read(lambda _progress: _copy(made.path, path)).with_progress(
            _("Saving {file}").format(file=path.name)
        ).success(saved).failure(self._problem).run_in_background()

    def print_report(self) -> None:
        made = self.made
        if made is None or not self._current() or self._printing:
            return
        try:
            printer = self.choose_printer(made.path)
        except ServiceError as exc:
            tell(self.page.notice, html.escape(str(exc)), problem=True)
            return
        if printer is None:
            return
        self.printer = printer
        self._printing = True
        self._enable()
        tell(self.page.notice, html.escape(_("Printing…")))

        def printed(result: object) -> None:
            self._printing = False
            self.printer = None
            self._enable()
            output = printer.outputFileName()
            if output:
                text = _("Printed {n} pages into {path}.").format(n=result, path=output)
            else:
                text = _("Sent {n} pages to {printer}.").format(
                    n=result, printer=printer.printerName()
                )
            tell(self.page.notice, html.escape(text))

        def failed(failure: Failure) -> None:
            self._printing = False
            self.printer = None
            self._enable()
            self._problem(failure)

        name = report_file_name(self._station_code(), made.period)
        self.ops.read(
            lambda progress: print_pdf(made.path, printer, progress=progress)
        ).with_progress(_("Printing {file}").format(file=name)).success(printed).failure(
            failed
        ).run_in_background()

    # -- last week's report -------------------------------------------------------------

    def _show_offer(self) -> None:
        offer = self.offer
        self.page.offer_text.setText(offer.banner)
        self.page.offer_button.setVisible(offer.button)
        self.page.offer.setVisible(bool(offer.banner))

    def open_last_week(self) -> None:
        """The offer taken: last week chosen, its report made and shown."""
        period = self.offer.take()
        if period is None:
            return
        self.select(period)
        self.make_report()


def make_reports_page(
    station: Station, ops: Ops, offer: LastWeekOffer
) -> tuple[ReportsPage, ReportsController]:
    page = ReportsPage()
    return page, ReportsController(page, station, ops, offer)
