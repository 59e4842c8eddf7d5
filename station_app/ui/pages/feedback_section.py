"""意见反馈, the activities page's third tab: workers' suggestions (from HQ's page, brought by
each sync, and feedback given in person), the attendant's record of what was done about each,
and the poster with the QR code that leads workers to HQ's rating page.

The section reads and writes through ``ops`` and is refreshed by its page, which follows
``Subject.FEEDBACK`` on the change bus.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.errors import ServiceError
from station_app.domain.feedback import FeedbackPoster, FeedbackView
from station_app.i18n import _, ngettext
from station_app.i18n.formatting import date_time
from station_app.ui.dialogs.feedback_dialogs import (
    AnswerDialog,
    InPersonDialog,
    source_text,
    stars,
)
from station_app.ui.dialogs.opening import open_dialog
from station_app.ui.local_time import local
from station_app.ui.ops import Failure, Ops, WriteOp
from station_app.ui.printing import ask_printer, print_pdf
from station_app.ui.widgets.field_row import add_labelled
from station_app.ui.widgets.notice import tell

OPEN, ANSWERED = "open", "answered"


class FeedbackSection(QWidget):
    count_changed = Signal(int)  # open entries, after each reload

    def __init__(self, station: Station, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._station = station
        self._ops = ops
        self.choose_printer: Callable[[Path], QPrinter | None] = lambda pdf: ask_printer(self, pdf)
        self.printer: QPrinter | None = None  # kept alive while it prints
        self.dialog: AnswerDialog | InPersonDialog | None = None
        self.entries: list[FeedbackView] = []

        column = QVBoxLayout(self)
        column.setSpacing(8)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("feedbackSummary")
        self.summary.setStyleSheet("font-weight: bold;")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.showing = QComboBox()
        self.showing.setObjectName("feedbackShowing")
        self.showing.addItem(_("Waiting for an answer"), OPEN)
        self.showing.addItem(_("Answered"), ANSWERED)
        add_labelled(top, _("Show"), self.showing)
        column.addLayout(top)

        self.table = _feedback_table()
        column.addWidget(self.table, 1)

        column.addLayout(self._tools())

        self.hint = QLabel(
            _(
                "Workers scan the poster's QR code to rate the station on headquarters' page; "
                "their suggestions arrive here with each sync, and your answers go back to "
                "headquarters with the next one."
            )
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.notice)

        self.showing.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.answer())
        self.answer_button.clicked.connect(self.answer)
        self.in_person_button.clicked.connect(self.record_in_person)
        self.poster_button.clicked.connect(self.print_poster)
        self._enable()

    def _tools(self) -> QHBoxLayout:
        # Under the list, where the eye goes after choosing a row; across the top they
        # did not fit a 1024-pixel screen beside the choice of list.
        tools = QHBoxLayout()
        self.answer_button = QPushButton(_("Record what was done…"))
        self.answer_button.setObjectName("feedbackAnswer")
        self.in_person_button = QPushButton(_("Feedback in person…"))
        self.in_person_button.setObjectName("feedbackInPerson")
        self.poster_button = QPushButton(_("Print the poster…"))
        self.poster_button.setObjectName("feedbackPoster")
        self.poster_button.setToolTip(
            _("An A4 poster with a QR code: workers scan it to rate the station.")
        )
        tools.addWidget(self.answer_button)
        tools.addWidget(self.in_person_button)
        tools.addStretch(1)
        tools.addWidget(self.poster_button)
        return tools

    # -- reading ---------------------------------------------------------------------

    def reload(self) -> None:
        feedback = self._station.feedback
        answered = self.showing.currentData() == ANSWERED
        found = self._ops.read(
            lambda _p: (
                feedback.answered() if answered else feedback.open(),
                feedback.open_count(),
            )
        ).run()
        if found is None:
            return
        entries, waiting = found
        chosen = self.selected()
        self.entries = entries
        self.summary.setText(
            ngettext(
                "{n} suggestion waits for an answer.",
                "{n} suggestions wait for an answer.",
                waiting,
            ).format(n=waiting)
            if waiting
            else _("Every suggestion has an answer.")
        )
        self.table.setHorizontalHeaderLabels(
            [
                _("Date"),
                _("Given through"),
                _("Rating"),
                _("Suggestion"),
                _("What was done") if answered else _("Phone (call back)"),
            ]
        )
        # The phone number is short; what was done deserves the room the suggestion has.
        self.table.horizontalHeader().setSectionResizeMode(
            4,
            QHeaderView.ResizeMode.Stretch if answered else QHeaderView.ResizeMode.ResizeToContents,
        )
        # Rows with room to tap, at whatever text size the settings give.
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 16)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            last = entry.action if answered else (entry.phone or "")
            cells = [
                date_time(local(entry.received_at)),
                source_text(entry.source),
                stars(entry.rating),
                entry.text or _("(no words, a rating only)"),
                last,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.table.setItem(row, col, item)
            if chosen is not None and entry.id == chosen.id:
                self.table.selectRow(row)
        self._enable()
        self.count_changed.emit(waiting)

    def selected(self) -> FeedbackView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _enable(self) -> None:
        self.answer_button.setEnabled(self.selected() is not None)

    # -- writing ---------------------------------------------------------------------

    def answer(self) -> AnswerDialog | None:
        entry = self.selected()
        if entry is None:
            return None
        feedback = self._station.feedback

        def submit(action: str) -> WriteOp[FeedbackView]:
            return self._ops.write(lambda _p: feedback.answer(entry.id, action), initiator=self)

        dialog = AnswerDialog(entry, submit, self)
        dialog.accepted.connect(
            lambda: tell(self.notice, _("Saved. Headquarters hears of it at the next sync."))
        )
        self.dialog = open_dialog(dialog)
        return dialog

    def record_in_person(self) -> InPersonDialog:
        feedback = self._station.feedback

        def submit(rating: int | None, said: str, done: str) -> WriteOp[FeedbackView]:
            return self._ops.write(
                lambda _p: feedback.record_in_person(rating, said, done), initiator=self
            )

        dialog = InPersonDialog(submit, self)
        dialog.accepted.connect(
            lambda: tell(self.notice, _("Saved. Headquarters hears of it at the next sync."))
        )
        self.dialog = open_dialog(dialog)
        return dialog

    def print_poster(self) -> None:
        """Make the poster in the reports folder, then the print dialog, then print it."""
        from station_app.reports.feedback_poster import default_name, feedback_poster_pdf

        station = self._station
        poster = (
            self._ops.read(lambda _p: station.feedback.poster())
            .failure(lambda failure: tell(self.notice, failure.text, problem=True))
            .run()
        )
        if poster is None:
            return
        target = station.paths.reports / default_name(poster)
        self._ops.read(lambda _p: feedback_poster_pdf(poster, target)).with_progress(
            _("Feedback poster")
        ).success(lambda path: self._print(poster, path)).failure(
            lambda failure: tell(self.notice, failure.text, problem=True)
        ).run_in_background()

    def _print(self, poster: FeedbackPoster, pdf: Path) -> None:
        try:
            printer = self.choose_printer(pdf)
        except ServiceError as exc:
            tell(self.notice, str(exc), problem=True)
            return
        if printer is None:
            tell(self.notice, _("Saved as {path}.").format(path=pdf))
            return
        self.printer = printer
        self.poster_button.setEnabled(False)
        tell(self.notice, _("Printing…"))

        def printed(pages: object) -> None:
            self.printer = None
            self.poster_button.setEnabled(True)
            tell(
                self.notice,
                _("The poster for {station} is printed: put it up where workers rest.").format(
                    station=poster.station_name
                ),
            )

        def failed(failure: Failure) -> None:
            self.printer = None
            self.poster_button.setEnabled(True)
            tell(self.notice, failure.text, problem=True)

        self._ops.read(lambda progress: print_pdf(pdf, printer, progress=progress)).with_progress(
            _("Printing {file}").format(file=pdf.name)
        ).success(printed).failure(failed).run_in_background()


def _feedback_table() -> QTableWidget:
    table = QTableWidget(0, 5)
    table.setObjectName("feedbackList")
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # One line a row, cut with "…": the whole text is in the tooltip and the answer dialog
    # (rows wrapped to their text grew taller than the list on a large text size).
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for n in range(3):
        header.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(120)
    return table
