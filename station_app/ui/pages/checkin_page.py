"""Check-in, the attendant's home screen: scan or type a card, or tap an occupation.

``CheckinPage`` builds the widgets and holds no logic; ``CheckinController`` listens to
them and to the scanner, calls the check-in service and shows what it answered.

A check-in runs on the GUI thread, not the task runner: it is one short transaction (see
bench/), the attendant needs its answer before the next visitor, and scans must be
counted in the order they came.
"""

from __future__ import annotations

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.i18n import _
from station_app.services.checkin import GROUP_MAX
from station_app.services.errors import ServiceError
from station_app.services.views import CheckinResult, CheckinStatus
from station_app.ui.models.visits_model import NAME, VisitsModel
from station_app.ui.pages.base import Page
from station_app.ui.widgets.camera_scanner import CameraScanner, CameraSupport, camera_support
from station_app.ui.widgets.checkin_feedback import CheckinFeedback
from station_app.ui.widgets.chime import Chime
from station_app.ui.widgets.fitted_table import Column, FittedTable
from station_app.ui.widgets.occupation_buttons import OccupationButtons
from station_app.ui.widgets.scan_detector import ScanDetector
from station_app.ui.widgets.service_buttons import ServiceButtons
from station_app.ui.widgets.today_counters import TodayCounters

log = logging.getLogger(__name__)

RECENT_LIST_MIN_PAGE_HEIGHT = 720  # the page is ~675 high in a 1024×700 window
REFRESH_MS = 60_000  # counters and list catch up with other writers and a new day


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
        right = self._today_and_recent()
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
        self.show_camera_problem(camera.problem)
        self.heading_row.addWidget(self.camera_note)
        self.heading_row.addWidget(self.camera_button)
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

    def _today_and_recent(self) -> QVBoxLayout:
        self.counters = TodayCounters()
        today_box = QGroupBox(_("Today"))
        QVBoxLayout(today_box).addWidget(self.counters)
        self.recent = FittedTable()
        self.recent.setObjectName("recentVisits")
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent.setAccessibleName(_("Recent visits"))
        self.recent_box = recent_box = QGroupBox(_("Recent visits"))
        QVBoxLayout(recent_box).addWidget(self.recent)
        column = QVBoxLayout()
        column.setSpacing(10)
        # The services head the right column, under the answer they follow: across the
        # page they would push the occupation buttons off a 1024×700 screen; here the
        # recent list gives way.
        column.addWidget(self.services)
        column.addWidget(today_box)
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
        # On a short screen (1024×700) the services and today's counters need the whole
        # right column; the recent list gives way (the answer panel still has undo).
        self.recent_box.setVisible(self.height() >= RECENT_LIST_MIN_PAGE_HEIGHT)


