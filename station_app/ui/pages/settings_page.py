"""Settings: the station profile, the language, check-in, the occupation categories, and
where the data lives.

Each section follows load() / save(): load() fills the widgets from what is stored, save()
validates and stores, and says what happened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.config.settings import LANGUAGES, REGISTRY
from station_app.domain.station import StationProfile
from station_app.i18n import _
from station_app.services.errors import ServiceError, ValidationFailed
from station_app.services.station import CatalogEntry
from station_app.ui.pages.base import Page
from station_app.ui.widgets.notice import tell
from station_app.ui.widgets.occupation_editor import OccupationEditor
from station_app.ui.widgets.profile_form import ProfileForm

DEDUPE_MIN, DEDUPE_MAX = 1, 240  # a minute to four hours: a lunch break, not a whole shift


def _minutes(value: object) -> int:
    """The stored window, within the spin box's range (the file may be edited by hand)."""
    try:
        minutes = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        minutes = REGISTRY["dedupe_minutes"].default
    return min(max(minutes, DEDUPE_MIN), DEDUPE_MAX)


def _save_row(button: QPushButton, notice: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addWidget(notice, 1)
    return row


class SettingsPage(Page):
    profile_saved = Signal(object)  # StationProfile
    occupations_changed = Signal()  # one was added, hidden or shown again

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(_("Settings"), _("The station's details and how the app works."), parent)
        self._station = station

        self.profile_form = ProfileForm()
        self.save_profile_button = QPushButton(_("Save station details"))
        self.save_profile_button.setObjectName("primary")
        self.profile_notice = QLabel()
        self.profile_notice.setObjectName("notice")
        profile_box = QGroupBox(_("Station details"))
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(self.profile_form)
        profile_layout.addLayout(_save_row(self.save_profile_button, self.profile_notice))

        language_box = self._language_box()
        checkin_box = self._checkin_box()
        reports_box = self._reports_box()
        self.occupations = OccupationEditor()

        data_box = QGroupBox(_("Data"))
        data_layout = QVBoxLayout(data_box)
        self.database_label = QLabel(
            _("Database: {path}").format(path=station.paths.database)
            + "\n"
            + _("Log files: {path}").format(path=station.paths.logs)
        )
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_label.setWordWrap(True)
        data_layout.addWidget(self.database_label)
        self.about_button = QPushButton(_("About 驿站 Station…"))
        self.about_button.clicked.connect(self.show_about)
        data_layout.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignLeft)

        content = QWidget()
        content.setObjectName("settingsContent")  # transparent in the theme, like the page
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (
            profile_box,
            language_box,
            checkin_box,
            reports_box,
            self.occupations,
            data_box,
        ):
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)

        self.save_profile_button.clicked.connect(self.save_profile)
        self.save_language_button.clicked.connect(self.save_language)
        self.save_checkin_button.clicked.connect(self.save_checkin)
        self.report_autosave.toggled.connect(self.save_report_autosave)
        self.occupations.add_button.clicked.connect(self.add_occupation)
        self.occupations.name.returnPressed.connect(self.add_occupation)
        self.occupations.toggle_button.clicked.connect(self.toggle_occupation)
        self.load()

    def _language_box(self) -> QGroupBox:
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, label in LANGUAGES:
            self.language.addItem(_(label), code)
        self.save_language_button = QPushButton(_("Save language"))
        self.language_notice = QLabel()
        self.language_notice.setObjectName("notice")
        self.language_notice.setWordWrap(True)
        # Two short choices: a combo as wide as the page looked like a text field.
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language.setMinimumWidth(240)
        box = QGroupBox(_("Language"))
        row = QHBoxLayout(box)
        row.addWidget(self.language)
        row.addLayout(_save_row(self.save_language_button, self.language_notice), 1)
        return box

    def _checkin_box(self) -> QGroupBox:
        """The dedupe window, as a sentence with the number in it."""
        self.dedupe_minutes = QSpinBox()
        self.dedupe_minutes.setObjectName("dedupeMinutes")
        self.dedupe_minutes.setRange(DEDUPE_MIN, DEDUPE_MAX)
        self.dedupe_minutes.setMinimumWidth(110)
        sentence = _("Same card again within {minutes} minutes is not counted twice")
        before, _sep, after = sentence.partition("{minutes}")
        label = QLabel(before.strip())
        label.setBuddy(self.dedupe_minutes)
        self.dedupe_minutes.setAccessibleName(sentence.replace("{minutes}", "N"))
        self.save_checkin_button = QPushButton(_("Save"))
        self.checkin_notice = QLabel()
        self.checkin_notice.setObjectName("notice")
        self.checkin_notice.setWordWrap(True)
        box = QGroupBox(_("Check-in"))
        row = QHBoxLayout(box)
        row.addWidget(label)
        row.addWidget(self.dedupe_minutes)
        row.addWidget(QLabel(after.strip()))
        row.addSpacing(12)
        row.addLayout(_save_row(self.save_checkin_button, self.checkin_notice), 1)
        return box

    def _reports_box(self) -> QGroupBox:
        """Last week's report saved by itself at start-up (on unless switched off)."""
        autosave = REGISTRY["report_autosave"]  # a literal inside _() would be extracted
        self.report_autosave = QCheckBox(_(autosave.title))
        self.report_autosave.setObjectName("reportAutosave")
        folder = QLabel(_("Reports are saved in {path}").format(path=self._station.paths.reports))
        folder.setObjectName("hint")
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reports_notice = QLabel()
        self.reports_notice.setObjectName("notice")
        box = QGroupBox(_("Reports"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.report_autosave)
        row.addWidget(self.reports_notice, 1)
        layout.addLayout(row)
        layout.addWidget(folder)
        return box

    def show_about(self) -> None:
        from station_app.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self._station.paths.root, self).exec()

    def save_report_autosave(self, on: bool) -> None:
        if self._store("report_autosave", on, self.reports_notice):
            tell(self.reports_notice, _("Saved."))
            return
        self.report_autosave.blockSignals(True)  # not saved: show what is in force
        self.report_autosave.setChecked(not on)
        self.report_autosave.blockSignals(False)

    def load(self) -> None:
        self.profile_form.set_values(self._station.station.profile())
        index = self.language.findData(self._station.settings.language)
        self.language.setCurrentIndex(max(index, 0))
        self.dedupe_minutes.setValue(_minutes(self._station.settings["dedupe_minutes"]))
        self.report_autosave.blockSignals(True)  # loading is not a change to save
        self.report_autosave.setChecked(bool(self._station.settings["report_autosave"]))
        self.report_autosave.blockSignals(False)
        self.occupations.set_entries(self._station.station.all_occupations())
        self.occupations.show_name_problem("")
        self.profile_notice.clear()
        self.language_notice.clear()
        self.checkin_notice.clear()
        self.reports_notice.clear()
        self.occupations.notice.clear()

    def save_profile(self) -> StationProfile | None:
        try:
            saved = self._station.station.save_profile(self.profile_form.values())
        except ValidationFailed as exc:
            self.profile_notice.clear()
            self.profile_form.show_problems(exc.problems)
            return None
        self.profile_form.set_values(saved)
        tell(self.profile_notice, _("Saved."))
        self.profile_saved.emit(saved)
        return saved

    def save_language(self) -> None:
        if self._store("language", self.language.currentData(), self.language_notice):
            tell(self.language_notice, _("The new language applies when you restart the app."))

    def save_checkin(self) -> None:
        if self._store("dedupe_minutes", self.dedupe_minutes.value(), self.checkin_notice):
            tell(self.checkin_notice, _("Saved. It applies from the next scan."))

    def add_occupation(self) -> CatalogEntry | None:
        editor = self.occupations
        try:
            added = self._station.station.add_occupation(editor.name.text())
        except ValidationFailed as exc:
            editor.notice.clear()
            editor.show_name_problem(exc.problems.get("name") or str(exc))
            return None
        editor.name.clear()
        editor.show_name_problem("")
        editor.set_entries(self._station.station.all_occupations(), select=added.code)
        tell(
            editor.notice,
            _("Added {label}. The check-in page has a button for it now.").format(
                label=added.label
            ),
        )
        self.occupations_changed.emit()
        return added

    def toggle_occupation(self) -> None:
        """Hide the selected category, or show it again when it is hidden."""
        editor = self.occupations
        entry = editor.selected()
        if entry is None:
            return
        try:
            self._station.station.set_occupation_active(entry.code, not entry.active)
        except ServiceError as exc:
            tell(editor.notice, str(exc), problem=True)
            return
        editor.set_entries(self._station.station.all_occupations())
        text = (
            _("{label} is shown again on the check-in page.")
            if not entry.active
            else _("{label} is hidden. Past visits and registered workers keep it.")
        )
        tell(editor.notice, text.format(label=entry.label))
        self.occupations_changed.emit()

    def _store(self, key: str, value: object, notice: QLabel) -> bool:
        settings = self._station.settings
        before = dict(settings.values)
        settings[key] = value
        try:
            settings.save()
        except OSError as exc:
            # Not saved, so not in force: a later save of another setting must not write it.
            settings.values = before
            tell(
                notice,
                _("Could not save the settings file: {error}").format(error=exc.strerror or exc),
                problem=True,
            )
            return False
        return True
