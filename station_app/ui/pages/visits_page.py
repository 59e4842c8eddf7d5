"""Visits (来访记录): every visit, newest first, filtered as the attendant types.

``VisitsPage`` builds the widgets; ``VisitsController`` asks the visit log. The list loads a
page at a time as it scrolls (``PagedRowsModel``). Everything is read off the GUI thread, on
a reader of the page's own (a daily backup on the shared runner would make the attendant
wait for it): a changed filter's first page, then its count (counting a busy filter reads
every match), and the next page as the list scrolls; only the newest filter's answers are
shown. The page follows the change bus (visits, the names and occupations in them), and
reads again at every show.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.days import to_local
from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.services.changes import Changes, Subject
from station_app.services.checkin.outcomes import VisitRow
from station_app.services.checkin.visit_log import (
    ANONYMOUS_VISITS,
    CARD_VISITS,
    VisitFilter,
    VisitLogService,
)
from station_app.ui.dialogs.visit_services_dialog import VisitServicesDialog
from station_app.ui.models.paged_model import PAGE_SIZE, Deliver
from station_app.ui.models.visits_model import NAME, VisitsModel
from station_app.ui.ops import Failure, Ops, ReadOp
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.tasks import TaskRunner
from station_app.ui.widgets.choices import refill
from station_app.ui.widgets.date_edit import DateEdit, date_edit, day_in, qdate
from station_app.ui.widgets.field_row import add_labelled
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.notice import tell

FILTER_DELAY_MS = 200  # as the workers page: filter as the attendant types, not every key
DEFAULT_DAYS = 7  # the range offered when dates are switched on


class VisitsPage(Page):
    """The view: the filters, the count, the visits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Visit log"), "", parent)
        self.body.setContentsMargins(28, 18, 28, 18)
        self.body.setSpacing(10)
        self.table = FittedTable()
        self.table.setObjectName("visitLog")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(_("Visit log"))
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.table.setMinimumHeight(160)
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        # Two rows: the text and the count, then the narrower choices (one row does not
        # fit a 1024 screen).
        self.body.addLayout(self._text_row())
        self.body.addLayout(self._choice_row())
        self.services_button = QPushButton(_("Services of this visit…"))
        self.services_button.setObjectName("visitServices")
        self.services_button.setToolTip(
            _("Add or take back services of the chosen visit (yours, or any for an admin)")
        )
        self.services_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.notice, 1)
        actions.addWidget(self.services_button)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.empty)
        self.body.addLayout(actions)

    def _text_row(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("visitSearch")
        self.search.setPlaceholderText(_("Name, card number, or occupation of anonymous visits"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("visitCount")
        row = QHBoxLayout()
        row.setSpacing(8)
        add_labelled(row, _("&Find"), self.search)
        self.search.setMinimumWidth(260)
        row.addStretch(1)
        row.addWidget(self.count)
        return row

    def _choice_row(self) -> QVBoxLayout:
        """Who (occupation, card or not) on one line, which days on the next: in one line
        they do not fit a 1366-pixel screen in English at a large text size."""
        self.occupation = QComboBox()
        self.occupation.setObjectName("occupationFilter")
        self.occupation.setMinimumWidth(150)
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.kind.addItem(_("Card and anonymous"), "")
        self.kind.addItem(_("Card visits"), CARD_VISITS)
        self.kind.addItem(_("Anonymous visits"), ANONYMOUS_VISITS)
        self.dated = QCheckBox(_("From"))
        self.dated.setObjectName("dated")
        self.start = date_edit(name="start")
        self.end = date_edit(name="end")
        for edit in (self.start, self.end):
            edit.setMinimumWidth(130)
            edit.setEnabled(False)
        who = QHBoxLayout()
        who.setSpacing(8)
        add_labelled(who, _("Occupation"), self.occupation)
        who.addWidget(self.kind)
        who.addStretch(1)
        days = QHBoxLayout()
        days.setSpacing(8)
        days.addWidget(self.dated)
        days.addWidget(self.start)
        add_labelled(days, _("to"), self.end)
        days.addStretch(1)
        rows = QVBoxLayout()
        rows.setSpacing(8)
        rows.addLayout(who)
        rows.addLayout(days)
        return rows

    def set_model(self, model: VisitsModel) -> None:
        self.table.setModel(model)
        self.table.set_columns(
            [
                Column(minimum=120),  # time
                Column(minimum=64, gives_way=0),  # name
                Column(minimum=90),  # occupation
                Column(minimum=96, elide=Qt.TextElideMode.ElideLeft),  # card number
            ],
            stretch=NAME,
            plain_text=True,
        )


def count_text(count: int) -> str:
    return _("{n} visits").format(n=number(count))


class VisitsController(QObject):
    def __init__(
        self, page: VisitsPage, visit_log: VisitLogService, station: Station, ops: Ops
    ) -> None:
        super().__init__(page)
        self.page = page
        self.visit_log = visit_log
        self.station = station
        self.ops = ops
        self.reader = TaskRunner(self)  # reads only: never queued behind a backup
        self._asked = 0  # the newest filter asked for; older answers are dropped
        self._where = VisitFilter()
        self.model = VisitsModel(self._fetch, self, today=station.clock.today)
        self.model.read_pages_by(self._ask_page)
        # The next page is read once the scrolled rows are painted: the reader's Python and
        # the paint's would otherwise take turns at the interpreter, and the scroll lag.
        self._page_read: ReadOp[object] | None = None
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(0)
        self._page_timer.timeout.connect(self._read_page)
        page.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        page.set_model(self.model)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        page.search.textChanged.connect(lambda _text: self._timer.start())
        page.search.returnPressed.connect(self.apply_filter)
        page.occupation.currentIndexChanged.connect(lambda _index: self.apply_filter())
        page.kind.currentIndexChanged.connect(lambda _index: self.apply_filter())
        page.dated.toggled.connect(self._dated)
        page.services_button.clicked.connect(self.edit_services)
        page.table.doubleClicked.connect(lambda _index: self.edit_services())
        page.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: page.services_button.setEnabled(current.isValid())
        )
        self.model.modelReset.connect(lambda: page.services_button.setEnabled(False))
        self.dialog: VisitServicesDialog | None = None
        page.start.dateChanged.connect(lambda _date: self._dates_changed(page.start))
        page.end.dateChanged.connect(lambda _date: self._dates_changed(page.end))
        # Read when shown (not while the app starts), at every show (new visits since) and
        # while on screen as the bus says visits, names or occupations changed.
        self.follower = Follower(
            ops.bus,
            page,
            (Subject.VISITS, Subject.WORKERS, Subject.OCCUPATIONS),
            self._follow,
            every_show=(Subject.VISITS,),
        )
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait)
        today = station.clock.today()
        self.set_days(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)

    # -- the filter -----------------------------------------------------------------------

    def where(self) -> VisitFilter:
        occupation = self.page.occupation.currentData()
        kind = self.page.kind.currentData()
        dated = self.page.dated.isChecked()
        return VisitFilter(
            text=self.page.search.text().strip(),
            occupation_code=str(occupation) if occupation else None,
            start=day_in(self.page.start) if dated else None,
            end=day_in(self.page.end) if dated else None,
            kind=str(kind) if kind else None,
        )

    def set_days(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.page.start, start), (self.page.end, end)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)

    def _dated(self, on: bool) -> None:
        self.page.start.setEnabled(on)
        self.page.end.setEnabled(on)
        self.apply_filter()

    def _dates_changed(self, changed: DateEdit) -> None:
        start, end = day_in(self.page.start), day_in(self.page.end)
        if start > end:  # keep the range the right way round, as the services page does
            if changed is self.page.start:
                self.set_days(start, start)
            else:
                self.set_days(end, end)
        self.apply_filter()

    def reload_occupations(self) -> None:
        occupations = self.station.station.all_occupations()
        refill(self.page.occupation, _("All occupations"), ((o.label, o.code) for o in occupations))

    def _follow(self, changes: Changes) -> None:
        if Subject.OCCUPATIONS in changes:
            self.reload_occupations()
        self.apply_filter()

    # -- reading off the GUI thread ---------------------------------------------------------

    def apply_filter(self) -> None:
        """Ask for the first page of the filter, then its count, in the background."""
        self._timer.stop()
        self._asked += 1
        asked, where = self._asked, self.where()
        visit_log = self.visit_log

        def first_page(_progress: object) -> object:
            if asked != self._asked:  # typed on since: not worth reading
                return None
            return visit_log.list(where, limit=PAGE_SIZE)

        def count(_progress: object) -> object:
            return None if asked != self._asked else visit_log.count(where)

        label = _("Finding visits")
        self.ops.read(first_page).with_progress(label).success(
            lambda rows: self._show(asked, where, rows)
        ).failure(self._fail).run_in_background(self.reader)
        self.ops.read(count).with_progress(label).success(
            lambda n: self._show_count(asked, n)
        ).failure(self._fail).run_in_background(self.reader)

    def _show(self, asked: int, where: VisitFilter, rows: object) -> None:
        if asked != self._asked or not isinstance(rows, list):
            return
        self._where = where
        first: list[VisitRow] = rows
        self.model.show_first(first)
        self.page.table.scrollToTop()
        self.page.empty.setVisible(not first)
        if len(first) == PAGE_SIZE:
            self.page.count.setText(_("Counting…"))  # the count follows
        else:
            self.page.count.setText(count_text(len(first)))
        if not first:
            self.page.empty.setText(
                _("No visits match. Check the spelling, or choose fewer filters.")
                if where != VisitFilter()
                else _("No visits yet.")
            )

    def _show_count(self, asked: int, found: object) -> None:
        if asked == self._asked and isinstance(found, int):
            self.page.count.setText(count_text(found))

    def _fail(self, failure: Failure) -> None:
        tell(self.page.notice, failure.text, problem=True)

    def _fetch(self, offset: int, limit: int) -> list[VisitRow]:
        """A page read now (the model's ``refresh``; scrolling reads in ``_ask_page``)."""
        if offset == 0:
            return self.visit_log.list(self._where, limit=limit)
        return self.visit_log.list(self._where, after=self.model.row(offset - 1), limit=limit)

    def _ask_page(self, offset: int, limit: int, deliver: Deliver[VisitRow]) -> None:
        """The next page as the list scrolls, read on the page's reader after the page's
        last row; dropped when a filter typed since has made it useless."""
        asked, where, visit_log = self._asked, self._where, self.visit_log
        after = self.model.row(offset - 1) if offset else None

        def page(_progress: object) -> object:
            if asked != self._asked:  # typed on since: the new filter's rows replace these
                return None
            return visit_log.list(where, after=after, limit=limit)

        def failed(failure: Failure) -> None:
            deliver(None)
            self._fail(failure)

        self._page_read = (
            self.ops.read(page)
            .with_progress(_("Finding visits"))
            .success(
                lambda rows: deliver(
                    rows if asked == self._asked and isinstance(rows, list) else None
                )
            )
            .failure(failed)
        )
        self._page_timer.start()

    def _scrolled(self, value: int) -> None:
        """A screenful from the end the next page is asked for already (the view asks at
        the end), so that it is there by the time the attendant is."""
        bar = self.page.table.verticalScrollBar()
        end = QModelIndex()
        if bar.maximum() - value <= bar.pageStep() and self.model.canFetchMore(end):
            self.model.fetchMore(end)

    def _read_page(self) -> None:
        read, self._page_read = self._page_read, None
        if read is not None:
            read.run_in_background(self.reader)

    def current(self) -> VisitRow | None:
        index = self.page.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def edit_services(self) -> VisitServicesDialog | None:
        """The chosen visit's services, to add or take back (kept open window-modal)."""
        from station_app.i18n.formatting import date_time
        from station_app.ui.dialogs.opening import open_dialog

        visit = self.current()
        if visit is None:
            return None
        who = visit.worker_name or visit.occupation_label
        heading = _("{who} · {time}").format(
            who=who, time=date_time(to_local(visit.checked_in_at, self.station.clock.zone))
        )
        dialog = VisitServicesDialog(
            visit.id, heading, self.station.service_log, self.ops, self.page
        )
        self.dialog = open_dialog(dialog)
        return dialog

    def wait(self) -> None:
        """Until the reader is idle (on quit and in tests: no read outlives the database)."""
        self.reader.wait()


def make_visits_page(station: Station, ops: Ops) -> tuple[VisitsPage, VisitsController]:
    page = VisitsPage()
    return page, VisitsController(page, station.visit_log, station, ops)
