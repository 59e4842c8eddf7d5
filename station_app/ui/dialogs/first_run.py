"""First start: the station introduces itself (code, name, district, address, hours) and
the station manager makes the first admin account, who is then signed in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.errors import ValidationFailed
from station_app.domain.progress import Progress
from station_app.domain.station import StationProfile, validate_profile
from station_app.i18n import _
from station_app.services.accounts.attendants import AccountService
from station_app.services.station.profile import StationService
from station_app.ui.errors import show_message
from station_app.ui.ops import Failure, Ops
from station_app.ui.tasks import TaskRunner
from station_app.ui.widgets.account_form import AccountForm
from station_app.ui.widgets.profile_form import ProfileForm

DemoWork = Callable[[Progress], object]


class FirstRunDialog(QDialog):
    """Asks for the station profile; can instead fill a practice station with demo data
    (for trainers and volunteers trying the app) when given ``demo`` and a ``runner``."""

    def __init__(
        self,
        service: StationService,
        accounts: AccountService,
        parent: QWidget | None = None,
        *,
        demo: DemoWork | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._accounts = accounts
        self._demo = demo
        self._runner = runner
        self._ops = Ops(runner)  # no pages yet: nobody to tell what changed
        self.saved: StationProfile | None = None
        self.setWindowTitle(_("Welcome to 驿站 Station"))
        self.setMinimumWidth(720)
        title = QLabel(_("Set up your station"))
        title.setObjectName("pageTitle")
        lead = QLabel(
            _(
                "Enter your station's details once. You can change them later under Settings. "
                "Fields marked * are needed."
            )
        )
        lead.setObjectName("pageLead")
        lead.setWordWrap(True)
        self.form = ProfileForm()
        # The one who sets the station up becomes its admin (站长): only an admin changes
        # settings later, and an admin adds the other attendants.
        self.admin = AccountForm()
        self.admin_box = QGroupBox(_("Your sign-in as the station admin (站长)"))
        admin_layout = QVBoxLayout(self.admin_box)
        admin_layout.addWidget(self.admin)
        self.admin_box.setVisible(not accounts.has_admin())
        # A station set up before accounts existed: its details stay, only the admin is new.
        self.form.set_values(service.profile())
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            _("Save and start"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.quit_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.demo_button = buttons.addButton(
            _("Practise with demo data"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.demo_button.setToolTip(
            _("Fills a practice station with a year of made-up visits. Not for a real station.")
        )
        self.demo_button.setVisible(demo is not None and runner is not None)
        self.demo_button.clicked.connect(self.start_demo)
        self.progress = QProgressBar()
        self.progress.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(title)
        layout.addWidget(lead)
        layout.addWidget(self.form)
        layout.addWidget(self.admin_box)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)

    def save(self) -> None:
        profile = self.form.values()
        problems = validate_profile(profile.normalized())
        self.form.show_problems(problems)
        if problems:
            return
        accounts, service = self._accounts, self._service
        if not accounts.has_admin():
            admin = self.admin
            name, secret, again = admin.name.text(), admin.secret.text(), admin.again.text()
            made = self._ops.write(
                lambda _progress: accounts.create_first_admin(name, secret, again)
            ).failure(lambda failure: self._refused(failure, admin.show_problems))
            if made.run() is None:
                return
            admin.show_problems({})
            self.admin_box.setEnabled(False)  # made: a second press must not make another
        saved = self._ops.write(lambda _progress: service.save_profile(profile)).failure(
            lambda failure: self._refused(failure, self.form.show_problems)
        )
        self.saved = saved.run()
        if self.saved is not None:
            self.accept()

    def _refused(self, failure: Failure, show_problems: Callable[[dict[str, str]], None]) -> None:
        if isinstance(failure.exc, ValidationFailed):
            show_problems(failure.exc.problems)
        else:
            show_message(self, _("Set up your station"), failure.text)

    def start_demo(self) -> None:
        """Fill the demo station off the GUI thread, with progress, then open it."""
        if self._demo is None or self._runner is None:
            return
        for button in (self.save_button, self.demo_button, self.quit_button):
            button.setEnabled(False)
        self.form.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._runner.progress.connect(self._show_progress)
        self._ops.write(self._demo).with_progress(_("Creating a demo station")).success(
            self._demo_done
        ).failure(
            self._demo_failed, unexpected=_("The demo station could not be made.")
        ).run_in_background()

    def _show_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{message}  %p%")

    def _demo_done(self, _summary: object) -> None:
        self._runner_disconnect()
        self.saved = self._service.profile()
        self.accept()

    def _demo_failed(self, failure: Failure) -> None:
        self._runner_disconnect()
        self.progress.hide()
        for button in (self.save_button, self.demo_button, self.quit_button):
            button.setEnabled(True)
        self.form.setEnabled(True)
        show_message(self, _("Demo data"), failure.text)

    def _runner_disconnect(self) -> None:
        if self._runner is not None:
            self._runner.progress.disconnect(self._show_progress)
