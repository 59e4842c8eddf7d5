"""Workers: find, register and edit outdoor workers, give them cards and print the cards.

``WorkersPage`` builds the widgets; ``WorkersController`` calls the worker and card services
and the card documents. A card scanned anywhere on the page finds its worker. The list
follows the change bus (a worker erased by the retention job, a card issued elsewhere).
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, QUrl
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.cards import PREFIX, CardRefused, parse
from station_app.domain.errors import ServiceError
from station_app.domain.printables import CardPrint
from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.i18n.formatting import number, short_date
from station_app.services.accounts.access import admin_only_message
from station_app.services.changes import Subject
from station_app.services.people.worker_data import WorkerInput, WorkerView
from station_app.ui.dialogs.confirm import ask_to_confirm
from station_app.ui.dialogs.opening import open_dialog
from station_app.ui.dialogs.save_path import ChooseName, ask_save_name
from station_app.ui.dialogs.worker_dialog import WorkerDialog
from station_app.ui.models.workers_model import NAME, WorkersModel, status_text, union_text
from station_app.ui.ops import Failure, Ops, WriteOp
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.printing import ask_printer, print_pdf
from station_app.ui.theme import text_size
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.notice import tell
from station_app.ui.widgets.wrapping_button import WrappingButton

log = logging.getLogger(__name__)

PANEL_WIDTH = 300  # the details beside the list, at the normal text size
SEARCH_DELAY_MS = 200  # search as the attendant types, but not on every single key
SEARCH_LIMIT = 200  # the newest this many; more than a screenful means "type more"


class WorkerDetails(QFrame):
    """The selected worker's details and what can be done for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workerDetails")
        self.setFixedWidth(self._panel_width())
        self.name = QLabel()
        self.name.setObjectName("detailName")
        self.name.setWordWrap(True)
        self.occupation = QLabel()
        self.occupation.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        facts = self._facts()
        self.edit_button = QPushButton(_("Edit details"))
        self.card_button = QPushButton(_("Issue card"))
        self.print_button = QPushButton(_("Print card"))
        self.print_button.setToolTip(
            _("Prints the card, at its real size, on a printer you choose")
        )
        self.save_pdf_button = QPushButton(_("Save card PDF"))
        self.save_pdf_button.setToolTip(
            _("Saves the card as a PDF file, in your documents folder unless you choose another")
        )
        self.ecard_button = QPushButton(_("Save e-card"))
        self.ecard_button.setToolTip(
            _("Saves the card as a picture the worker can keep on a phone")
        )
        self.active_button = QPushButton(_("Deactivate"))
        self.export_button = QPushButton(_("Export personal data…"))
        self.export_button.setToolTip(
            _("Saves everything the station holds about the worker, for them to read (PIPL)")
        )
        self.erase_button = QPushButton(_("Erase personal data"))
        self.erase_button.setObjectName("danger")
        self.empty = QLabel(_("Choose a worker in the list, or scan their card."))
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)

        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.name)
        column.addWidget(self.occupation)
        column.addSpacing(4)
        column.addLayout(facts)
        column.addSpacing(4)  # eight buttons in four rows must fit a 700-pixel-high screen
        self.action_grid = QGridLayout()
        self.action_grid.setSpacing(6)
        self._arrange_actions()
        column.addLayout(self.action_grid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.empty)
        layout.addWidget(self.content)
        layout.addStretch(1)
        self.show_worker(None)

    def _arrange_actions(self) -> None:
        """Two buttons to a row; one whose label needs more than half the row takes a row
        of its own (a longer language, a larger text size)."""
        buttons = (
            self.edit_button,
            self.card_button,
            self.print_button,
            self.save_pdf_button,
            self.ecard_button,
            self.active_button,
            self.export_button,
            self.erase_button,
        )
        for button in buttons:
            self.action_grid.removeWidget(button)
        layout = self.layout()
        margins = None if layout is None else layout.contentsMargins()
        sides = 32 if margins is None else margins.left() + margins.right()
        inside = self.width() - sides
        half = (inside - self.action_grid.spacing()) // 2
        row = column = 0
        for button in buttons:
            if button.sizeHint().width() > half:
                if column:
                    row, column = row + 1, 0
                self.action_grid.addWidget(button, row, 0, 1, 2)
                row += 1
                continue
            self.action_grid.addWidget(button, row, column)
            column += 1
            if column == 2:
                row, column = row + 1, 0

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setFixedWidth(self._panel_width())
            self._arrange_actions()

    @staticmethod
    def _panel_width() -> int:
        # Wider with larger text: the labels beside the facts and the buttons grow too.
        app = QApplication.instance()
        percent = text_size(app) if isinstance(app, QApplication) else 100
        return round(PANEL_WIDTH * percent / 100)

    def _facts(self) -> QFormLayout:
        facts = QFormLayout()
        facts.setVerticalSpacing(3)
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        facts.setHorizontalSpacing(12)
        for key, caption in (
            ("phone", _("Phone")),
            ("employer", _("Employer")),
            ("union", _("Union")),
            ("card", _("Card")),
            ("consent", _("Agreed on")),
            ("status", _("Status")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setObjectName(f"detail_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(caption)
            label.setObjectName("detailKey")
            facts.addRow(label, value)
            self.values[key] = value
        return facts

    def show_worker(self, worker: WorkerView | None) -> None:
        self.empty.setVisible(worker is None)
        self.content.setVisible(worker is not None)
        if worker is None:
            return
        self.name.setText(worker.display_name)
        self.occupation.setText(worker.occupation_label)
        dash = "—"
        self.values["phone"].setText(worker.phone_masked or dash)
        self.values["employer"].setText(worker.employer or dash)
        self.values["union"].setText(union_text(worker) or dash)
        self.values["card"].setText(worker.card_no or _("no card yet"))
        self.values["consent"].setText(short_date(worker.consent_on) if worker.consent_on else dash)
        self.values["status"].setText(status_text(worker))
        self.card_button.setText(_("Reissue card") if worker.card_no else _("Issue card"))
        self.card_button.setEnabled(worker.active)
        has_card = worker.active and bool(worker.card_no)
        self.print_button.setEnabled(has_card)
        self.save_pdf_button.setEnabled(has_card)
        self.ecard_button.setEnabled(has_card)
        self.active_button.setText(_("Deactivate") if worker.active else _("Reactivate"))


class WorkersPage(Page):
    """The view: search, the list, the selected worker's details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Workers"),
            _("Register outdoor workers and give them cards. Scan a card to find its worker."),
            parent,
        )
        self.body.setContentsMargins(28, 18, 28, 18)
        self.body.setSpacing(10)
        self.details = WorkerDetails()
        middle = QHBoxLayout()
        middle.setSpacing(16)
        middle.addLayout(self._list_column(), 1)
        middle.addWidget(self.details)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setOpenExternalLinks(True)
        self.body.addLayout(self._search_row())
        self.body.addLayout(middle, 1)
        self.body.addWidget(self.notice)

    def _search_row(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Name, last digits of the phone, or card number"))
        self.search.setClearButtonEnabled(True)
        label = QLabel(_("&Find"))
        label.setBuddy(self.search)
        self.show_inactive = QCheckBox(_("Show deactivated"))
        self.register_button = QPushButton(_("Register a worker"))
        self.register_button.setObjectName("primary")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.search, 1)
        row.addWidget(self.show_inactive)
        row.addSpacing(12)
        row.addWidget(self.register_button)
        return row

    def _list_column(self) -> QVBoxLayout:
        self.table = FittedTable()
        self.table.setObjectName("workers")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAccessibleName(_("Workers"))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.count.setWordWrap(True)
        self.sheet_button = WrappingButton(_("Print cards of the selected workers (A4)"))
        self.sheet_button.setToolTip(
            _("Prints the selected workers' cards on A4 sheets, on a printer you choose")
        )
        self.sheet_button.setEnabled(False)
        below = QHBoxLayout()
        below.addWidget(self.count, 1)
        below.addWidget(self.sheet_button)
        column = QVBoxLayout()
        column.addWidget(self.table, 1)
        column.addLayout(below)
        return column

    def set_model(self, model: WorkersModel) -> None:
        self.table.setModel(model)
        # On a small screen status and employer give way (greyed rows and the details
        # panel still show them); the card number keeps its end, the serial.
        self.table.set_columns(
            [
                Column(minimum=64),  # name
                Column(minimum=112),  # phone, 138****1234: never cut
                Column(minimum=80, gives_way=0),  # occupation
                Column(minimum=80, optional=True, gives_way=0),  # employer
                Column(minimum=68),  # union: 想入会
                Column(minimum=96, elide=Qt.TextElideMode.ElideLeft),  # card number
                Column(minimum=56, optional=True),  # status
            ],
            stretch=NAME,
        )


def card_number_in(code: str) -> str:
    """The card number in a scanned QR text (unchecked: it only finds a worker), or the text."""
    text = code.strip()
    if text.upper().startswith(PREFIX + "."):
        try:
            return parse(text)[0].card_no
        except CardRefused:
            return text
    return text


class WorkersController(QObject):
    def __init__(self, page: WorkersPage, station: Station, ops: Ops) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.ops = ops
        self.choose_path: ChooseName = ask_save_name(page)
        # The print dialog for the card's PDF: the printer set up by the attendant, or None.
        self.choose_printer: Callable[[Path], QPrinter | None] = lambda pdf: ask_printer(page, pdf)
        self.printer: QPrinter | None = None  # kept alive while it prints
        self.model = WorkersModel(self)
        page.set_model(self.model)
        self.dialog: WorkerDialog | None = None
        self.confirmation: QMessageBox | None = None
        self.reason_dialog: QInputDialog | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)

        page.search.textChanged.connect(lambda _text: self._search_timer.start())
        page.search.returnPressed.connect(self.search_now)
        page.show_inactive.toggled.connect(lambda _on: self.search_now())
        page.register_button.clicked.connect(self.register)
        selection = page.table.selectionModel()
        selection.currentRowChanged.connect(lambda *_args: self._show_current())
        selection.selectionChanged.connect(lambda *_args: self._selection_changed())
        page.table.doubleClicked.connect(lambda _index: self.edit())
        details = page.details
        details.edit_button.clicked.connect(self.edit)
        details.card_button.clicked.connect(self.card)
        details.print_button.clicked.connect(self.print_card)
        details.save_pdf_button.clicked.connect(self.save_card_pdf)
        details.ecard_button.clicked.connect(self.save_ecard)
        details.active_button.clicked.connect(self.toggle_active)
        details.export_button.clicked.connect(self.export_personal_data)
        details.erase_button.clicked.connect(self.ask_erase)
        page.sheet_button.clicked.connect(self.print_sheet)
        # The list is searched when the page is shown, not while the app starts, and again
        # when workers changed elsewhere; what this page changes it updates in place (owner).
        self.follower = Follower(
            ops.bus,
            page,
            (Subject.WORKERS,),
            lambda _changes: self.search_now(),
            owner=self,
            every_show=(Subject.WORKERS,),
        )

    # -- finding --------------------------------------------------------------------------

    def search_now(self) -> None:
        self._search_timer.stop()
        keep = self.current()
        found = self.station.workers.find(
            self.page.search.text(),
            include_inactive=self.page.show_inactive.isChecked(),
            limit=SEARCH_LIMIT,
        )
        self.model.set_workers(found)
        self._count_found(len(found))
        if keep is not None:
            self.select(keep.id)
        elif found:
            self.select(found[0].id)
        self._show_current()

    def _count_found(self, found: int) -> None:
        if found >= SEARCH_LIMIT:
            text = _(
                "The {n} most recently registered are shown. Type more to narrow the search."
            ).format(n=number(found))
        elif found:
            text = _("{n} found").format(n=number(found))
        elif self.page.search.text().strip():
            text = _("Nobody found. Check the spelling, or register the worker.")
        else:
            text = _("No workers registered yet.")
        self.page.count.setText(text)

    def take_scan(self, code: str) -> bool:
        """The window's scanner hands this page the scans made while it is on show."""
        self.find_card(code)
        return True

    def find_card(self, code: str) -> None:
        """A card was scanned on this page: show its worker."""
        card_no = card_number_in(code)
        found = self.station.workers.find(card_no, include_inactive=True, limit=2)
        if len(found) != 1 or (found[0].card_no or "").upper() != card_no.upper():
            tell(
                self.page.notice,
                _("No worker here has card {card_no}.").format(card_no=html.escape(card_no[:40])),
                problem=True,
            )
            return
        worker = found[0]
        self.page.search.blockSignals(True)
        self.page.search.setText(worker.card_no or card_no)
        self.page.search.blockSignals(False)
        if not worker.active:
            self.page.show_inactive.blockSignals(True)
            self.page.show_inactive.setChecked(True)
            self.page.show_inactive.blockSignals(False)
        self.search_now()
        self.select(worker.id)
        tell(
            self.page.notice,
            _("Card {card_no} belongs to {name}.").format(
                card_no=html.escape(worker.card_no or ""), name=html.escape(worker.display_name)
            ),
        )

    def current(self) -> WorkerView | None:
        index = self.page.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.worker(index.row())

    def selected(self) -> list[WorkerView]:
        rows = sorted({index.row() for index in self.page.table.selectionModel().selectedRows()})
        return [self.model.worker(row) for row in rows]

    def select(self, worker_id: int) -> None:
        row = self.model.row_of(worker_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.page.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.page.table.scrollTo(index)

    def _show_current(self) -> None:
        self.page.details.show_worker(self.current())

    def _selection_changed(self) -> None:
        chosen = len(self.selected())
        self.page.sheet_button.setEnabled(chosen > 0)

    def _refresh(self, worker_id: int) -> WorkerView | None:
        try:
            worker = self.station.workers.get(worker_id)
        except ServiceError:
            self.model.remove(worker_id)
            return None
        self.model.replace(worker)
        self._show_current()
        return worker

    # -- registering and editing ----------------------------------------------------------

    def _write(self, work: Callable[[Progress], Any]) -> WriteOp[Any]:
        """A write of this page's: it updates its own list (the bus tells the others)."""
        return self.ops.write(work, initiator=self)

    def _problem(self, failure: Failure) -> None:
        tell(self.page.notice, html.escape(failure.text), problem=True)

    def register(self) -> WorkerDialog:
        workers, cards = self.station.workers, self.station.cards
        no_card: list[str] = []  # why a worker registered all the same has no card

        def register(data: WorkerInput) -> WorkerView:
            no_card.clear()
            worker = workers.register(data)
            if not dialog.issue_card.isChecked():
                return worker
            try:
                cards.issue(worker.id)
            except ServiceError as exc:
                no_card.append(str(exc))
                return worker
            return workers.get(worker.id)

        def submit(data: WorkerInput) -> WriteOp[WorkerView]:
            return self._write(lambda _progress: register(data))

        dialog = WorkerDialog(
            self.station.station.occupations(),
            submit,
            self.page,
            today=self.station.clock.today(),
        )
        dialog.accepted.connect(lambda: self._registered(dialog.saved, no_card))
        self.dialog = open_dialog(dialog)
        return dialog

    def _registered(self, worker: WorkerView | None, no_card: Sequence[str] = ()) -> None:
        if worker is None:
            return
        self.page.search.blockSignals(True)
        self.page.search.clear()
        self.page.search.blockSignals(False)
        self.search_now()
        self.select(worker.id)
        text = (
            _("{name} is registered, card {card_no}.").format(
                name=worker.display_name, card_no=worker.card_no
            )
            if worker.card_no
            else _("{name} is registered.").format(name=worker.display_name)
        )
        tell(self.page.notice, html.escape(" ".join([text, *no_card])), problem=bool(no_card))

    def edit(self) -> WorkerDialog | None:
        worker = self.current()
        if worker is None:
            return None
        workers = self.station.workers
        dialog = WorkerDialog(
            self.station.station.occupations(),
            lambda data: self._write(lambda _progress: workers.update(worker.id, data)),
            self.page,
            today=self.station.clock.today(),
            worker=worker,
        )
        dialog.accepted.connect(lambda: self._edited(dialog.saved))
        self.dialog = open_dialog(dialog)
        return dialog

    def _edited(self, worker: WorkerView | None) -> None:
        if worker is None:
            return
        self.model.replace(worker)
        self._show_current()
        tell(self.page.notice, html.escape(_("Saved.")))

    # -- cards ----------------------------------------------------------------------------

    def card(self) -> None:
        worker = self.current()
        if worker is None:
            return
        if not worker.card_no:
            self._card_action(worker, lambda: self.station.cards.issue(worker.id))
            return
        dialog = QInputDialog(self.page)
        dialog.setWindowTitle(_("Reissue card"))
        dialog.setLabelText(
            _(
                "Card {card_no} will stop working and {name} gets a new one. Why is it replaced?"
            ).format(card_no=worker.card_no, name=worker.display_name)
        )
        dialog.setComboBoxItems([_("Lost"), _("Damaged"), _("Stolen")])
        dialog.setComboBoxEditable(True)
        dialog.setOkButtonText(_("Reissue card"))
        dialog.setCancelButtonText(_("Cancel"))
        dialog.textValueSelected.connect(
            lambda reason: self._card_action(
                worker, lambda: self.station.cards.reissue(worker.id, reason=reason)
            )
        )
        self.reason_dialog = open_dialog(dialog)

    def _card_action(self, worker: WorkerView, action: Callable[[], Any]) -> None:
        old = worker.card_no
        card = self._write(lambda _progress: action()).failure(self._problem).run()
        if card is None:
            return
        self._refresh(worker.id)
        text = (
            _("New card {card_no} for {name}; card {old} no longer works.").format(
                card_no=card.card_no, name=worker.display_name, old=old
            )
            if old
            else _("Card {card_no} issued to {name}.").format(
                card_no=card.card_no, name=worker.display_name
            )
        )
        tell(self.page.notice, html.escape(text) + " " + html.escape(_("Print it below.")))

    def _printable(self, workers: list[WorkerView]) -> list[CardPrint]:
        station_cards = self.station.cards
        ids = [worker.id for worker in workers]
        found = self.ops.read(lambda _progress: station_cards.for_print(ids))
        cards = found.failure(self._problem).run()
        if cards is None:
            return []
        if not cards:
            tell(
                self.page.notice,
                html.escape(_("No card to print: give the worker a card first.")),
                problem=True,
            )
        return cards

    def print_card(self) -> None:
        worker = self.current()
        if self.printer is not None:
            return  # one print at a time: the last one is still printing
        cards = self._printable([worker]) if worker else []
        if not cards:
            return
        from station_app.reports.cards import single_card_pdf

        card = cards[0]
        self._print(f"card-{card.card_no}.pdf", lambda path: single_card_pdf(card, path))

    def _print(self, name: str, make: Callable[[Path], Path], *, left_out: int = 0) -> None:
        """The cards, made into a temporary PDF off the GUI thread, then the print dialog
        (whose printers include saving as PDF) and the printing (off the GUI thread too);
        the temporary file goes once it is printed."""
        folder = Path(tempfile.mkdtemp(prefix="station-card-"))
        pdf = folder / name

        def tidy() -> None:
            self.printer = None
            shutil.rmtree(folder, ignore_errors=True)

        def failed(failure: Failure) -> None:
            tidy()
            self._problem(failure)

        def made(path: Path) -> None:
            try:
                printer = self.choose_printer(path)
            except ServiceError as exc:
                tidy()
                tell(self.page.notice, html.escape(str(exc)), problem=True)
                return
            if printer is None:
                tidy()
                return
            self.printer = printer
            tell(self.page.notice, html.escape(_("Printing…")))

            def printed(pages: int) -> None:
                output = printer.outputFileName()
                if output:
                    text = _("Printed {n} pages into {path}.").format(n=pages, path=output)
                else:
                    text = _("Sent {n} pages to {printer}.").format(
                        n=pages, printer=printer.printerName()
                    )
                if left_out:
                    text += " " + _("{n} of the selected workers have no card to print.").format(
                        n=left_out
                    )
                tidy()
                tell(self.page.notice, html.escape(text))

            self.ops.read(
                lambda progress: print_pdf(path, printer, progress=progress)
            ).with_progress(_("Printing {file}").format(file=path.name)).success(printed).failure(
                failed
            ).run_in_background()

        self.ops.read(lambda _progress: make(pdf)).with_progress(
            _("Making {file}…").format(file=pdf.name)
        ).success(made).failure(failed).run_in_background()

    def save_card_pdf(self) -> None:
        worker = self.current()
        cards = self._printable([worker]) if worker else []
        if not cards:
            return
        from station_app.reports.cards import single_card_pdf

        card = cards[0]
        self._make_file(
            _("Save the card as PDF"),
            _("card-{card_no}.pdf").format(card_no=card.card_no),
            _("PDF files (*.pdf)"),
            lambda path: single_card_pdf(card, path),
        )

    def save_ecard(self) -> None:
        worker = self.current()
        cards = self._printable([worker]) if worker else []
        if not cards:
            return
        from station_app.reports.ecard import ecard_png

        card = cards[0]
        self._make_file(
            _("Save the e-card as a picture"),
            _("e-card-{card_no}.png").format(card_no=card.card_no),
            _("PNG pictures (*.png)"),
            lambda path: ecard_png(card, path),
        )

    def print_sheet(self) -> None:
        if self.printer is not None:
            return  # one print at a time: the last one is still printing
        workers = self.selected()
        cards = self._printable(workers)
        if not cards:
            return
        from station_app.reports.cards import card_sheet_pdf

        self._print(
            _("cards-{date}.pdf").format(date=self.station.clock.today().isoformat()),
            lambda path: card_sheet_pdf(cards, path),
            left_out=len(workers) - len(cards),
        )

    def _make_file(self, title: str, name: str, pattern: str, make: Callable[[Path], Path]) -> None:
        path = self.choose_path(title, name, pattern)
        if path is None:
            return
        tell(self.page.notice, html.escape(_("Making {file}…").format(file=path.name)))

        def done(made: Path) -> None:
            url = QUrl.fromLocalFile(str(made)).toString()
            link = '<a href="{url}">{open}</a>'.format(url=url, open=html.escape(_("Open")))
            text = html.escape(_("Saved as {path}.").format(path=made))
            tell(self.page.notice, f"{text} {link}")

        # A write: a personal-data export is written into the audit trail.
        op = self._write(lambda _progress: make(path)).with_progress(title).success(done)
        op.failure(self._problem).run_in_background()

    def export_personal_data(self) -> None:
        worker = self.current()
        if worker is None or not self._admin():
            return
        self._make_file(
            _("Save the worker's personal data"),
            _("personal-data-{id}.json").format(id=worker.id),
            _("JSON files (*.json)"),
            lambda path: self.station.workers.save_personal_data(worker.id, path),
        )

    # -- deactivating and erasing ---------------------------------------------------------

    def toggle_active(self) -> None:
        worker = self.current()
        if worker is None:
            return
        workers = self.station.workers
        if worker.active:
            toggle = self._write(lambda _progress: workers.deactivate(worker.id))
            text = _("{name} is deactivated: their card is refused until reactivated.")
        else:
            toggle = self._write(lambda _progress: workers.reactivate(worker.id))
            text = _("{name} is active again.")
        changed = toggle.failure(self._problem).run()
        if changed is None:
            return
        self.model.replace(changed)
        self._show_current()
        tell(self.page.notice, html.escape(text.format(name=changed.display_name)))

    def _admin(self) -> bool:
        """Personal-data export and erasure are the admin's (the service checks again)."""
        if self.station.accounts.may_administer():
            return True
        tell(self.page.notice, html.escape(admin_only_message()), problem=True)
        return False

    def ask_erase(self) -> QMessageBox | None:
        worker = self.current()
        if worker is None or not self._admin():
            return None
        self.confirmation = ask_to_confirm(
            self.page,
            _("Erase personal data"),
            _("Erase {name}'s personal data?").format(name=worker.display_name),
            _("Erase"),
            lambda: self._erase(worker),
            details=_(
                "Their name, phone, employer and union details are deleted for good and their "
                "card stops working. Their past visits stay in the station's figures as "
                "anonymous visits. This cannot be undone."
            ),
            destructive=True,
        )
        return self.confirmation

    def _erase(self, worker: WorkerView) -> None:
        workers = self.station.workers

        def erase(_progress: Progress) -> bool:
            workers.erase(worker.id)
            return True

        if not self._write(erase).failure(self._problem).run():
            return
        self.model.remove(worker.id)
        self._show_current()
        tell(
            self.page.notice,
            html.escape(
                _(
                    "{name}'s personal data is erased; their visits still count, as anonymous."
                ).format(name=worker.display_name)
            ),
        )


def make_workers_page(station: Station, ops: Ops) -> tuple[WorkersPage, WorkersController]:
    page = WorkersPage()
    return page, WorkersController(page, station, ops)
