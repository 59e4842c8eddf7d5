"""First start: the station introduces itself (code, name, district, address, hours)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from station_app.domain.station import StationProfile
from station_app.i18n import _
from station_app.services.errors import ValidationFailed
from station_app.services.station import StationService
from station_app.ui.widgets.profile_form import ProfileForm


class FirstRunDialog(QDialog):
    def __init__(self, service: StationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
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
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save and start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        quit_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(title)
        layout.addWidget(lead)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.saved = self._service.save_profile(self.form.values())
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            return
        self.accept()