class CheckinController(QObject):
    """Scans, typed numbers, taps and undo → the check-in service → what the page shows."""

    visits_changed = Signal()
    result_shown = Signal(object)  # CheckinResult, once the page shows it
    services_recorded = Signal(str)  # service code, recorded for the current visit(s)

    def __init__(self, page: CheckinPage, station: Station, chime: Chime | None = None) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.chime = chime or Chime(self)
        self.detector = ScanDetector(page)
        self.model = VisitsModel(station.checkin.recent, self, today=station.clock.today)
        page.set_model(self.model)
        self.last_visits: tuple[int, ...] = ()
        # The visits the service buttons apply to: the last accepted check-in, until the
        # next scan, tap or undo.
        self.service_visits: tuple[int, ...] = ()
        self.camera: CameraScanner | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)

        self.detector.scanned.connect(self.check_in)
        self.detector.rejected.connect(self._garbage)
        page.card_entered.connect(self._typed)
        page.occupations.tapped.connect(self.anonymous)
        page.services.tapped.connect(self.give_service)
        page.feedback.undo_button.clicked.connect(self.undo)
        page.shown.connect(self._shown)
        page.hidden.connect(self._hidden)
        page.camera_toggled.connect(self._camera)
        self.visits_changed.connect(self.refresh)

        self.reload_occupations()
        self.reload_services()
        # The visits and today's counts are read when the page is shown (_shown): at start,
        # as the window opens on it.

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
        try:
            self.station.checkin.undo(self.last_visits)
        except ServiceError as exc:
            self.page.feedback.show_idle(str(exc))
        except Exception:
            log.exception("undo failed")
            self.page.feedback.show_problem(failed_text())
        else:
            self.page.feedback.show_idle(_("The last check-in was undone."))
            self.visits_changed.emit()
        self.last_visits = ()
        self._services_for(())
        self.page.card_number.setFocus()

    def give_service(self, code: str) -> bool:
        """Record a service for the visit just checked in (each visit of a group), with the
        stock it uses. All or nothing: a refusal (out of stock) is shown, nothing stays."""
        if not self.service_visits:
            return False
        done = []
        try:
            for visit_id in self.service_visits:
                done.append(self.station.service_log.record(visit_id, code))
        except Exception as exc:
            if not isinstance(exc, ServiceError):
                log.exception("recording service %s failed", code)
            undone = self._take_back([record.id for record in done])
            text = str(exc) if isinstance(exc, ServiceError) else service_failed_text()
            if not undone:
                text += " " + _("Some of the group got it: check the Services page.")
            self.page.feedback.show_note(text)
            self.chime.play(CheckinStatus.REFUSED)
            return False
        self.page.feedback.show_note("")
        recorded = self.page.services.recorded
        if code not in recorded:
            recorded = [*recorded, code]
        self.page.services.set_ready(True, recorded)
        self.services_recorded.emit(code)
        return True

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
        """One button per active service type (after settings changed the list)."""
        try:
            types = self.station.service_log.service_types()
        except Exception:
            log.exception("loading service types failed")
            types = []
        self.page.services.set_types(types)

    def _services_for(self, visit_ids: tuple[int, ...]) -> None:
        self.service_visits = visit_ids
        self.page.services.set_ready(bool(visit_ids))

    def refresh(self) -> None:
        self.page.counters.show_counts(self.station.checkin.today())
        self.model.refresh()

    def reload_occupations(self) -> None:
        """One button per occupation category shown (after settings added or hid one)."""
        self.page.occupations.set_occupations(self.station.station.occupations())

    # -- plumbing -------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        result = self.check_in(text)
        if result is not None and result.status is not CheckinStatus.REFUSED:
            self.page.card_number.clear()
        else:
            self.page.card_number.selectAll()  # easy to correct, or to type over

    def _record(self, work: Callable[[], CheckinResult]) -> CheckinResult | None:
        try:
            result = work()
        except ServiceError as exc:
            self.page.feedback.show_problem(str(exc))
            self.chime.play(CheckinStatus.REFUSED)
            self._services_for(())
            return None
        except Exception:
            log.exception("check-in failed")
            self.page.feedback.show_problem(failed_text())
            self.chime.play(CheckinStatus.REFUSED)
            self._services_for(())
            return None
        accepted = result.status is CheckinStatus.ACCEPTED
        self._services_for(result.visit_ids if accepted else ())
        self.page.feedback.show_result(result)
        self.chime.play(result.status)
        if result.status is CheckinStatus.ACCEPTED:
            self.last_visits = result.visit_ids
            self.visits_changed.emit()
        self.result_shown.emit(result)
        return result

    def _garbage(self, start: str) -> None:
        log.info("scanner burst without Enter dropped: %r…", start)
        self.check_in(start)  # refused by the service, with its message

    def _shown(self) -> None:
        self.detector.install()
        self._refresh_timer.start()
        self.refresh()
        self.page.card_number.setFocus()

    def _hidden(self) -> None:
        self.detector.uninstall()
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


def make_checkin_page(station: Station) -> tuple[CheckinPage, CheckinController]:
    page = CheckinPage(camera_support())
    return page, CheckinController(page, station)
