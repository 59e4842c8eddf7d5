"""Sync (同步): the daily summaries for union headquarters — what was sent, what is waiting,
what went wrong — a "Sync now" button, and where the summaries go.

``SyncPage`` builds the widgets; ``SyncController`` reads the sync service's status when the
page is shown (and as the change bus says the queue changed), runs ``sync_now`` in the task
runner, and validates and saves the settings (``settings.json``, like the Settings page).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from babel.dates import format_skeleton

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.config.settings import (
    HQ_TOKEN,
    HQ_URL,
    HTTP_PROXY,
    SYNC_FOLDER,
    SYNC_MODE,
    SYNC_MODES,
    Setting,
)
from station_app.domain.sync_settings import (
    address_problem,
    folder_problem,
    proxy_problem,
    token_problem,
)
from station_app.i18n import _, current_language
from station_app.i18n.formatting import date_time, number
from station_app.services.changes import Changes, Subject
from station_app.services.sync.status import SyncOutcome, SyncStatus
from station_app.ui.local_time import local
from station_app.ui.ops import Failure, Ops
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.widgets.notice import tell

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
DAYS_LISTED = 10  # more than that is a long outage: the first few and "…" say enough
SYNC_SETTINGS: tuple[Setting[str], ...] = (SYNC_MODE, SYNC_FOLDER, HQ_URL, HQ_TOKEN, HTTP_PROXY)

# Where the folder comes from: (dialog title, folder to start in) → the folder, or None.
ChooseFolder = Callable[[str, Path], Path | None]


def mode_label(mode: str) -> str:
    labels = {
        "off": _("Don't send"),
        "folder": _("Write to a folder (USB stick or shared folder)"),
        "https": _("Send over the network to union headquarters"),
    }
    return labels.get(mode, labels["off"])


def days_text(days: list[dt.date]) -> str:
    """11月20日、11月21日 … (the newest last; a long list cut short). Lines wrap between
    days, never inside one: Qt would break "11|月20日" (word joiners between the letters)."""
    locale = current_language()
    shown = [format_skeleton("MMMd", day, locale=locale) for day in sorted(days)]
    if len(shown) > DAYS_LISTED:
        shown = [*shown[: DAYS_LISTED - 1], "…", shown[-1]]
    return _(", ").join(WORD_JOINER.join(day) for day in shown)


# -- the view -------------------------------------------------------------------------


class SyncPage(Page):
    """The view: the status in plain words with "Sync now", and the settings box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Sync"),
            _(
                "Each closed day's counts (no names, phones or card numbers) go to union "
                "headquarters."
            ),
            parent,
        )
        content = QWidget()
        content.setObjectName("settingsContent")  # transparent in the theme, like the page
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)
        column.addWidget(self._status_box())
        column.addWidget(self._settings_box())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)

    def _status_box(self) -> QGroupBox:
        self.destination = QLabel()
        self.last_success = QLabel()
        self.pending = QLabel()
        self.last_error = QLabel()
        self.last_error.setObjectName("notice")
        self.last_error.setProperty("problem", True)
        self.trust = QLabel()  # headquarters' list of trusted keys and withdrawn cards
        self.feedback = QLabel()  # workers' feedback: last exchanged, or why it was not
        self.feedback.setObjectName("feedbackStatus")
        for label in (
            self.destination,
            self.last_success,
            self.pending,
            self.last_error,
            self.trust,
            self.feedback,
        ):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # folder names and HQ's words as is
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pending.setStyleSheet("font-weight: bold;")

        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.setObjectName("primary")
        self.sync_button.setMinimumSize(220, 52)
        self.sync_button.setStyleSheet("font-size: 15pt;")
        self.outcome = QLabel()
        self.outcome.setObjectName("notice")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        action = QHBoxLayout()
        action.setSpacing(16)
        action.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        action.addWidget(self.outcome, 1)

        box = QGroupBox(_("Status"))
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        for label in (
            self.destination,
            self.last_success,
            self.pending,
            self.last_error,
            self.trust,
            self.feedback,
        ):
            layout.addWidget(label)
        layout.addSpacing(4)
        layout.addLayout(action)
        return box

    def _settings_box(self) -> QGroupBox:
        self.modes = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        modes = QVBoxLayout()
        modes.setSpacing(2)
        for mode, _title in SYNC_MODES:
            button = QRadioButton(mode_label(mode))
            button.setProperty("mode", mode)
            self.modes.addButton(button)
            self.mode_buttons[mode] = button
            modes.addWidget(button)

        fields = self._fields()  # made before the save button: Tab goes through them first
        self.save_button = QPushButton(_("Save sync settings"))
        self.settings_notice = QLabel()
        self.settings_notice.setObjectName("notice")
        self.settings_notice.setWordWrap(True)
        self.settings_notice.setTextFormat(Qt.TextFormat.PlainText)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        save_row.addWidget(self.settings_notice, 1)

        # An attendant sees the settings (where the summaries go) but may not change them:
        # every control is greyed and this line says why.
        self.admin_only = QLabel(
            _(
                "Only the station admin may change where the summaries go. Sync now still "
                "sends with these settings."
            )
        )
        self.admin_only.setObjectName("notice")
        self.admin_only.setWordWrap(True)
        self.admin_only.hide()
        self.editable = True

        box = QGroupBox(_("Where the summaries go"))
        layout = QVBoxLayout(box)
        layout.setSpacing(10)
        layout.addWidget(self.admin_only)
        layout.addLayout(modes)
        layout.addLayout(fields)
        layout.addLayout(save_row)
        return box

    def _fields(self) -> QGridLayout:
        """Folder, HQ address, token and proxy, each with its label."""
        self.folder = QLineEdit()
        self.folder.setObjectName("syncFolder")
        self.folder.setPlaceholderText(_("For example E:\\ (the USB stick) or a shared folder"))
        self.choose_button = QPushButton(_("Choose…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)

        self.address = QLineEdit()
        self.address.setObjectName("hqUrl")
        self.address.setPlaceholderText("https://")
        self.token = QLineEdit()
        self.token.setObjectName("hqToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_token = QCheckBox(_("Show"))
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        self.proxy = QLineEdit()
        self.proxy.setObjectName("httpProxy")
        self.proxy.setPlaceholderText(_("Optional, for example http://proxy.example:8080"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.field_labels: dict[str, QLabel] = {}
        rows: tuple[tuple[str, str, QWidget | QHBoxLayout], ...] = (
            ("folder", _("Folder"), folder_row),
            ("address", _("Headquarters address"), self.address),
            ("token", _("Station token"), token_row),
            ("proxy", _("Proxy"), self.proxy),
        )
        for row, (key, text, field) in enumerate(rows):
            label = QLabel(text)
            self.field_labels[key] = label
            grid.addWidget(label, row, 0)
            if isinstance(field, QWidget):
                label.setBuddy(field)
                grid.addWidget(field, row, 1)
            else:
                grid.addLayout(field, row, 1)
        self.field_labels["folder"].setBuddy(self.folder)
        self.field_labels["token"].setBuddy(self.token)
        grid.setColumnStretch(1, 1)
        return grid

    def chosen_mode(self) -> str:
        button = self.modes.checkedButton()
        return str(button.property("mode")) if button is not None else "off"

    def set_editable(self, editable: bool) -> None:
        """The admin may change the settings; anyone else sees them greyed, with the reason."""
        self.editable = editable
        self.admin_only.setVisible(not editable)
        for button in self.mode_buttons.values():
            button.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.show_mode_fields(self.chosen_mode())

    def show_mode_fields(self, mode: str) -> None:
        """Only the fields the chosen way of sending needs can be typed in (by the admin)."""
        labels = self.field_labels
        needs: tuple[tuple[str, tuple[QWidget, ...]], ...] = (
            ("folder", (self.folder, self.choose_button, labels["folder"])),
            ("https", (self.address, labels["address"], self.token, self.show_token)),
            ("https", (labels["token"], self.proxy, labels["proxy"])),
        )
        for needed_by, widgets in needs:
            for widget in widgets:
                # A label stays readable (the settings are shown); its field is greyed.
                is_label = isinstance(widget, QLabel)
                widget.setEnabled(mode == needed_by and (self.editable or is_label))


# -- the controller -------------------------------------------------------------------


def ask_folder(parent: QWidget) -> ChooseFolder:
    def choose(title: str, start: Path) -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(folder) if folder else None

    return choose


# The app syncs by itself while it runs: a station is often offline, and the summaries must
# reach HQ once the network is back without anyone pressing a button. The service spaces out
# retries after a failure (``automatic=True``), so a short period costs nothing while HQ is down.
AUTO_SYNC_FIRST_MS = 60_000  # a minute after start: not in the way of the first check-ins
AUTO_SYNC_EVERY_MS = 10 * 60_000


class SyncController(QObject):
    """Shows the sync status, runs "Sync now" in the background, saves the settings."""

    synced = Signal(object)  # SyncOutcome, after a run ended

    def __init__(self, page: SyncPage, station: Station, ops: Ops) -> None:
        super().__init__(page)
        self.page = page
        self.station = station
        self.ops = ops
        self.runner = ops.runner
        self.choose_folder: ChooseFolder = ask_folder(page)
        self.status: SyncStatus | None = None
        self._syncing = False
        self._queueing = False

        page.modes.buttonToggled.connect(lambda _button, _on: self._mode_changed())
        page.choose_button.clicked.connect(self.browse)
        page.show_token.toggled.connect(self._show_token)
        page.save_button.clicked.connect(self.save)
        page.sync_button.clicked.connect(self.sync_now)
        # At every show: the status, then the days closed since are queued. While on screen,
        # what the bus says changed: the queue (an automatic run), the settings saved
        # elsewhere (this page's own saves keep what was typed: owner).
        self.follower = Follower(
            ops.bus,
            page,
            # KEYS: HQ's key imported, or its trust bundle applied
            (Subject.SYNC, Subject.SETTINGS, Subject.DUTY, Subject.KEYS),
            self._follow,
            owner=self,
            every_show=(Subject.SYNC,),
        )
        if self.runner is not None:
            self.runner.progress.connect(self._progress)
        self._reports = 0
        self._step_text = ""  # the step shown beside Sync now while a run goes on
        page.shown.connect(self._queue_closed_days)
        self.load()
        self.auto_timer = QTimer(self)
        self.auto_timer.setSingleShot(True)
        self.auto_timer.timeout.connect(self.auto_sync)
        self.auto_timer.start(AUTO_SYNC_FIRST_MS)

    # -- the status ---------------------------------------------------------------------

    def _follow(self, changes: Changes) -> None:
        if Subject.SETTINGS in changes or Subject.DUTY in changes:
            self.load()  # a hand-over forgets what the last attendant typed
        self.refresh()

    def _progress(self, done: int, total: int, message: str) -> None:
        """While this page's run or queueing goes on: what it is doing, beside Sync now, and
        the waiting days read again now and then (each day sent is committed at once)."""
        if not (self._syncing or self._queueing):
            return
        if message and total:
            self._step_text = _("{step} ({done} of {total})").format(
                step=message, done=number(done + 1), total=number(total)
            )
            tell(self.page.outcome, self._step_text)
        self._reports += 1
        if self._reports % 10 == 0:
            self.refresh()

    def _queue_closed_days(self) -> None:
        """Once the page is shown (the follower has read the status): the days closed since
        are queued, so the list of days waiting is complete before anything is sent."""
        status = self.status
        if status is None or status.mode == "off" or self._syncing or self._queueing:
            return
        self._queueing = True

        def queued(_count: object) -> None:
            self._queueing = False
            self._clear_steps()
            self.refresh()

        def failed(failure: Failure) -> None:
            # Sync now queues too and says what is wrong; the page keeps what it showed.
            self._queueing = False
            self._clear_steps()
            log.warning("queueing the closed days failed: %s", failure.text)

        sync = self.station.sync
        self.ops.write(
            lambda progress: sync.queue_closed_days(progress=progress), initiator=self
        ).with_progress(_("Looking for days to send")).success(queued).failure(
            failed
        ).run_in_background()

    def _clear_steps(self) -> None:
        """The last step told stays no longer than its run (a result replaces it anyway)."""
        if self._step_text and self.page.outcome.text() == self._step_text:
            self.page.outcome.clear()
        self._step_text = ""

    def refresh(self) -> SyncStatus | None:
        """Read the status again (the page is shown, or a run ended)."""
        sync = self.station.sync
        status = self.ops.read(lambda _progress: sync.status()).failure(self._status_failed).run()
        if status is None:
            return None
        self.status = status
        self._show_status(status)
        return status

    def _status_failed(self, failure: Failure) -> None:
        tell(self.page.last_error, failure.text, problem=True)
        self.page.last_error.show()

    def _show_status(self, status: SyncStatus) -> None:
        page = self.page
        if status.mode == "folder":
            where = _("Sending: written to the folder {folder}").format(folder=status.destination)
        elif status.mode == "https":
            where = _("Sending: over the network to {address}").format(address=status.destination)
        else:
            where = _("Sending is off: nothing leaves this PC. Choose a way below.")
        page.destination.setText(where)
        if status.last_success is not None:
            page.last_success.setText(
                _("Last sent successfully: {time}").format(
                    time=date_time(local(status.last_success))
                )
            )
        else:
            page.last_success.setText(_("Never sent successfully yet."))
        if status.pending:
            page.pending.setText(
                _("{n} days waiting to be sent: {days}").format(
                    n=number(status.pending), days=days_text(status.pending_days)
                )
            )
        else:
            page.pending.setText(_("Nothing is waiting to be sent."))
        if status.last_error:
            attempt = status.last_attempt
            text = (
                _("The last try ({time}) did not succeed: {error}").format(
                    time=date_time(local(attempt)), error=status.last_error
                )
                if attempt is not None
                else status.last_error
            )
            page.last_error.setText(text)
        # Said once: the outcome of the run just made already holds it.
        page.last_error.setVisible(
            bool(status.last_error) and status.last_error not in page.outcome.text()
        )
        page.trust.setText(status.trust)
        page.trust.setVisible(bool(status.trust) and status.trust not in page.outcome.text())
        page.feedback.setText(status.feedback)
        page.feedback.setVisible(
            bool(status.feedback) and status.feedback not in page.outcome.text()
        )
        self._enable()

    def _enable(self) -> None:
        # The mode on the form, not the stored one: Sync now saves what the page shows first.
        self.page.sync_button.setEnabled(not self._syncing and self.page.chosen_mode() != "off")

    # -- sync now -----------------------------------------------------------------------

    def sync_now(self) -> None:
        """Send (or write) what is waiting, in the background; unsaved settings are saved
        first, so the button does what the page shows."""
        if self._syncing:
            return
        if self.page.editable and self._changed() and not self.save():
            # Said beside this button too: the attendant pressed Sync now, not Save.
            tell(self.page.outcome, self.page.settings_notice.text(), problem=True)
            return
        self._syncing = True
        self._reports = 0
        self._enable()
        tell(self.page.outcome, _("Syncing…"))
        sync = self.station.sync
        self.ops.write(
            lambda progress: sync.sync_now(progress=progress), initiator=self
        ).with_progress(_("Syncing with union headquarters")).success(self._synced).failure(
            self._failed
        ).run_in_background()

    def auto_sync(self) -> None:
        """In the background, what is due: nothing when sending is off, a run is going, or
        the attendant's own task is; failures are logged and shown on the page's status."""
        self.auto_timer.start(AUTO_SYNC_EVERY_MS)
        busy = self.runner is not None and self.runner.busy
        if self._syncing or busy or self.station.settings.get(SYNC_MODE) == "off":
            return
        self._syncing = True
        self._enable()

        def done(result: SyncOutcome) -> None:
            self._syncing = False
            self._clear_steps()
            self.refresh()
            self.synced.emit(result)

        def failed(failure: Failure) -> None:
            self._syncing = False
            self._clear_steps()
            log.warning("automatic sync failed: %s", failure.text)
            self.refresh()

        sync = self.station.sync
        self.ops.write(
            lambda progress: sync.sync_now(progress=progress, automatic=True), initiator=self
        ).with_progress(_("Sending the daily summaries")).success(done).failure(
            failed
        ).run_in_background()

    def _synced(self, result: SyncOutcome) -> None:
        self._syncing = False
        tell(self.page.outcome, result.message, problem=result.failed > 0)
        self.refresh()
        self.synced.emit(result)

    def _failed(self, failure: Failure) -> None:
        self._syncing = False
        tell(self.page.outcome, failure.text, problem=True)
        self.refresh()

    # -- the settings -------------------------------------------------------------------

    def load(self) -> None:
        """Fill the settings box from what is stored."""
        settings = self.station.settings
        page = self.page
        page.mode_buttons[settings.get(SYNC_MODE)].setChecked(True)
        page.folder.setText(settings.get(SYNC_FOLDER))
        page.address.setText(settings.get(HQ_URL))
        page.token.setText(settings.get(HQ_TOKEN))
        page.proxy.setText(settings.get(HTTP_PROXY))
        page.settings_notice.clear()
        page.set_editable(self.station.accounts.may_administer())
        self._mode_changed()

    def typed(self) -> dict[str, str]:
        page = self.page
        return {
            "sync_mode": page.chosen_mode(),
            "sync_folder": page.folder.text().strip(),
            "hq_url": page.address.text().strip(),
            "hq_token": page.token.text().strip(),
            "http_proxy": page.proxy.text().strip(),
        }

    def _changed(self) -> bool:
        typed = self.typed()
        return any(typed[s.key] != self.station.settings.get(s) for s in SYNC_SETTINGS)

    def problems(self, values: dict[str, str]) -> list[tuple[QWidget, str]]:
        """What keeps the settings from being saved, with the field to fix (first first)."""
        mode = values["sync_mode"]
        page = self.page
        checks = (
            (page.folder, folder_problem(values["sync_folder"], required=mode == "folder")),
            (page.address, address_problem(values["hq_url"], required=mode == "https")),
            (page.token, token_problem(values["hq_token"], required=mode == "https")),
            (page.proxy, proxy_problem(values["http_proxy"])),
        )
        return [(field, text) for field, text in checks if text]

    def save(self) -> bool:
        values = self.typed()
        problems = self.problems(values)
        if problems:
            field, _text = problems[0]
            if field.isEnabled():
                field.setFocus()
            tell(
                self.page.settings_notice,
                "\n".join(text for _field, text in problems),
                problem=True,
            )
            return False
        config = self.station.config
        # Admin only and audited; not in force unless the file was written.
        saved = self.ops.write(lambda _progress: config.change(values), initiator=self)
        if saved.failure(self._settings_refused).run() is None:
            return False
        text = _("Saved.")
        folder = values["sync_folder"]
        if values["sync_mode"] == "folder" and not Path(folder).is_dir():
            text = _(
                "Saved. The folder {folder} is not there right now: plug in the USB stick "
                "(or connect the shared folder) before you sync."
            ).format(folder=folder)
        tell(self.page.settings_notice, text)
        self.refresh()
        return True

    def _settings_refused(self, failure: Failure) -> None:
        tell(self.page.settings_notice, failure.text, problem=True)

    def browse(self) -> None:
        current = self.page.folder.text().strip()
        start = Path(current) if current and Path(current).is_dir() else Path.home()
        folder = self.choose_folder(_("Choose the folder for the summaries"), start)
        if folder is not None:
            self.page.folder.setText(str(folder))

    def _mode_changed(self) -> None:
        self.page.show_mode_fields(self.page.chosen_mode())
        self._enable()

    def _show_token(self, on: bool) -> None:
        self.page.token.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        )


def make_sync_page(station: Station, ops: Ops) -> tuple[SyncPage, SyncController]:
    page = SyncPage()
    return page, SyncController(page, station, ops)
