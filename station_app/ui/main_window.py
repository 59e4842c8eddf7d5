"""The main window: navigation on the left, one page at a time, station facts at the bottom.

It is shown in two steps. ``MainWindow(None, runner)`` is the frame alone (its look, its
status bar, "opening the station's data…"): this module imports nothing heavier than Qt, so
the window is on screen a moment after the app starts. ``attach(station)`` then puts in the
sign-in screen and the navigation. Each page, and the modules it needs (SQLAlchemy, the
services, Babel), is built the first time it is shown or asked for: the sign-in screen waits
for none of them, and a page nobody opens costs nothing (see bench/bench_cold_start.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from station_app.domain.accounts import Actor
from station_app.i18n import _, ngettext
from station_app.ui.ops import ChangeBus, Ops
from station_app.ui.tasks import TaskRunner
from station_app.ui.widgets.elided_label import WHOLE, ElidedLabel
from station_app.ui.widgets.navigation_keys import ShortcutDelegate, set_shortcut, shortcut_of
from station_app.ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock
    from station_app.domain.station import StationProfile
    from station_app.services.accounts.first_screen import FirstScreen
    from station_app.services.changes import Changes
    from station_app.services.checkin.shift import ShiftSummary
    from station_app.services.stock.stock_data import StockAlerts
    from station_app.ui.dialogs.attendants_dialog import AttendantsDialog
    from station_app.ui.dialogs.help_dialog import HelpDialog
    from station_app.ui.pages.activities_page import ActivitiesPage
    from station_app.ui.pages.audit_page import AuditPage
    from station_app.ui.pages.checkin_page import CheckinController, CheckinPage
    from station_app.ui.pages.inventory_page import InventoryController, InventoryPage
    from station_app.ui.pages.reports_page import ReportsController, ReportsPage
    from station_app.ui.pages.services_page import ServicesController, ServicesPage
    from station_app.ui.pages.settings_page import SettingsPage
    from station_app.ui.pages.sync_page import SyncController, SyncPage
    from station_app.ui.pages.visits_page import VisitsController, VisitsPage
    from station_app.ui.pages.workers_page import WorkersController, WorkersPage

WINDOW_STATE_FILE = "window.ini"  # in the data folder: where the window was, how large
PREFERRED_SIZE = QSize(1280, 800)
# Up to a 1366×768 screen the window starts maximised: anything less wastes the little
# room there is, and a window dragged half off such a screen hides its status bar.
SMALL_SCREEN = QSize(1366, 768)
# As wide as the smallest station screen; lower than one with a taskbar and a title bar
# (about 1024×690 inside): a page taller than the window scrolls (ui/pages/base.py).
MINIMUM_SIZE = QSize(1024, 600)
NAVIGATION_WIDTH = 210  # at the normal text size; it grows with the text
STATION_WHILE_A_TASK_RUNS = 14  # digits' widths: the beginning of the station's name


class MainWindow(QMainWindow):
    # One line per page and status-bar part. No page is wired to another: each follows the
    # change bus (ui/ops.py) for what it shows, and so do the status bar's badges.
    restore_requested = Signal()  # the settings page's "restore a backup", once confirmed

    def __init__(
        self, station: Station | None, runner: TaskRunner, *, state_file: Path | None = None
    ) -> None:
        super().__init__()
        self.runner = runner
        self.bus = ChangeBus(self)
        self.ops = Ops(runner, self.bus)
        self.state_file = state_file
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(PREFERRED_SIZE)
        self.setWindowTitle(_("驿站 Station"))
        self.opening = QLabel(_("Opening the station's data…"))
        self.opening.setObjectName("pageLead")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.screens = QStackedWidget()
        self.screens.addWidget(self.opening)
        self.setCentralWidget(self.screens)

        # Whole, but while a task runs it gives way to the task's step down to its
        # beginning, "驿站：庐阳区环卫…" (the tooltip and the window's title have it whole).
        self.station_label = ElidedLabel(elide=Qt.TextElideMode.ElideRight)
        self.station_label.keep(WHOLE)
        self.attendant_label = QLabel()
        self.hand_over_button = _link_button("handOver", _("Hand over"))
        self.hand_over_button.setToolTip(
            _("End your shift: the next attendant signs in with their own PIN")
        )
        self.hand_over_button.hide()
        self.database_label = ElidedLabel("")
        self.date_label = ElidedLabel("", elide=Qt.TextElideMode.ElideRight)
        self._shown_day: dt.date | None = None
        status = self.statusBar()
        status.addWidget(self.station_label)
        status.addWidget(self.attendant_label)
        status.addWidget(self.hand_over_button)
        status.addWidget(self.database_label, 1)
        self.task_progress = TaskProgress(runner)
        status.addPermanentWidget(self.task_progress)
        runner.started.connect(self._task_started)
        runner.finished.connect(self._task_finished)
        status.addPermanentWidget(self.date_label)
        if station is not None:
            self.attach(station)
            self.count_alerts()
            self.count_feedback()

    def show_first_screen(self, screen: FirstScreen) -> None:
        """The sign-in screen from the first look at the database, before the station is
        open (``attach`` follows and keeps it, with the name chosen and a PIN typed)."""
        from station_app.ui.pages.sign_in_page import SignInPage

        self.sign_in_page = SignInPage(None, self.ops)
        self.screens.addWidget(self.sign_in_page)
        hint = _demo_hint(screen.station_code)
        self.sign_in_page.reload(screen.station_name, hint, screen.on_duty)
        self.screens.setCurrentWidget(self.sign_in_page)
        self._install_scanner()
        self._show_station(screen.station_name, screen.station_code)

    def _install_scanner(self) -> None:
        """One scanner for the whole window and the dialogs over it, whatever is on show:
        a scan means check-in unless the page or dialog on show takes it on purpose (and
        before anyone signs in, a note, never a PIN)."""
        from station_app.ui.widgets.scan_detector import ScanDetector

        if getattr(self, "scanner", None) is not None:
            return
        self.scanner = ScanDetector(self)
        self.scanner.scanned.connect(self.route_scan)
        self.scanner.rejected.connect(lambda start: self.route_scan(start, garbage=True))
        self.scanner.install()

    def attach(self, station: Station) -> None:
        """Put the sign-in screen and the navigation over ``station`` in the frame, then show
        who is on duty. Each page is built when it is first shown (or asked for): the
        sign-in screen needs none of them, and a page nobody opens costs nothing."""
        # Imported here, not at the top: these bring SQLAlchemy and the services.
        from station_app.ui.pages.sign_in_page import SignInPage

        self.station = station
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(NAVIGATION_WIDTH)
        self.navigation.setItemDelegate(ShortcutDelegate(self.navigation))
        self.pages = QStackedWidget()
        self.page_keys: list[str] = []
        self.page_titles: dict[str, str] = {}
        self._built: dict[str, QWidget] = {}
        self._controllers: dict[str, object] = {}
        for key, title in _page_titles():
            self._add_page(key, title)
        self._add_report_offer()
        # Pages that use a scan on purpose (each says so in its lead sentence).
        self._scan_takers = ("workers", "inventory")
        self.navigation.setCurrentRow(0)
        self.navigation.currentRowChanged.connect(self._show_row)

        working = QWidget()
        layout = QHBoxLayout(working)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        # The sign-in screen covers the whole window until someone is on duty.
        early = getattr(self, "sign_in_page", None)
        if isinstance(early, SignInPage):  # on screen since the first look: keep what is typed
            early.bind(station.accounts)
        else:
            self.sign_in_page = SignInPage(station.accounts, self.ops)
            self.screens.addWidget(self.sign_in_page)
        self.screens.addWidget(working)
        self.working = working

        self.attendant_label.setText(_("On duty: nobody signed in"))
        self.database_label.setText(_("Database: {path}").format(path=station.paths.database))
        self.show_date()
        # A station PC often stays on for days: the date follows the station's clock past
        # midnight (read once a minute), and the stock badge catches up with other programs.
        self._minute_timer = QTimer(self)
        self._minute_timer.timeout.connect(self.on_the_minute)
        self._minute_timer.start(60_000)

        # The status bar is always on screen: it follows the bus at once.
        self.bus.changed.connect(lambda changes, _initiator: self._follow(changes))
        self.follow_text_size()
        self._alerts_asked = 0  # the newest count asked for; an older answer is dropped
        self.show_profile(station.station.profile())
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.show_help)
        self._install_scanner()
        self.hand_over_button.clicked.connect(self.hand_over)
        self._on_duty: int | None = None
        self.show_duty()

    # -- pages, built when first needed ------------------------------------------------------
    def _page(self, key: str) -> QWidget:
        """The page ``key``, built now if it never was (in its place in the stack)."""
        page = self._built.get(key)
        if page is not None:
            return page
        page, controller = self._build(key)
        self._built[key] = page
        self._controllers[key] = controller
        row = self.page_keys.index(key)
        placeholder = self.pages.widget(row)
        assert placeholder is not None
        current = self.pages.currentIndex()
        self.pages.insertWidget(row, page)
        self.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages.setCurrentIndex(current)
        return page

    def _controller(self, key: str) -> object:
        self._page(key)
        return self._controllers[key]

    def _build(self, key: str) -> tuple[QWidget, object]:  # noqa: PLR0911 - one per page
        station, ops = self.station, self.ops
        if key == "checkin":
            from station_app.ui.pages.checkin_page import make_checkin_page

            return make_checkin_page(station, ops)
        if key == "workers":
            from station_app.ui.pages.workers_page import make_workers_page

            return make_workers_page(station, ops)
        if key == "visits":
            from station_app.ui.pages.visits_page import make_visits_page

            return make_visits_page(station, ops)
        if key == "inventory":
            from station_app.ui.pages.inventory_page import make_inventory_page

            return make_inventory_page(station, ops)
        if key == "services":
            from station_app.ui.pages.services_page import make_services_page

            return make_services_page(station, ops)
        if key == "activities":
            from station_app.ui.pages.activities_page import ActivitiesPage

            activities = ActivitiesPage(station, ops)
            return activities, activities
        if key == "reports":
            from station_app.ui.pages.reports_page import make_reports_page

            return make_reports_page(station, ops, self.last_week)
        if key == "sync":
            from station_app.ui.pages.sync_page import make_sync_page

            return make_sync_page(station, ops)
        if key == "settings":
            from station_app.ui.pages.settings_page import SettingsPage

            settings = SettingsPage(station, ops)
            settings.restore_requested.connect(self.restore_requested)
            settings.attendants_button.clicked.connect(self.open_attendants)
            return settings, settings
        from station_app.ui.pages.audit_page import AuditPage

        audit = AuditPage(station, ops)
        return audit, audit

    def _show_row(self, row: int) -> None:
        self._page(self.page_keys[row])
        self.pages.setCurrentIndex(row)

    @property
    def checkin_page(self) -> CheckinPage:
        return cast("CheckinPage", self._page("checkin"))

    @property
    def checkin(self) -> CheckinController:
        return cast("CheckinController", self._controller("checkin"))

    @property
    def workers_page(self) -> WorkersPage:
        return cast("WorkersPage", self._page("workers"))

    @property
    def workers(self) -> WorkersController:
        return cast("WorkersController", self._controller("workers"))

    @property
    def visits_page(self) -> VisitsPage:
        return cast("VisitsPage", self._page("visits"))

    @property
    def visits(self) -> VisitsController:
        return cast("VisitsController", self._controller("visits"))

    @property
    def inventory_page(self) -> InventoryPage:
        return cast("InventoryPage", self._page("inventory"))

    @property
    def inventory(self) -> InventoryController:
        return cast("InventoryController", self._controller("inventory"))

    @property
    def services_page(self) -> ServicesPage:
        return cast("ServicesPage", self._page("services"))

    @property
    def services(self) -> ServicesController:
        return cast("ServicesController", self._controller("services"))

    @property
    def activities_page(self) -> ActivitiesPage:
        return cast("ActivitiesPage", self._page("activities"))

    @property
    def reports_page(self) -> ReportsPage:
        return cast("ReportsPage", self._page("reports"))

    @property
    def reports(self) -> ReportsController:
        return cast("ReportsController", self._controller("reports"))

    @property
    def sync_page(self) -> SyncPage:
        return cast("SyncPage", self._page("sync"))

    @property
    def sync(self) -> SyncController:
        return cast("SyncController", self._controller("sync"))

    @property
    def settings_page(self) -> SettingsPage:
        return cast("SettingsPage", self._page("settings"))

    @property
    def audit_page(self) -> AuditPage:
        return cast("AuditPage", self._page("audit"))

    # -- where the window is -----------------------------------------------------------------
    def show_placed(self) -> None:
        """Show the window where it was last closed if that still fits the screen; else
        maximised on a small screen, or at its preferred size within a larger one."""
        available = self.screen().availableGeometry()
        saved = self._saved_geometry()
        if (
            saved is not None
            and self.restoreGeometry(saved)
            and (self.isMaximized() or available.contains(self.frameGeometry()))
        ):
            self.show()
            return
        small = (
            available.width() <= SMALL_SCREEN.width() or available.height() <= SMALL_SCREEN.height()
        )
        if small:
            self.setGeometry(available)  # the size it goes back to when un-maximised
            self.showMaximized()
            return
        size = PREFERRED_SIZE.boundedTo(available.size() - QSize(40, 60))
        place = QRect(available.topLeft(), size)
        place.moveCenter(available.center())
        self.setGeometry(place)
        self.show()

    def _window_state(self) -> QSettings | None:
        if self.state_file is None:
            return None
        return QSettings(str(self.state_file), QSettings.Format.IniFormat)

    def _saved_geometry(self) -> QByteArray | None:
        state = self._window_state()
        value = state.value("geometry") if state is not None else None
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        state = self._window_state()
        if state is not None and self.state_file is not None and self.state_file.parent.is_dir():
            state.setValue("geometry", self.saveGeometry())
            state.sync()
        super().closeEvent(event)

    def _follow(self, changes: Changes) -> None:
        from station_app.services.changes import Subject

        if Subject.DUTY in changes or Subject.ACCOUNTS in changes:
            self.show_duty()  # who is on duty, or the names the sign-in screen offers
        if Subject.DUTY in changes:
            actor = self.station.accounts.current()
            on_duty = actor.id if actor is not None else None
            if on_duty != self._on_duty:
                self._on_duty = on_duty
                self.clear_messages()
        if Subject.PROFILE in changes:
            self.show_profile(self.station.station.profile())
        if Subject.SETTINGS in changes:
            self.follow_text_size()
        if Subject.STOCK in changes or Subject.SETTINGS in changes:
            self.count_alerts()  # the settings hold the expiry warning window
        if Subject.FEEDBACK in changes:
            self.count_feedback()

    def clear_messages(self) -> None:
        """A hand-over: the pages' notices (what the last shift did or got wrong) go; each
        page's own state (the check-in page's visitor) is reset by the page itself."""
        for label in self.pages.findChildren(QLabel):
            if label.objectName() in ("notice", "fieldError") and not _kept(label, self):
                label.clear()

    def follow_text_size(self) -> None:
        """The text size of the settings, on every page at once."""
        from station_app.config.settings import TEXT_SIZE
        from station_app.ui.theme import apply_text_size

        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        percent = int(self.station.settings.get(TEXT_SIZE))
        apply_text_size(app, percent)
        self.navigation.setFixedWidth(round(NAVIGATION_WIDTH * percent / 100))

    def on_the_minute(self) -> None:
        """The date, and the badge on 库存: batches come within 30 days of their expiry
        as days pass, and other programs (the command line) write without telling the bus."""
        self.show_date()
        self.count_alerts()
        self.count_feedback()

    def count_alerts(self, *, background: bool = False) -> None:
        """The badge on 库存, now; ``background``: on the task runner (the start's count,
        which nobody waits for: on a station with years of stock it takes a while)."""
        inventory = self.station.inventory
        self._alerts_asked += 1
        asked = self._alerts_asked

        def show(alerts: StockAlerts) -> None:
            if asked == self._alerts_asked:  # else a newer count was asked for since
                self.show_alerts(alerts)

        op = self.ops.read(lambda _progress: inventory.alerts()).success(show)
        op = op.failure(lambda _failure: None)  # the op logged it; the badge stays as it was
        if background:
            op.run_in_background()
        else:
            op.run()

    def count_feedback(self, *, background: bool = False) -> None:
        """The badge on 活动 (suggestions waiting for an answer), now or on the task runner."""
        feedback = self.station.feedback
        op = self.ops.read(lambda _progress: feedback.open_count()).success(
            self.show_feedback_count
        )
        op = op.failure(lambda _failure: None)  # the op logged it; the badge stays
        if background:
            op.run_in_background()
        else:
            op.run()

    def show_feedback_count(self, waiting: int) -> None:
        """ "活动 (2)" while workers' suggestions wait for an answer (意见反馈 tab)."""
        row = self.page_keys.index("activities")
        item = self.navigation.item(row)
        title = self.page_titles["activities"]
        item.setText(_("{page} ({n})").format(page=title, n=waiting) if waiting else title)
        shortcut = shortcut_of(item)
        item.setToolTip(
            ngettext(
                "{n} suggestion from workers waits for an answer",
                "{n} suggestions from workers wait for an answer",
                waiting,
            ).format(n=waiting)
            + f" · {shortcut}"
            if waiting
            else shortcut
        )

    # -- who is on duty ------------------------------------------------------------------------
    def show_duty(self) -> None:
        """The sign-in screen while nobody is on duty; else the pages their role may use."""
        accounts = self.station.accounts
        if accounts.needs_sign_in():
            if self.screens.currentWidget() is self.sign_in_page:
                return  # a wrong PIN: the name chosen and the page's message stay
            profile = self._profile  # kept by show_profile: read at attach, saved since
            hint = _demo_hint(profile.code) if profile is not None else ""
            self.sign_in_page.reload(profile.name if profile else "", hint)
            self.screens.setCurrentWidget(self.sign_in_page)
            self.attendant_label.setText(_("On duty: nobody signed in"))
            self.hand_over_button.hide()
            return
        actor = accounts.current()
        admin = accounts.may_administer()
        for key in ("settings", "audit"):
            self.navigation.item(self.page_keys.index(key)).setHidden(not admin)
        if not admin and self.current_page_key() in ("settings", "audit"):
            self.show_page("checkin")
        self._page(self.current_page_key())  # the page the shift starts on, built now
        self.screens.setCurrentWidget(self.working)
        self.attendant_label.setText(_duty_text(actor))
        self.hand_over_button.setVisible(actor is not None)

    def route_scan(self, code: str, *, garbage: bool = False) -> None:
        """What a scan does: nothing but a note before someone signs in; what a dialog or
        page that takes scans makes of it; else a check-in on the check-in page."""
        from station_app.ui.widgets.scan_detector import TakesScans

        if self.screens.currentWidget() is self.sign_in_page:
            self.sign_in_page.scan_refused()
            return
        if self.screens.currentWidget() is not self.working:
            return  # still opening
        if not garbage:
            modal = QApplication.activeModalWidget()
            key = self.current_page_key()
            taker: object = (
                modal
                if modal is not None
                else self._controllers.get(key)
                if key in self._scan_takers
                else None
            )
            if isinstance(taker, TakesScans) and taker.take_scan(code):
                return
        self.show_page("checkin")
        if garbage:
            self.checkin.garbage(code)
        else:
            self.checkin.check_in(code)

    def hand_over(self) -> QMessageBox | None:
        """Ask before ending the shift, with what it did; returns the question (kept open
        window-modal, so a test can answer it)."""
        from station_app.ui.dialogs.opening import open_dialog

        shift = self.station.shift
        summary = self.ops.read(lambda _progress: shift.summary()).run()
        if summary is None:
            return None  # the op said why; the shift goes on
        box = QMessageBox(self)
        box.setObjectName("handOverQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Hand over"))
        box.setText(_("End your shift and hand over to the next attendant?"))
        box.setInformativeText(_shift_text(summary, self.station.clock))
        confirm = box.addButton(_("Hand over"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("confirmHandOver")
        stay = box.addButton(_("Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)  # a stray Enter does not end the shift
        confirm.clicked.connect(self.sign_out)
        self.hand_over_question = open_dialog(box)
        return box

    def sign_out(self) -> None:
        """End the shift; the bus tells the pages, which forget what the shift left on them."""
        accounts = self.station.accounts
        self.show_page("checkin")
        self.ops.write(lambda _progress: accounts.sign_out()).run()

    def open_attendants(self) -> AttendantsDialog:
        from station_app.ui.dialogs.attendants_dialog import AttendantsDialog
        from station_app.ui.dialogs.opening import open_dialog

        return open_dialog(AttendantsDialog(self.station.accounts, self.ops, self))

    def _add_report_offer(self) -> None:
        # Last week's report, offered in the status bar whatever page is on show.
        from station_app.ui.last_week_offer import LastWeekOffer

        self.last_week = LastWeekOffer(self.station, self.ops, self)
        self.last_week.changed.connect(self._show_report_offer)
        self.report_offer = _link_button("reportOffer", "")
        self.report_offer.hide()
        self.statusBar().addPermanentWidget(self.report_offer)
        self.report_offer.clicked.connect(self.open_last_week_report)

    def offer_last_week_report(self, today: dt.date | None = None) -> None:
        """At start-up: last week's report, when the reports folder does not hold it yet
        (the reports page is not built for this: it shows the offer when it is)."""
        self.last_week.check(today)

    def _show_report_offer(self) -> None:
        offer = self.last_week
        self.report_offer.setText(offer.link)
        self.report_offer.setToolTip(offer.tooltip)
        self.report_offer.setVisible(bool(offer.link))

    def open_last_week_report(self) -> None:
        if self.station.accounts.needs_sign_in():
            return  # the offer stays until someone on duty opens it
        self.show_page("reports")
        self.reports.open_last_week()

    def _add_page(self, key: str, title: str) -> None:
        """The page's line in the navigation, its shortcut, and its place in the stack
        (held by an empty widget until the page is built)."""
        number = len(self.page_keys) + 1
        item = QListWidgetItem(title)
        # The tenth page is Ctrl+0, the key after 9 on the keyboard's top row.
        digit = number % 10
        key_text = _("Ctrl+{n}").format(n=digit)
        item.setToolTip(key_text)
        set_shortcut(item, key_text)  # shown in grey beside the name
        self.navigation.addItem(item)
        self.pages.addWidget(QWidget())
        self.page_keys.append(key)
        self.page_titles[key] = title
        shortcut = QShortcut(QKeySequence(f"Ctrl+{digit}"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda row=number - 1: self._go_to(row))

    def _go_to(self, row: int) -> None:
        """Ctrl+number: a page the attendant's role hides stays out of reach."""
        if (
            self.screens.currentWidget() is self.working
            and not self.navigation.item(row).isHidden()
        ):
            self.navigation.setCurrentRow(row)

    def show_alerts(self, alerts: StockAlerts) -> None:
        """ "库存 (3)" while items are below their minimum or batches expired or about to
        expire; the tooltip says which."""
        from station_app.ui.pages.inventory_page import badge_text

        count = alerts.count
        row = self.page_keys.index("inventory")
        item = self.navigation.item(row)
        title = self.page_titles["inventory"]
        item.setText(_("{page} ({n})").format(page=title, n=count) if count else title)
        shortcut = _("Ctrl+{n}").format(n=row + 1)
        item.setToolTip(f"{badge_text(alerts)} · {shortcut}" if count else shortcut)

    def show_date(self, today: dt.date | None = None) -> None:
        from station_app.i18n.formatting import iso_week, long_date

        day = today or self.station.clock.today()
        self.date_label.setText(f"{long_date(day)} · {iso_week(day)}")
        shown, self._shown_day = self._shown_day, day
        if shown is not None and day.isocalendar()[:2] != shown.isocalendar()[:2]:
            # A PC left on over the weekend: a new week brings last week's report, as a
            # fresh start of the app would.
            self.offer_last_week_report(day)

    def help_places(self) -> dict[str, str]:
        """Each page the attendant may open, named with its shortcut, for the guide."""
        places = {}
        for row, key in enumerate(self.page_keys):
            item = self.navigation.item(row)
            if not item.isHidden():
                name = self.page_titles[key]
                places[key] = _("{page} ({key})").format(page=name, key=shortcut_of(item))
        return places

    def show_help(self) -> HelpDialog:
        """F1: the user guide; the About dialog (licences) from its button."""
        from station_app.ui.dialogs.help_dialog import HelpDialog
        from station_app.ui.dialogs.opening import open_dialog

        self.help_dialog = open_dialog(HelpDialog(self.help_places(), self._show_about, self))
        return self.help_dialog

    def _show_about(self) -> None:
        self.settings_page.show_about()  # the settings page is built when About is asked for

    def _task_started(self, _label: str) -> None:
        self.station_label.keep(STATION_WHILE_A_TASK_RUNS)

    def _task_finished(self) -> None:
        self.station_label.keep(WHOLE)

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self.page_keys.index(key))

    def current_page_key(self) -> str:
        return self.page_keys[self.pages.currentIndex()]

    def show_profile(self, profile: StationProfile | None) -> None:
        self._profile = profile
        if profile is None:
            self.station_label.setText(_("Station: not set up"))
            self.setWindowTitle(_("驿站 Station"))
            return
        self._show_station(profile.name, profile.code)

    def _show_station(self, name: str, code: str) -> None:
        self.station_label.setText(_("Station: {name} ({code})").format(name=name, code=code))
        self.setWindowTitle(_("{name} — 驿站 Station").format(name=name))


def _link_button(name: str, text: str) -> QPushButton:
    """A link-like button: the theme's 40-pixel buttons would make the status bar taller."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFlat(True)
    button.setStyleSheet(
        f"QPushButton#{name} {{ min-height: 0; padding: 1px 8px; color: #B9560F;"
        " font-weight: bold; text-decoration: underline; }"
    )
    return button


def _duty_text(actor: Actor | None) -> str:
    if actor is None:  # started from a console-trusted station (tests, a technician)
        return _("On duty: nobody signed in")
    if actor.is_admin:
        return _("On duty: {name} (admin)").format(name=actor.name)
    return _("On duty: {name}").format(name=actor.name)


def _shift_text(summary: ShiftSummary, clock: Clock) -> str:
    from station_app.domain.days import to_local
    from station_app.i18n.formatting import time_of_day

    lines = []
    if summary.since is not None:
        lines.append(
            _("{name}'s shift since {time}:").format(
                name=summary.attendant, time=time_of_day(to_local(summary.since, clock.zone))
            )
        )
    lines += [
        _("Visits: {visits} · People: {people}").format(
            visits=summary.visits, people=summary.people
        ),
        _("Services given: {n}").format(n=summary.services),
        _("Items still lent out: {n}").format(n=summary.lent_out),
        _("Stock alerts: {n}").format(n=summary.stock_alerts),
    ]
    return "\n".join(lines)


def _kept(label: QLabel, window: MainWindow) -> bool:
    """The sync page's notices say how the station's sending stands, not what a shift did."""
    sync_page = window._built.get("sync")
    return sync_page is not None and sync_page.isAncestorOf(label)


def _page_titles() -> list[tuple[str, str]]:
    """Each page's key and title, in the navigation's order (the titles the pages show)."""
    return [
        ("checkin", _("Check-in")),
        ("workers", _("Workers")),
        ("visits", _("Visit log")),
        ("inventory", _("Inventory")),
        ("services", _("Services")),
        ("activities", _("Activities")),
        ("reports", _("Reports")),
        ("sync", _("Sync")),
        ("settings", _("Settings")),
        ("audit", _("Audit log")),
    ]


def _demo_hint(station_code: str) -> str:
    """The practice PINs, shown on the demo station's sign-in screen only."""
    from station_app.demo.identity import DEMO_ACCOUNTS, is_demo

    if not is_demo(station_code):
        return ""
    return _("Practice station: {people}").format(
        people="  ·  ".join(f"{name} PIN {pin}" for name, _role, pin in DEMO_ACCOUNTS)
    )
