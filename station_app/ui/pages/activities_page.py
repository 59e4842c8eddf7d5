"""活动 (activities and campaigns): the attendant records an activity — its day, type,
partner, how many people of each occupation took part and what was handed out from stock —
and looks at a campaign's report. A third tab, 意见反馈, holds workers' feedback on the
station (``feedback_section.py``). Adding an activity type and defining a campaign are the
admin's (the buttons are hidden from an attendant; the service refuses anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.activities import (
    CAMPAIGN_NAME_MAX,
    PARTICIPANTS_MAX,
    PARTNER_MAX,
    ActivityInput,
    ActivityTypeView,
    ActivityView,
    CampaignReport,
    CampaignView,
    HandOut,
)
from station_app.domain.errors import ValidationFailed
from station_app.i18n import _, ngettext
from station_app.i18n.formatting import number, short_date
from station_app.services.changes import Changes, Subject
from station_app.ui.ops import Failure, Ops
from station_app.ui.pages.base import Page
from station_app.ui.pages.feedback_section import FeedbackSection
from station_app.ui.pages.follower import Follower
from station_app.ui.widgets.date_edit import date_edit, day_in, qdate
from station_app.ui.widgets.elided_label import ElidedLabel
from station_app.ui.widgets.field_row import add_labelled

OCCUPATION_COLUMNS = 5  # spin boxes per row: ten occupations in two rows at 1024 pixels
RECENT = 30


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class ActivitiesPage(Page):
    def __init__(self, station: Station, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Activities"),
            _(
                "Record an activity held at the station: legal advice, a health check, "
                "送清凉… Items handed out leave the stock earliest expiry first."
            ),
            parent,
        )
        self._station = station
        self._ops = ops
        # Replaced in tests, which have no PDF viewer to open.
        self.open_file: Callable[[Path], None] = _open_file
        self.tabs = QTabWidget()
        self.tabs.setObjectName("activityTabs")
        self.tabs.addTab(self._record_tab(), _("Record an activity"))
        self.tabs.addTab(self._campaign_tab(), _("Campaigns"))
        self.feedback = FeedbackSection(station, ops)
        self.tabs.addTab(self.feedback, _("Workers' feedback"))
        self.feedback.count_changed.connect(self._feedback_count)
        self.body.addWidget(self.tabs, 1)
        self.follower = Follower(
            ops.bus,
            self,
            (
                Subject.ACTIVITIES,
                Subject.STOCK,
                Subject.OCCUPATIONS,
                Subject.DUTY,
                Subject.FEEDBACK,
            ),
            self._follow,
            owner=self,
        )

    # -- building --------------------------------------------------------------------

    def _record_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setSpacing(8)
        first = QHBoxLayout()
        self.held_on = date_edit(name="activityDay")
        self.kind = QComboBox()
        self.kind.setObjectName("activityType")
        self.kind.setMinimumWidth(150)
        self.add_type_button = QPushButton(_("New type…"))
        self.add_type_button.setObjectName("activityNewType")
        self.partner = QLineEdit()
        self.partner.setObjectName("activityPartner")
        self.partner.setMaxLength(PARTNER_MAX)
        self.partner.setPlaceholderText(_("e.g. the district union, a clinic"))
        add_labelled(first, _("Day"), self.held_on)
        add_labelled(first, _("Type"), self.kind)
        first.addWidget(self.add_type_button)
        first.addStretch(1)
        column.addLayout(first)

        people = QGroupBox(_("People who took part, by occupation"))
        self.people_grid = QGridLayout(people)
        self.people_grid.setHorizontalSpacing(12)
        self.people: dict[str, QSpinBox] = {}
        column.addWidget(people)

        column.addWidget(self._handed_out_box())

        # The partner sits beside the button that records: the first row has no room for
        # it at 1024 pixels with the admin's "new type" button.
        end = QHBoxLayout()
        self.record_button = QPushButton(_("Record the activity"))
        self.record_button.setObjectName("activityRecord")
        self.record_button.setDefault(True)
        add_labelled(end, _("Partner"), self.partner)
        end.addWidget(self.record_button)
        column.addLayout(end)
        self.message = QLabel()
        self.message.setObjectName("activityMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)

        self.recent = _table(
            [_("Day"), _("Type"), _("Partner"), _("People"), _("Handed out")], "activityList"
        )
        self.recent.setMinimumHeight(80)
        column.addWidget(self.recent, 1)

        self.add_type_button.clicked.connect(self._ask_type)
        self.record_button.clicked.connect(self.record)
        return tab

    def _handed_out_box(self) -> QGroupBox:
        handed = QGroupBox(_("Handed out from stock"))
        rows = QVBoxLayout(handed)
        pick = QHBoxLayout()
        self.item = QComboBox()
        self.item.setObjectName("activityItem")
        self.item.setMinimumWidth(220)
        self.quantity = QSpinBox()
        self.quantity.setObjectName("activityQuantity")
        self.quantity.setRange(1, 1_000_000)
        self.add_item_button = QPushButton(_("Add"))
        self.add_item_button.setObjectName("activityAddItem")
        self.remove_item_button = QPushButton(_("Remove"))
        add_labelled(pick, _("Item"), self.item)
        add_labelled(pick, _("Quantity"), self.quantity)
        pick.addWidget(self.add_item_button)
        pick.addWidget(self.remove_item_button)
        pick.addStretch(1)
        rows.addLayout(pick)
        self.handouts = QListWidget()
        self.handouts.setObjectName("activityHandouts")
        self.handouts.setMaximumHeight(48)
        rows.addWidget(self.handouts)
        self.add_item_button.clicked.connect(self._add_handout)
        self.remove_item_button.clicked.connect(self._remove_handout)
        return handed

    def _campaign_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setSpacing(8)
        top = QHBoxLayout()
        self.campaign = QComboBox()
        self.campaign.setObjectName("campaignChoice")
        self.campaign.setMinimumWidth(260)
        add_labelled(top, _("Campaign"), self.campaign)
        top.addStretch(1)
        self.pdf_button = QPushButton(_("Save as PDF"))
        self.pdf_button.setObjectName("campaignPdf")
        top.addWidget(self.pdf_button)
        column.addLayout(top)
        self.campaign_notice = QLabel()
        self.campaign_notice.setObjectName("campaignNotice")
        self.campaign_notice.setWordWrap(True)
        self.campaign_notice.hide()
        column.addWidget(self.campaign_notice)
        self.campaign_summary = QLabel()
        self.campaign_summary.setObjectName("campaignSummary")
        self.campaign_summary.setWordWrap(True)
        column.addWidget(self.campaign_summary)
        tables = QHBoxLayout()
        self.campaign_people = _table([_("Occupation"), _("People")], "campaignPeople")
        self.campaign_kit = _table(
            [_("Kit item"), _("Handed out"), _("Left in stock")], "campaignKit"
        )
        for table in (self.campaign_people, self.campaign_kit):
            table.setMinimumHeight(90)
        tables.addWidget(self.campaign_people, 2)
        tables.addWidget(self.campaign_kit, 3)
        column.addLayout(tables, 1)

        column.addWidget(self._new_campaign_box())

        self.campaign.currentIndexChanged.connect(lambda _i: self.show_campaign())
        self.pdf_button.clicked.connect(self.save_pdf)
        return tab

    def _new_campaign_box(self) -> QGroupBox:
        self.new_campaign = QGroupBox(_("New campaign (station admin)"))
        self.new_campaign.setObjectName("campaignNew")
        form = QGridLayout(self.new_campaign)
        self.campaign_name = QLineEdit()
        self.campaign_name.setObjectName("campaignName")
        self.campaign_name.setMaxLength(CAMPAIGN_NAME_MAX)
        self.campaign_name.setMinimumWidth(180)
        self.campaign_name.setPlaceholderText(_("e.g. 2027 夏送清凉"))
        self.campaign_start = date_edit(name="campaignStart")
        self.campaign_end = date_edit(name="campaignEnd")
        for edit in (self.campaign_start, self.campaign_end):
            edit.line.setMinimumWidth(100)
        self.kit = QListWidget()
        self.kit.setObjectName("campaignKitChoice")
        self.kit.setMaximumHeight(60)
        self.save_campaign_button = QPushButton(_("Save the campaign"))
        self.save_campaign_button.setObjectName("campaignSave")
        self.campaign_message = QLabel()
        self.campaign_message.setObjectName("campaignMessage")
        self.campaign_message.setWordWrap(True)
        self.campaign_message.hide()
        # The name on a line of its own: beside the two dates it squeezed them in English.
        # Name and dates on lines of their own: side by side they squeezed the dates.
        dates = QHBoxLayout()
        dates.addWidget(self.campaign_start)
        dates.addWidget(QLabel(_("to")))
        dates.addWidget(self.campaign_end)
        dates.addStretch(1)
        form.addWidget(QLabel(_("Campaign name")), 0, 0)
        form.addWidget(self.campaign_name, 0, 1)
        form.addWidget(QLabel(_("From")), 1, 0)
        form.addLayout(dates, 1, 1)
        form.addWidget(QLabel(_("Kit items (tick them):")), 2, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.kit, 2, 1)
        form.addWidget(self.save_campaign_button, 2, 2, Qt.AlignmentFlag.AlignBottom)
        form.addWidget(self.campaign_message, 3, 0, 1, 3)
        form.setColumnStretch(1, 1)
        self.save_campaign_button.clicked.connect(self.save_campaign)
        return self.new_campaign

    # -- reading ---------------------------------------------------------------------

    def _follow(self, changes: Changes) -> None:
        if changes.subjects == {Subject.FEEDBACK}:
            self.feedback.reload()  # an answer, or a sync: the rest of the page is as it was
            return
        self.reload()

    def _feedback_count(self, waiting: int) -> None:
        title = _("Workers' feedback")
        index = self.tabs.indexOf(self.feedback)
        self.tabs.setTabText(
            index, _("{page} ({n})").format(page=title, n=waiting) if waiting else title
        )

    def reload(self) -> None:
        station = self._station
        if station.accounts.needs_sign_in():
            return
        admin = station.accounts.may_administer()
        self.add_type_button.setVisible(admin)
        self.new_campaign.setVisible(admin)
        today = station.clock.today()
        if self.held_on.day() == dt.date(2000, 1, 1):
            self.held_on.setDate(qdate(today))
            self.campaign_start.setDate(qdate(today))
            self.campaign_end.setDate(qdate(today))
        self._load_types()
        self._load_people()
        self._load_items()
        _fill(self.recent, [self._row(view) for view in station.activities.recent(RECENT)])
        self._load_campaigns()
        self.feedback.reload()

    def _load_types(self, chosen: str | None = None) -> None:
        chosen = chosen or self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for entry in self._station.activities.types():
            self.kind.addItem(entry.label, entry.code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen)))
        self.kind.blockSignals(False)

    def _load_people(self) -> None:
        typed = {code: box.value() for code, box in self.people.items()}
        while self.people_grid.count():
            taken = self.people_grid.takeAt(0)
            if taken is not None and (widget := taken.widget()) is not None:
                widget.deleteLater()
        self.people = {}
        for n, entry in enumerate(self._station.station.occupations()):
            box = QSpinBox()
            box.setObjectName(f"people_{entry.code}")
            box.setRange(0, PARTICIPANTS_MAX)
            box.setValue(typed.get(entry.code, 0))
            # Elided with the whole name as its tooltip: English names are long for a column.
            label = ElidedLabel(entry.label, elide=Qt.TextElideMode.ElideRight)
            label.setBuddy(box)
            row, col = divmod(n, OCCUPATION_COLUMNS)
            cell = QVBoxLayout()
            holder = QWidget()
            holder.setLayout(cell)
            cell.setContentsMargins(0, 0, 0, 0)
            cell.setSpacing(2)
            cell.addWidget(label)
            cell.addWidget(box)
            self.people_grid.addWidget(holder, row, col)
            self.people[entry.code] = box

    def _load_items(self) -> None:
        items = self._station.inventory.items()
        chosen = self.item.currentData()
        self.item.clear()
        for item in items:
            self.item.addItem(
                _("{name} ({stock} {unit} in stock)").format(
                    name=item.name, stock=number(item.stock), unit=item.unit
                ),
                item.id,
            )
        self.item.setCurrentIndex(max(0, self.item.findData(chosen)))
        ticked = {
            self.kit.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.kit.count())
            if self.kit.item(row).checkState() == Qt.CheckState.Checked
        }
        self.kit.clear()
        for item in items:
            entry = QListWidgetItem(item.name)
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setCheckState(
                Qt.CheckState.Checked if item.id in ticked else Qt.CheckState.Unchecked
            )
            self.kit.addItem(entry)

    def _load_campaigns(self, chosen: int | None = None) -> None:
        chosen = chosen if chosen is not None else self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for view in self._station.activities.campaigns():
            self.campaign.addItem(_campaign_text(view), view.id)
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(chosen)))
        self.campaign.blockSignals(False)
        self.show_campaign()

    def show_campaign(self) -> None:
        campaign_id = self.campaign.currentData()
        if campaign_id is None:
            self.campaign_summary.setText(_("No campaign has been defined yet."))
            _fill(self.campaign_people, [])
            _fill(self.campaign_kit, [])
            return
        self._ops.read(lambda _p: self._station.activities.campaign_report(campaign_id)).success(
            self._show_report
        ).run()

    def save_pdf(self) -> None:
        """Write the campaign's report into the reports folder (off the GUI thread), say
        where, and open it in the PC's PDF viewer."""
        from station_app.reports.campaign_pdf import campaign_report_pdf, default_name

        campaign_id = self.campaign.currentData()
        if campaign_id is None:
            return
        station = self._station
        gathered = self._ops.read(
            lambda _p: (
                station.activities.campaign_report(campaign_id),
                station.station.profile(),
            )
        ).run()
        if gathered is None:
            return
        report, profile = gathered
        name = profile.name if profile else ""
        day = station.clock.today()
        target = station.paths.reports / default_name(report)

        def done(path: Path) -> None:
            self._say(self.campaign_notice, _("Saved as {path}.").format(path=path))
            self.open_file(path)

        self._ops.read(
            lambda _p: campaign_report_pdf(report, target, station_name=name, day=day)
        ).with_progress(_("Campaign report")).success(done).failure(
            lambda failure: self._say(self.campaign_notice, failure.text, error=True)
        ).run_in_background()

    def _show_report(self, report: CampaignReport) -> None:
        self.campaign_summary.setText(
            ngettext(
                "{n} activity handed out kit items to {people} people.",
                "{n} activities handed out kit items to {people} people.",
                report.activities,
            ).format(n=number(report.activities), people=number(report.people))
        )
        _fill(
            self.campaign_people,
            [[row.label, number(row.value)] for row in report.by_occupation],
        )
        _fill(
            self.campaign_kit,
            [
                [line.name, f"{number(line.handed_out)} {line.unit}", f"{number(line.left)}"]
                for line in report.kit
            ],
        )

    @staticmethod
    def _row(view: ActivityView) -> list[str]:
        return [
            short_date(view.held_on),
            view.type_label,
            view.partner,
            number(view.people),
            "、".join(f"{t.label} {number(t.value)} {t.unit}" for t in view.items),
        ]

    # -- writing ---------------------------------------------------------------------

    def _add_handout(self) -> None:
        item_id = self.item.currentData()
        if item_id is None:
            return
        name = self.item.currentText()
        for row in range(self.handouts.count()):
            entry = self.handouts.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == item_id:
                self.handouts.takeItem(row)
                break
        entry = QListWidgetItem(
            _("{item}: {n}").format(item=name.split(" (")[0], n=number(self.quantity.value()))
        )
        entry.setData(Qt.ItemDataRole.UserRole, item_id)
        entry.setData(Qt.ItemDataRole.UserRole + 1, self.quantity.value())
        self.handouts.addItem(entry)

    def _remove_handout(self) -> None:
        row = self.handouts.currentRow()
        if row >= 0:
            self.handouts.takeItem(row)

    def entered(self) -> ActivityInput:
        return ActivityInput(
            held_on=day_in(self.held_on),
            type_code=self.kind.currentData() or "",
            partner=self.partner.text(),
            participants={code: box.value() for code, box in self.people.items()},
            items=tuple(
                HandOut(
                    int(self.handouts.item(row).data(Qt.ItemDataRole.UserRole)),
                    int(self.handouts.item(row).data(Qt.ItemDataRole.UserRole + 1)),
                )
                for row in range(self.handouts.count())
            ),
        )

    def record(self) -> None:
        data = self.entered()
        self._ops.write(lambda _p: self._station.activities.record(data), initiator=self).success(
            self._recorded
        ).failure(self._refused).run()

    def _recorded(self, view: ActivityView) -> None:
        self._say(
            self.message,
            _("Recorded: {type}, {n} people.").format(type=view.type_label, n=number(view.people)),
        )
        for box in self.people.values():
            box.setValue(0)
        self.handouts.clear()
        self.partner.clear()
        self.reload()

    def _refused(self, failure: Failure) -> None:
        exc = failure.exc
        text = (
            " ".join(exc.problems.values()) if isinstance(exc, ValidationFailed) else failure.text
        )
        self._say(self.message, text, error=True)

    def _ask_type(self) -> None:
        name, ok = QInputDialog.getText(self, _("New activity type"), _("Name of the type:"))
        if ok:
            self.add_type(name)

    def add_type(self, name: str) -> None:
        def added(view: ActivityTypeView) -> None:
            self._load_types(view.code)
            self._say(self.message, "")

        self._ops.write(lambda _p: self._station.activities.add_type(name), initiator=self).success(
            added
        ).failure(self._refused).run()

    def save_campaign(self) -> None:
        kit = [
            int(self.kit.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.kit.count())
            if self.kit.item(row).checkState() == Qt.CheckState.Checked
        ]
        name = self.campaign_name.text()
        start, end = day_in(self.campaign_start), day_in(self.campaign_end)

        def saved(view: CampaignView) -> None:
            self.campaign_name.clear()
            self._say(self.campaign_message, _("Saved."))
            self._load_campaigns(view.id)

        def refused(failure: Failure) -> None:
            exc = failure.exc
            text = (
                " ".join(exc.problems.values())
                if isinstance(exc, ValidationFailed)
                else failure.text
            )
            self._say(self.campaign_message, text, error=True)

        self._ops.write(
            lambda _p: self._station.activities.define_campaign(name, start, end, kit),
            initiator=self,
        ).success(saved).failure(refused).run()

    @staticmethod
    def _say(label: QLabel, text: str, *, error: bool = False) -> None:
        label.setProperty("error", error)
        label.setStyleSheet("color: #b3261e;" if error else "")
        label.setText(text)
        label.setVisible(bool(text))


def _open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _campaign_text(view: CampaignView) -> str:
    return f"{view.name}（{short_date(view.starts_on)}–{short_date(view.ends_on)}）"
