"""The audit log (操作日志), for the station admin: who did what and when, newest first, a
page at a time as it scrolls, filtered by attendant, kind of action and days.

The list only reads: the trail is append-only in the database itself (revision 0009). It is
read at every show, and while on screen as the change bus says entries were added.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from station_app.app import Station
from station_app.i18n import _
from station_app.i18n.formatting import date_time, number
from station_app.services.accounts.audit_reader import GROUP_LABELS, SYSTEM, AuditFilter, AuditRow
from station_app.services.changes import Changes, Subject
from station_app.ui.local_time import local
from station_app.ui.models.paged_model import PAGE_SIZE, PagedRowsModel
from station_app.ui.models.rows_model import AnyIndex
from station_app.ui.ops import Ops
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.widgets.date_edit import date_edit, day_in, qdate
from station_app.ui.widgets.field_row import add_labelled
from station_app.ui.widgets.fitted_table import Column, FittedTable

DEFAULT_DAYS = 30  # a month back: what a manager looks through at the end of it

TIME, WHO, ACTION, WHAT, DETAIL = range(5)


class AuditModel(PagedRowsModel[AuditRow]):
    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        headers = [_("Time"), _("Who"), _("Action"), _("On"), _("Detail")]
        super().__init__(headers, None, parent, page_size=page_size)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self._row_at(index)
        if row is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == TIME:
            return date_time(local(row.at))
        if column == WHO:
            return row.who
        if column == ACTION:
            return row.action_label
        if column == WHAT:
            return row.target
        return row.detail_text


class AuditPage(Page):
    def __init__(self, station: Station, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Audit log"),
            _(
                "Who signed in and who changed what, and when: attendants, settings, workers "
                "and cards, items, stock corrections, loans and undone visits. Check-ins, "
                "services given and stock received or handed out are not in this log: the "
                "Visit log and Services pages and an item's History list them. Nobody can "
                "edit it."
            ),
            parent,
        )
        self._station = station
        self.who = QComboBox()
        self.who.setObjectName("auditWho")
        self.who.setMinimumWidth(160)
        self.kind = QComboBox()
        self.kind.setObjectName("auditKind")
        self.kind.addItem(_("Everything"), "")
        for group, label in GROUP_LABELS.items():
            self.kind.addItem(_(label), group)
        end = station.clock.today()
        self.start = date_edit(end - dt.timedelta(days=DEFAULT_DAYS - 1), name="auditStart")
        self.end = date_edit(end, name="auditEnd")
        self.summary = QLabel()
        self.summary.setObjectName("auditCount")
        self.refresh_button = QPushButton(_("Refresh"))
        # Two rows: the four filters in one squeezed the combos at 1024 pixels wide.
        row = QHBoxLayout()
        row.setSpacing(8)
        add_labelled(row, _("Who"), self.who)
        add_labelled(row, _("What"), self.kind)
        row.addStretch(1)
        row.addWidget(self.summary)
        days = QHBoxLayout()
        days.setSpacing(8)
        add_labelled(days, _("From"), self.start)
        add_labelled(days, _("to"), self.end)
        days.addWidget(self.refresh_button)
        days.addStretch(1)
        self.model = AuditModel(self)
        self.table = FittedTable()
        self.table.setObjectName("auditLog")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.table.setModel(self.model)
        self.table.set_columns(
            [Column(150), Column(110), Column(160), Column(120, optional=True), Column(140)],
            stretch=DETAIL,
        )
        self.body.addLayout(row)
        self.body.addLayout(days)
        self.body.addWidget(self.table, 1)

        for combo in (self.who, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.follower = Follower(
            ops.bus,
            self,
            (Subject.AUDIT, Subject.ACCOUNTS),
            self._follow,
            every_show=(Subject.AUDIT,),
        )

    def _follow(self, changes: Changes) -> None:
        if Subject.ACCOUNTS in changes and self.who.count():
            self.load_people()  # an attendant added or renamed
        self.reload()

    def load_people(self) -> None:
        """The names to filter by: every attendant (stopped ones too) and the command line."""
        chosen = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(_("Everyone"), None)
        for attendant_id, name in sorted(
            self._station.accounts.names().items(), key=lambda pair: pair[1]
        ):
            self.who.addItem(name, attendant_id)
        self.who.addItem(_("Command line / the app"), SYSTEM)
        self.who.setCurrentIndex(max(0, self.who.findData(chosen)))
        self.who.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        first, last = day_in(self.start), day_in(self.end)
        if last < first:
            first, last = last, first
        return AuditFilter(
            attendant_id=self.who.currentData(),
            group=self.kind.currentData() or "",
            first_day=first,
            last_day=last,
        )

    def reload(self) -> None:
        if not self._station.accounts.may_administer():
            return  # hidden from attendants; a stale signal must not ask the service
        if self.who.count() == 0:
            self.load_people()
        where = self.current_filter()
        audit = self._station.audit
        self.model.refresh(lambda offset, limit: audit.events(where, offset, limit))
        self.summary.setText(_("{n} entries").format(n=number(audit.count(where))))

    def show_days(self, first: dt.date, last: dt.date) -> None:
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.reload()
