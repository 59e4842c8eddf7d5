"""Services (服务): the services each visit received, filtered by day, service and occupation;
correct or remove one given by mistake (its stock comes back), and the service types.

``ServicesPage`` builds the widgets; ``ServicesController`` calls the service log. The list
pages through the records as it scrolls and never loads them all; the count beside it
is one query. The page follows the change bus: services recorded at the check-in, the
service types, the occupations and the names it shows.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, QObject
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from station_app.app import Station
from station_app.i18n import _
from station_app.i18n.formatting import date_time, number
from station_app.services.changes import Changes, Subject
from station_app.services.checkin.service_data import ServiceFilter, ServiceRecordView
from station_app.services.stock.stock_data import ItemView
from station_app.ui.dialogs.confirm import ask_to_confirm
from station_app.ui.dialogs.opening import open_dialog
from station_app.ui.dialogs.service_record_dialog import (
    CorrectServiceDialog,
    on_shelf_text,
    stock_changes,
)
from station_app.ui.dialogs.service_type_dialogs import ServiceTypesDialog
from station_app.ui.local_time import local
from station_app.ui.models.service_records_model import NAME, ServiceRecordsModel
from station_app.ui.ops import Failure, Ops, WriteOp
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.widgets.choices import refill
from station_app.ui.widgets.date_edit import DateEdit, date_edit, day_in, qdate
from station_app.ui.widgets.field_row import add_labelled
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.notice import tell

DEFAULT_DAYS = 7  # today and the six days before: the week the attendant looks back on


def _date_edit(name: str) -> DateEdit:
    edit = date_edit(name=name)
    edit.setMinimumWidth(140)
    return edit


def default_days(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


class ServicesPage(Page):
    """The view: filters, the count, the records, what can be done to the selected one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Services"),
            _(
                "The services each visit received. Correct or remove one recorded by "
                "mistake: the stock it took comes back."
            ),
            parent,
        )
        self.body.setContentsMargins(28, 18, 28, 18)
        self.body.setSpacing(10)
        self.types_button = QPushButton(_("Service types…"))
        self.types_button.setToolTip(
            _("Add, rename or hide services, and choose what each takes from stock")
        )
        self.heading_row.addWidget(self.types_button)
        self.table = FittedTable()
        self.table.setObjectName("serviceRecords")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(_("Service records"))
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.table.setMinimumHeight(160)
        self.summary = QLabel()
        self.summary.setObjectName("serviceCount")
        self.correct_button = QPushButton(_("Correct…"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("danger")
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        # Two rows, not one: the four filters and a button in one row do not fit a 1024
        # screen. The days and the count above, what to show and what to do below.
        self.body.addLayout(self._days_row())
        self.body.addLayout(self._choice_row())
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.notice)

    def _days_row(self) -> QHBoxLayout:
        self.start = _date_edit("start")
        self.end = _date_edit("end")
        self.week_button = QPushButton(_("Last 7 days"))
        row = QHBoxLayout()
        row.setSpacing(8)
        add_labelled(row, _("From"), self.start)
        add_labelled(row, _("to"), self.end)
        row.addWidget(self.week_button)
        row.addStretch(1)
        row.addWidget(self.summary)
        return row

    def _choice_row(self) -> QHBoxLayout:
        self.service = QComboBox()
        self.service.setObjectName("serviceFilter")
        self.service.setMinimumWidth(130)
        self.occupation = QComboBox()
        self.occupation.setObjectName("occupationFilter")
        self.occupation.setMinimumWidth(150)
        row = QHBoxLayout()
        row.setSpacing(8)
        add_labelled(row, _("Service"), self.service)
        row.addSpacing(8)
        add_labelled(row, _("Occupation"), self.occupation)
        row.addStretch(1)
        row.addWidget(self.correct_button)
        row.addWidget(self.remove_button)
        return row

    def set_model(self, model: ServiceRecordsModel) -> None:
        self.table.setModel(model)
        self.table.set_columns(
            [
                Column(minimum=120),  # time
                Column(minimum=80),  # service
                Column(minimum=48),  # times
                Column(minimum=90, gives_way=0),  # occupation
                Column(minimum=64, gives_way=0),  # name
                Column(minimum=96, optional=True),  # stock used
            ],
            stretch=NAME,
        )


# What the list shows: the records, their service, occupation and name (a worker erased).
FOLLOWED = (Subject.SERVICES, Subject.SERVICE_TYPES, Subject.OCCUPATIONS, Subject.WORKERS)


def count_text(count: int) -> str:
    return _("{n} service records").format(n=number(count))


class ServicesController(QObject):
    def __init__(self, page: ServicesPage, station: Station, ops: Ops) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.ops = ops
        self.model = ServiceRecordsModel(self, today=station.clock.today)
        page.set_model(self.model)
        self.dialog: QDialog | None = None
        self.confirmation: QMessageBox | None = None
        self.reload_types()
        page.start.dateChanged.connect(self._start_changed)
        page.end.dateChanged.connect(self._end_changed)
        page.service.currentIndexChanged.connect(lambda _index: self.refresh())
        page.occupation.currentIndexChanged.connect(lambda _index: self.refresh())
        page.week_button.clicked.connect(lambda _checked=False: self.reset_days())
        page.types_button.clicked.connect(self.edit_types)
        page.correct_button.clicked.connect(self.correct)
        page.remove_button.clicked.connect(self.ask_remove)
        page.table.doubleClicked.connect(lambda _index: self.correct())
        page.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        # Before the follower's: a new day moves the default week before the list is read.
        page.shown.connect(self._follow_the_day)
        # The records are read when the page is first shown, not while the app starts; then
        # as the bus says they changed, and at every show (other programs' writes). A
        # correction or removal made here updates its row itself (owner).
        self.follower = Follower(
            ops.bus,
            page,
            FOLLOWED,
            self._follow,
            owner=self,
            every_show=(Subject.SERVICES,),
        )
        self._set_days(default_days(station.clock.today()))
        self._enable()

    # -- the filter ---------------------------------------------------------------------

    def reset_days(self, today: dt.date | None = None) -> None:
        """Back to the last 7 days."""
        self._set_days(default_days(today or self.station.clock.today()))
        self.refresh()

    def _set_days(self, days: tuple[dt.date, dt.date]) -> None:
        self._today = days[1]
        for edit, day in zip((self.page.start, self.page.end), days, strict=True):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)

    def _start_changed(self, _date: QDate) -> None:
        if self.page.start.date() > self.page.end.date():
            self.page.end.blockSignals(True)
            self.page.end.setDate(self.page.start.date())
            self.page.end.blockSignals(False)
        self.refresh()

    def _end_changed(self, _date: QDate) -> None:
        if self.page.end.date() < self.page.start.date():
            self.page.start.blockSignals(True)
            self.page.start.setDate(self.page.end.date())
            self.page.start.blockSignals(False)
        self.refresh()

    def where(self) -> ServiceFilter:
        start, end = day_in(self.page.start), day_in(self.page.end)
        service = self.page.service.currentData()
        occupation = self.page.occupation.currentData()
        return ServiceFilter(
            start=start,
            end=end,
            service_code=str(service) if service else None,
            occupation_code=str(occupation) if occupation else None,
        )

    def reload_types(self) -> None:
        """The service filter's choices (hidden types too: their records are still listed)."""
        services = self.station.service_log.service_types(include_inactive=True)
        refill(self.page.service, _("All services"), ((s.label, s.code) for s in services))

    def reload_occupations(self) -> None:
        occupations = self.station.station.all_occupations()
        refill(self.page.occupation, _("All occupations"), ((o.label, o.code) for o in occupations))

    # -- the list -----------------------------------------------------------------------

    def refresh(self) -> None:
        """The first page of records for the filter, and how many there are in all."""
        where = self.where()
        service_log = self.station.service_log

        def read(_progress: object) -> bool:
            self.model.refresh(lambda offset, limit: service_log.list(where, offset, limit))
            self._count()
            return True

        if not self.ops.read(read).failure(self._problem).run():
            return
        if self.model.rowCount():
            self.select(0)
        self._enable()

    def _problem(self, failure: Failure) -> None:
        tell(self.page.notice, failure.text, problem=True)

    def _count(self) -> None:
        self.page.summary.setText(count_text(self.station.service_log.count(self.where())))

    def current(self) -> ServiceRecordView | None:
        index = self.page.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row(index.row())

    def select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.page.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.page.table.scrollTo(index)

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.page.correct_button.setEnabled(chosen)
        self.page.remove_button.setEnabled(chosen)

    # -- correct and remove ---------------------------------------------------------------

    def _items(self) -> list[ItemView]:
        return self.station.inventory.items(include_inactive=True)

    def correct(self) -> CorrectServiceDialog | None:
        record = self.current()
        if record is None:
            return None
        types = self.station.service_log.service_types(include_inactive=True)
        # A hidden service is offered only to the record that already has it.
        offered = [t for t in types if t.active or t.code == record.service_code]
        service_log = self.station.service_log

        def submit(code: str, times: int) -> WriteOp[ServiceRecordView]:
            return self.ops.write(
                lambda _progress: service_log.correct(
                    record.id,
                    service_code=None if code == record.service_code else code,
                    quantity=times,
                ),
                initiator=self,  # the row is replaced in place, not the list read again
            )

        dialog = CorrectServiceDialog(record, offered, self._items(), submit, self.page)
        dialog.accepted.connect(lambda: self._corrected(record, dialog.saved))
        self.dialog = open_dialog(dialog)
        return dialog

    def _corrected(self, before: ServiceRecordView, after: ServiceRecordView) -> None:
        where = self.where()
        if where.service_code and after.service_code != where.service_code:
            self.model.drop(after.id)  # no longer what the list shows
        else:
            self.model.replace(after)
        self._count()
        self._enable()
        text = _("Corrected: {service} × {n}.").format(
            service=after.service_label, n=number(after.quantity)
        )
        text += self._stock_text(
            (before.item_name, before.item_quantity), (after.item_name, after.item_quantity)
        )
        tell(self.page.notice, text)

    def ask_remove(self) -> QMessageBox | None:
        record = self.current()
        if record is None:
            return None
        details = _("{service} × {n}, recorded {time} for {who}.").format(
            service=record.service_label,
            n=number(record.quantity),
            time=date_time(local(record.recorded_at)),
            who=record.worker_name or record.occupation_label,
        )
        items = {item.name: item for item in self._items()}
        back = stock_changes((record.item_name, record.item_quantity), ("", 0), items)
        if back:
            details += " " + _("Stock: {changes}.").format(changes="；".join(back))
        self.confirmation = ask_to_confirm(
            self.page,
            _("Remove a service record"),
            _("Remove this service record?"),
            _("Remove"),
            lambda: self.remove(record),
            details=details,
            destructive=True,
        )
        return self.confirmation

    def remove(self, record: ServiceRecordView) -> bool:
        service_log = self.station.service_log

        def remove(_progress: object) -> bool:
            service_log.remove(record.id)
            return True

        op = self.ops.write(remove, initiator=self)  # the row is dropped here, in place
        if not op.failure(self._problem).run():
            return False
        self.model.drop(record.id)
        self._count()
        self._enable()
        text = _("Removed: {service} × {n}, recorded {time}.").format(
            service=record.service_label,
            n=number(record.quantity),
            time=date_time(local(record.recorded_at)),
        )
        text += self._stock_text((record.item_name, record.item_quantity), ("", 0))
        tell(self.page.notice, text)
        return True

    def _stock_text(self, before: tuple[str, int], after: tuple[str, int]) -> str:
        items = {item.name: item for item in self._items()}
        phrases = stock_changes(before, after, items)
        if not phrases:
            return ""
        moved = [name for name in (before[0], after[0]) if name]
        return (
            " "
            + _("Stock: {changes}.").format(changes="；".join(phrases))
            + " "
            + on_shelf_text(list(dict.fromkeys(moved)), items)
        ).rstrip()

    # -- service types --------------------------------------------------------------------

    def edit_types(self) -> ServiceTypesDialog:
        items = self.station.inventory.items()
        dialog = ServiceTypesDialog(self.station.service_log, items, self.ops, self.page)
        self.dialog = open_dialog(dialog)
        return dialog

    # -- following the bus --------------------------------------------------------------

    def _follow(self, changes: Changes) -> None:
        if Subject.OCCUPATIONS in changes:
            self.reload_occupations()
        if Subject.SERVICE_TYPES in changes:
            self.reload_types()
        # A renamed service, a name erased, the records themselves: the list again.
        self.refresh()

    def _follow_the_day(self) -> None:
        """A PC left on overnight: the default week moves on with the day, unless the
        attendant chose other days (the follower reads the list just after)."""
        start, end = default_days(self._today)
        chosen = (day_in(self.page.start), day_in(self.page.end))
        if self._today != self.station.clock.today() and chosen == (start, end):
            self._set_days(default_days(self.station.clock.today()))


def make_services_page(station: Station, ops: Ops) -> tuple[ServicesPage, ServicesController]:
    page = ServicesPage()
    return page, ServicesController(page, station, ops)
