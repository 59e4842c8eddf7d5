"""Check-in, the attendant's home screen: scan or type a card, or tap an occupation.

``CheckinPage`` builds the widgets and holds no logic; ``CheckinController`` listens to
them and to the scanner, calls the check-in service and shows what it answered.

A check-in runs on the GUI thread, not the task runner: it is one short transaction (see
bench/), the attendant needs its answer before the next visitor, and scans must be
counted in the order they came.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.services.changes import Changes, Subject
from station_app.services.checkin.checkin import GROUP_MAX
from station_app.services.checkin.outcomes import CheckinResult, CheckinStatus
from station_app.ui.models.visits_model import NAME, VisitsModel
from station_app.ui.ops import Failure, Ops
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.widgets.camera_scanner import CameraScanner, CameraSupport, camera_support
from station_app.ui.widgets.checkin_feedback import CheckinFeedback
from station_app.ui.widgets.chime import Chime
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.occupation_buttons import OccupationButtons
from station_app.ui.widgets.service_buttons import ServiceButtons
from station_app.ui.widgets.today_counters import TodayCounters

log = logging.getLogger(__name__)

TODAY_MIN_PAGE_HEIGHT = 720  # the page is ~675 high in a 1024×700 window
RECENT_ROWS = 5  # the recent visits kept in view on a 1024×768 screen…
RECENT_ROWS_SHORT = 3  # …and on a shorter one
RECENT_MIN_WIDTH = 250  # pixels
REFRESH_MS = 60_000  # counters and list catch up with other writers and a new day
# The last visitor's panel (name, undo, live service buttons) clears after this long with
# nothing done on it, so a visitor long gone is not given services by mistake.
PANEL_IDLE = dt.timedelta(minutes=3)
IDLE_CHECK_MS = 10_000
# What the page shows: the visits (and the names in them), the buttons, whose shift it is.
FOLLOWED = (
    Subject.VISITS,
    Subject.WORKERS,
    Subject.OCCUPATIONS,
    Subject.SERVICE_TYPES,
    Subject.DUTY,
)


def failed_text() -> str:
    return _(
        "Something went wrong and this check-in was not recorded. Try again; if it happens "
        "again, restart the app and tell the station manager."
    )


def service_failed_text() -> str:
    return _(
        "Something went wrong and this service was not recorded. Try again; if it happens "
        "again, tell the station manager."
    )


class CheckinPage(Page):
    """The view. Signals say what the attendant did; the controller decides what follows."""

    card_entered = Signal(str)  # a card number typed by hand, Enter or the button
    camera_toggled = Signal(bool)

    def __init__(self, camera: CameraSupport, parent: QWidget | None = None) -> None:
        # No lead sentence: the answer panel says what to do while it waits.
        super().__init__(_("Check-in"), "", parent)
        self.setObjectName("checkinPage")
        self.body.setContentsMargins(28, 14, 28, 14)
        self.body.setSpacing(8)
        self.feedback = CheckinFeedback()
        self.services = ServiceButtons()

        left = QVBoxLayout()
        left.setSpacing(10)
        left.addLayout(self._card_row())
        left.addWidget(self._anonymous_box())
        left.addStretch(1)
        left.addWidget(self._today())
        right = self._services_and_recent()
        self._add_camera(camera, right)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body.addWidget(self.feedback)
        self.body.addLayout(columns, 1)

        self.card_number.returnPressed.connect(self._enter_card)
        self.check_in_button.clicked.connect(self._enter_card)
        self.camera_button.toggled.connect(self.camera_toggled)
        self.fewer_button.clicked.connect(self.group_size.stepDown)
        self.more_button.clicked.connect(self.group_size.stepUp)
        self.group_size.valueChanged.connect(self._group_changed)
        self._group_changed(1)

    def _card_row(self) -> QHBoxLayout:
        """A card number typed by hand (the number printed under the QR code)."""
        self.card_number = QLineEdit()
        self.card_number.setObjectName("cardNumber")
        self.card_number.setPlaceholderText(_("Card number, e.g. HF-LY-0012-000031 or 31"))
        self.card_number.setMaxLength(600)  # long enough for a whole code pasted in
        self.card_number.setClearButtonEnabled(True)
        # Card numbers are Latin letters and digits; with a Chinese input method on, a
        # scanner's keys would land in the candidate window instead of reaching the page.
        self.card_number.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.check_in_button = QPushButton(_("Check in"))
        self.check_in_button.setObjectName("primary")
        label = QLabel(_("&Card number"))
        label.setBuddy(self.card_number)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.card_number, 1)
        row.addWidget(self.check_in_button)
        return row

    def _add_camera(self, camera: CameraSupport, column: QVBoxLayout) -> None:
        """The webcam switch sits on the title line; its picture opens above the counters."""
        self.camera_button = QPushButton(_("Scan with webcam"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setCheckable(True)
        self.camera_button.setEnabled(camera.ready)
        self.camera_note = QLabel()
        self.camera_note.setObjectName("cameraNote")
        # In the layout before it is shown: shown parentless, it would open as a window of
        # its own (and take the focus from the main window, when the page is built late).
        self.heading_row.addWidget(self.camera_note)
        self.heading_row.addWidget(self.camera_button)
        self.show_camera_problem(camera.problem)
        self.camera_view = QWidget()  # the camera picture goes here when it is switched on
        self.camera_view.setFixedHeight(240)
        QVBoxLayout(self.camera_view).setContentsMargins(0, 0, 0, 0)
        self.camera_view.hide()
        column.insertWidget(0, self.camera_view)

    def show_camera_problem(self, problem: str) -> None:
        """Next to the webcam switch: why it is off or failed ("" hides the note)."""
        self.camera_note.setText(problem)
        self.camera_note.setVisible(bool(problem))

    def _anonymous_box(self) -> QGroupBox:
        """Visitors without a card: one tap per occupation, for one person or a group."""
        self.group_size = QSpinBox()
        self.group_size.setObjectName("groupSize")
        self.group_size.setRange(1, GROUP_MAX)
        self.group_size.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.group_size.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.group_size.setFixedWidth(72)
        self.group_size.setAccessibleName(_("People in the group"))
        self.fewer_button = QPushButton("−")
        self.more_button = QPushButton("+")
        for button, tip in ((self.fewer_button, _("One fewer")), (self.more_button, _("One more"))):
            button.setObjectName("stepButton")
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setFixedWidth(52)
        label = QLabel(_("&People:"))
        label.setBuddy(self.group_size)
        row = QHBoxLayout()
        for widget in (label, self.fewer_button, self.group_size, self.more_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.occupations = OccupationButtons()
        self.anonymous_box = QGroupBox(_("Visitors without a card"))
        layout = QVBoxLayout(self.anonymous_box)
        layout.addLayout(row)
        layout.addWidget(self.occupations)
        return self.anonymous_box

    def _today(self) -> TodayCounters:
        # Under the occupation buttons, which leave room there: beside them the recent
        # visits keep theirs.
        self.counters = TodayCounters()
        self.counters.setObjectName("today")
        self.counters.setAccessibleName(_("Today"))
        # As wide as the buttons over it, never wider: the right column keeps its width.
        self.counters.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return self.counters

    def _services_and_recent(self) -> QVBoxLayout:
        self.recent = FittedTable()
        self.recent.setObjectName("recentVisits")
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent.setAccessibleName(_("Recent visits"))
        self.recent.keep_rows(RECENT_ROWS)
        # Its columns cut short only a little, the occupation buttons beside it no more.
        self.recent.setMinimumWidth(RECENT_MIN_WIDTH)
        self.recent_box = recent_box = QGroupBox(_("Recent visits"))
        QVBoxLayout(recent_box).addWidget(self.recent)
        column = QVBoxLayout()
        column.setSpacing(10)
        # The services head the right column, under the answer they follow: across the
        # page they would push the occupation buttons off a 1024×700 screen.
        column.addWidget(self.services)
        column.addWidget(recent_box, 1)
        return column

    def set_model(self, model: VisitsModel) -> None:
        self.recent.setModel(model)
        self.recent.set_columns(
            [
                Column(minimum=50),  # time
                Column(minimum=56),  # name
                Column(minimum=72, gives_way=0),  # occupation
                Column(minimum=90, elide=Qt.TextElideMode.ElideLeft),  # card: its serial counts
            ],
            stretch=NAME,
        )

    def _enter_card(self) -> None:
        text = self.card_number.text().strip()
        if text:
            self.card_entered.emit(text)
        self.card_number.setFocus()

    def _group_changed(self, size: int) -> None:
        self.occupations.set_group_size(size)
        # Said in the box's title while a tap counts a group, so a forgotten "3" is seen.
        title = _("Visitors without a card")
        if size > 1:
            title += " · " + _("one tap counts {n} visits").format(n=size)
        self.anonymous_box.setTitle(title)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # On a short screen (1024×700) the occupation buttons need the whole left column:
        # today's counters give way, and the recent visits keep fewer rows.
        tall = self.height() >= TODAY_MIN_PAGE_HEIGHT
        self.counters.setVisible(tall)
        self.recent.keep_rows(RECENT_ROWS if tall else RECENT_ROWS_SHORT)


class CheckinController(QObject):
    """Scans, typed numbers, taps and undo → the check-in service → what the page shows."""

    result_shown = Signal(object)  # CheckinResult, once the page shows it
    services_recorded = Signal(str)  # service code, recorded for the current visit(s)

    def __init__(
        self, page: CheckinPage, station: Station, ops: Ops, chime: Chime | None = None
    ) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.ops = ops
        self.chime = chime or Chime(self, station.settings)
        self.model = VisitsModel(station.checkin.recent, self, today=station.clock.today)
        page.set_model(self.model)
        self.last_visits: tuple[int, ...] = ()
        # The visits the service buttons apply to: the last accepted check-in, until the
        # next scan, tap or undo.
        self.service_visits: tuple[int, ...] = ()
        self._tapped: list[str] = []  # services given on the panel, in order: take-back undoes
        self._last_action: dt.datetime | None = None  # the panel's; None: nothing on it
        self.camera: CameraScanner | None = None
        self._on_duty = self._attendant()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(IDLE_CHECK_MS)
        self._idle_timer.timeout.connect(self.clear_if_idle)
        self._idle_timer.start()

        page.card_entered.connect(self._typed)
        page.occupations.tapped.connect(self.anonymous)
        page.services.tapped.connect(self.give_service)
        page.services.take_back.connect(self.take_back_service)
        page.feedback.undo_button.clicked.connect(self.undo)
        page.shown.connect(self._shown)
        page.hidden.connect(self._hidden)
        page.camera_toggled.connect(self._camera)
        # The buttons, today's counts and the recent visits are read when the page is first
        # shown (at start, as the window opens on it), then as the bus says they changed;
        # the counts and the list at every show too (a new day, other programs' writes).
        self.follower = Follower(
            ops.bus,
            page,
            FOLLOWED,
            self._follow,
            every_show=(Subject.VISITS,),
        )

    # -- what the attendant does ----------------------------------------------------------

    def check_in(self, code: str) -> CheckinResult | None:
        """A scanned code or a typed number; the answer is shown, sounded and returned."""
        return self._record(lambda: self.station.checkin.scan(code))

    def anonymous(self, occupation_code: str) -> CheckinResult | None:
        size = self.page.group_size.value()
        result = self._record(lambda: self.station.checkin.anonymous(occupation_code, size))
        if result is not None:
            self.page.group_size.setValue(1)  # a group is counted once, not on every tap
        return result

    def undo(self) -> None:
        if not self.last_visits:
            return
        visits = self.last_visits
        self.last_visits = ()
        self._services_for(())
        self.ops.write(lambda _progress: self.station.checkin.undo(visits)).success(
            lambda _none: self.page.feedback.show_idle(_("The last check-in was undone."))
        ).failure(self._undo_failed, unexpected=failed_text()).run()
        self.page.card_number.setFocus()

    def _undo_failed(self, failure: Failure) -> None:
        if failure.refused:
            self.page.feedback.show_idle(failure.text)
        else:
            self.page.feedback.show_problem(failure.text)

    def give_service(self, code: str) -> bool:
        """Record a service for the visit just checked in (each visit of a group), with the
        stock it uses. All or nothing: a refusal (out of stock) is shown, nothing stays."""
        if not self.service_visits:
            return False
        visits = self.service_visits
        service_log = self.station.service_log
        taken_back = [True]

        def tap(_progress: Progress) -> bool:
            done = []
            try:
                for visit_id in visits:
                    done.append(service_log.record(visit_id, code))
            except Exception:
                taken_back[0] = self._take_back([record.id for record in done])
                raise
            return True

        def refused(failure: Failure) -> None:
            text = failure.text
            if not taken_back[0]:
                text += " " + _("Some of the group got it: check the Services page.")
            self.page.feedback.show_note(text)
            self.chime.play(CheckinStatus.REFUSED)

        def recorded(_done: bool) -> None:
            self.page.feedback.show_note("")
            self._tapped.append(code)
            self._show_services()
            self.services_recorded.emit(code)

        self._touched()
        op = self.ops.write(tap).success(recorded)
        return bool(op.failure(refused, unexpected=service_failed_text()).run())

    def take_back_service(self, code: str) -> bool:
        """Undo the last tap of ``code`` for the visit(s) on the panel: its records go, its
        stock comes back (the service log's reversal)."""
        if not self.service_visits:
            return False
        visits = self.service_visits
        service_log = self.station.service_log

        def taken(_removed: int) -> None:
            for index in range(len(self._tapped) - 1, -1, -1):
                if self._tapped[index] == code:
                    del self._tapped[index]
                    break
            self.page.feedback.show_note("")
            self._show_services()

        self._touched()
        op = self.ops.write(lambda _progress: service_log.take_back(visits, code)).success(taken)
        return bool(
            op.failure(
                lambda failure: self.page.feedback.show_note(failure.text),
                unexpected=service_failed_text(),
            ).run()
            is not None
        )

    def _show_services(self) -> None:
        """The buttons for the visit(s) on the panel, each with the times it was given."""
        if not self.service_visits:
            self.page.services.set_ready(False)
            return
        first = self.service_visits[0]  # a group's visits got the same taps
        records = (
            self.ops.read(lambda _progress: self.station.service_log.for_visit(first))
            .failure(lambda _failure: None)
            .run()
            or []
        )
        counts: dict[str, int] = {}
        for record in records:
            counts[record.service_code] = counts.get(record.service_code, 0) + record.quantity
        known = [code for code in self._tapped if counts.get(code)]
        # A visit found by a repeat scan: its earlier services, in the order given.
        last = known[-1] if known else (records[-1].service_code if records else None)
        self.page.services.set_ready(True, counts, last)

    def _take_back(self, record_ids: list[int]) -> bool:
        """Remove the records a group's tap wrote before one was refused."""
        try:
            for record_id in record_ids:
                self.station.service_log.remove(record_id)
        except Exception:
            log.exception("taking back a partly recorded service failed")
            return False
        return True

    def reload_services(self) -> None:
        """One button per active service type (after the list changed)."""
        types = self.ops.read(lambda _progress: self.station.service_log.service_types())
        self.page.services.set_types(types.failure(lambda _failure: None).run() or [])

    def _services_for(self, visit_ids: tuple[int, ...]) -> None:
        self.service_visits = visit_ids
        self._tapped = []
        self._show_services()

    def refresh(self) -> None:
        self.page.counters.show_counts(self.station.checkin.today())
        self.model.refresh()

    def reload_occupations(self) -> None:
        """One button per occupation category shown (after one was added or hidden)."""
        self.page.occupations.set_occupations(self.station.station.occupations())

    def reset(self) -> None:
        """A new attendant on duty: nothing of the last shift's visitor stays on the page,
        and nothing of it can be tapped (undo, services) in the new attendant's name."""
        self.forget_visitor()
        self.page.card_number.clear()
        self.page.group_size.setValue(1)

    def forget_visitor(self) -> None:
        """The panel back to waiting: no name, no undo, no live service buttons."""
        self.last_visits = ()
        self._last_action = None
        self._services_for(())
        self.page.feedback.show_idle()

    def clear_if_idle(self) -> bool:
        """Forget the visitor once nothing was done on the panel for ``PANEL_IDLE``."""
        if self._last_action is None:
            return False
        if self.station.clock.now() - self._last_action < PANEL_IDLE:
            return False
        self.forget_visitor()
        return True

    def _touched(self) -> None:
        self._last_action = self.station.clock.now()

    def _attendant(self) -> int | None:
        actor = self.station.accounts.current()
        return actor.id if actor is not None else None

    def _follow(self, changes: Changes) -> None:
        if Subject.DUTY in changes and self._attendant() != self._on_duty:
            # A hand-over (also to nobody: the shift ended), not an admin's own role change.
            self._on_duty = self._attendant()
            self.reset()
        if Subject.OCCUPATIONS in changes:
            self.reload_occupations()
        if Subject.SERVICE_TYPES in changes:
            self.reload_services()
        if Subject.VISITS in changes or Subject.WORKERS in changes:
            self.refresh()

    # -- plumbing -------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        result = self.check_in(text)
        if result is not None and result.status is not CheckinStatus.REFUSED:
            self.page.card_number.clear()
        else:
            self.page.card_number.selectAll()  # easy to correct, or to type over

    def _record(self, work: Callable[[], CheckinResult]) -> CheckinResult | None:
        result = (
            self.ops.write(lambda _progress: work())
            .failure(self._not_recorded, unexpected=failed_text())
            .run()
        )
        if result is None:
            return None
        accepted = result.status is CheckinStatus.ACCEPTED
        if accepted:
            self._services_for(result.visit_ids)
        elif result.open_visit_id is not None:  # amber: services go on the visit it is on
            self._services_for((result.open_visit_id,))
        else:
            self._services_for(())
        self._touched()
        self.page.feedback.show_result(result)
        self.chime.play(result.status)
        if accepted:
            self.last_visits = result.visit_ids
        self.result_shown.emit(result)
        return result

    def _not_recorded(self, failure: Failure) -> None:
        self.page.feedback.show_problem(failure.text)
        self.chime.play(CheckinStatus.REFUSED)
        self._services_for(())

    def garbage(self, start: str) -> None:
        log.info("scanner burst without Enter dropped: %r…", start)
        self.check_in(start)  # refused by the service, with its message

    def _shown(self) -> None:
        self._refresh_timer.start()
        self.page.card_number.setFocus()

    def _hidden(self) -> None:
        self._refresh_timer.stop()
        if self.page.camera_button.isChecked():
            self.page.camera_button.setChecked(False)

    def _camera(self, on: bool) -> None:
        if on and self.camera is None:
            self.camera = CameraScanner(self.page.camera_view)
            self.camera.decoded.connect(self.check_in)
            self.camera.failed.connect(self._camera_failed)
            layout = self.page.camera_view.layout()
            assert layout is not None
            layout.addWidget(self.camera)
        self.page.camera_view.setVisible(on)
        if self.camera is not None and on:
            self.page.show_camera_problem("")
            self.camera.start()  # may fail at once: see _camera_failed
        elif self.camera is not None:
            self.camera.stop()

    def _camera_failed(self, problem: str) -> None:
        # The switch goes back off (which hides the blank picture) and says why; it stays
        # enabled, so a camera plugged in now can be tried at once.
        self.page.show_camera_problem(problem)
        self.page.camera_button.setChecked(False)


def make_checkin_page(station: Station, ops: Ops) -> tuple[CheckinPage, CheckinController]:
    page = CheckinPage(camera_support())
    return page, CheckinController(page, station, ops)
