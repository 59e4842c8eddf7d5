"""Settings (station admin only): the station profile, the facilities self-check, the
language, check-in, the occupation categories, the attendants, backups and personal-data
retention, and where the data lives.

Each section follows load() / save(): load() fills the widgets from what is stored, save()
validates and stores, and says what happened. What other screens change (the sync page's
settings, who is on duty is not shown here) is loaded again when the page is next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.app import Station
from station_app.config.settings import (
    BACKUP_FOLDER,
    CLOSED_DAYS,
    DEDUPE_MINUTES,
    EXPIRY_WARNING_DAYS,
    LANGUAGE,
    POSTED_HOURS,
    REPORT_AUTOSAVE,
    RETENTION_YEARS,
    SOUND_ON,
    SOUND_VOLUME,
    TEXT_SIZE,
    IntSetting,
)
from station_app.domain.errors import ValidationFailed
from station_app.domain.progress import Progress
from station_app.domain.self_check import SelfCheck
from station_app.domain.station import StationProfile
from station_app.i18n import N_, _
from station_app.services.changes import Subject
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.station.backups import BackupResult
from station_app.services.station.profile import CatalogEntry
from station_app.ui.dialogs.confirm import ask_to_confirm
from station_app.ui.ops import Failure, Ops, WriteOp
from station_app.ui.pages.base import Page
from station_app.ui.pages.follower import Follower
from station_app.ui.widgets.chime import Chime
from station_app.ui.widgets.notice import tell
from station_app.ui.widgets.occupation_editor import OccupationEditor
from station_app.ui.widgets.profile_form import ProfileForm
from station_app.ui.widgets.self_check_form import SelfCheckForm


def _save_row(button: QPushButton, notice: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addWidget(notice, 1)
    return row


class _NumberSentence:
    """A box setting one number, said as a sentence with the number in it ("Flag batches
    that expire within [30] days"), with its Save button and the notice beside it."""

    def __init__(
        self, title: str, sentence: str, field: str, setting: IntSetting, name: str
    ) -> None:
        self.spin = QSpinBox()
        self.spin.setObjectName(name)
        self.spin.setRange(setting.minimum, setting.maximum)
        self.spin.setMinimumWidth(110)
        before, _sep, after = sentence.partition(field)
        label = QLabel(before.strip())
        label.setBuddy(self.spin)
        self.spin.setAccessibleName(sentence.replace(field, "N"))
        self.save_button = QPushButton(_("Save"))
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.box = QGroupBox(title)
        row = QHBoxLayout(self.box)
        row.addWidget(label)
        row.addWidget(self.spin)
        row.addWidget(QLabel(after.strip()))
        row.addSpacing(12)
        row.addLayout(_save_row(self.save_button, self.notice), 1)


T = TypeVar("T")

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def closed_days_text(days: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{day} {note}".strip() for day, note in days)


def closed_days_entries(text: str) -> list[list[str]]:
    """One declared closed day a line, "2026-10-01 国庆节"; blank lines left out (the
    setting checks the dates and says which one is wrong)."""
    entries = []
    for line in text.splitlines():
        day, _sep, note = line.strip().partition(" ")
        if day:
            entries.append([day, note.strip()])
    return entries


class SettingsPage(Page):
    restore_requested = Signal()  # the admin confirmed: close, restore a backup, reopen

    def __init__(self, station: Station, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(_("Settings"), _("The station's details and how the app works."), parent)
        self._station = station
        self._ops = ops

        self.profile_form = ProfileForm()
        self.save_profile_button = QPushButton(_("Save station details"))
        self.save_profile_button.setObjectName("primary")
        self.profile_notice = QLabel()
        self.profile_notice.setObjectName("notice")
        profile_box = QGroupBox(_("Station details"))
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(self.profile_form)
        profile_layout.addLayout(_save_row(self.save_profile_button, self.profile_notice))

        hours_box = self._hours_box()
        self.self_check = SelfCheckForm()
        language_box = self._language_box()
        checkin_box = self._checkin_box()
        stock_box = self._stock_box()
        sound_box = self._sound_box()
        reports_box = self._reports_box()
        self.occupations = OccupationEditor()
        people_box = self._people_box()
        safety_box = self._safety_box()

        data_box = self._data_box()

        content = QWidget()
        content.setObjectName("settingsContent")  # transparent in the theme, like the page
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (
            profile_box,
            hours_box,
            self.self_check,
            language_box,
            checkin_box,
            stock_box,
            sound_box,
            reports_box,
            self.occupations,
            people_box,
            safety_box,
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
        self.save_stock_button.clicked.connect(self.save_stock)
        self.report_autosave.toggled.connect(self.save_report_autosave)
        self.occupations.add_button.clicked.connect(self.add_occupation)
        self.occupations.name.returnPressed.connect(self.add_occupation)
        self.occupations.toggle_button.clicked.connect(self.toggle_occupation)
        self.self_check.save_button.clicked.connect(self.save_self_check)
        self.load()
        # This page's own saves keep their notices (owner); others' are loaded when shown.
        self.follower = Follower(
            ops.bus,
            self,
            (Subject.PROFILE, Subject.SETTINGS, Subject.OCCUPATIONS, Subject.SELF_CHECK),
            lambda _changes: self.load(),
            owner=self,
        )

    def _hours_box(self) -> QGroupBox:
        """The hours posted at the door, per weekday, and the declared closed days: what
        the weekly report measures the time an attendant was signed in against."""
        # The profile's free-text hours are what the station card says; these are measured.
        box = QGroupBox(_(POSTED_HOURS.title))
        layout = QVBoxLayout(box)
        grid = QGridLayout()
        self.posted_hours: list[QLineEdit] = []
        grid.setColumnStretch(8, 1)
        for column, name in enumerate(WEEKDAYS):
            field = QLineEdit()
            field.setObjectName(f"postedHours{column}")
            field.setPlaceholderText(_("closed"))
            field.setMinimumWidth(120)
            label = QLabel(_(name))
            label.setBuddy(field)
            # Four weekdays a row: seven boxes in one row would not fit 1024 pixels.
            row, place = divmod(column, 4)
            grid.addWidget(label, row, place * 2)
            grid.addWidget(field, row, place * 2 + 1)
            self.posted_hours.append(field)
        hint = QLabel(
            _(
                "Write the hours posted at the door like 07:00-19:00; leave a day empty when"
                " the station is closed that day."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.closed_days = QPlainTextEdit()
        self.closed_days.setObjectName("closedDays")
        self.closed_days.setPlaceholderText(_("2026-10-01 National Day"))
        self.closed_days.setFixedHeight(72)
        # A tab in a date list means nothing: Tab moves on, so the keyboard is never caught here.
        self.closed_days.setTabChangesFocus(True)
        closed_label = QLabel(_("Declared closed days (one a line: date, then a note)"))
        closed_label.setBuddy(self.closed_days)
        self.save_hours_button = QPushButton(_("Save opening hours"))
        self.save_hours_button.setObjectName("saveHours")
        self.hours_notice = QLabel()
        self.hours_notice.setObjectName("notice")
        self.hours_notice.setWordWrap(True)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(closed_label)
        layout.addWidget(self.closed_days)
        layout.addLayout(_save_row(self.save_hours_button, self.hours_notice))
        self.save_hours_button.clicked.connect(self.save_hours)
        return box

    def save_hours(self) -> None:
        """Both or neither: a wrong closed day keeps the new weekday hours unsaved too."""
        values: dict[str, object] = {
            POSTED_HOURS.key: [field.text() for field in self.posted_hours],
            CLOSED_DAYS.key: closed_days_entries(self.closed_days.toPlainText()),
        }
        if self._change(values, self.hours_notice):
            self._load_hours()
            tell(self.hours_notice, _("Saved. The weekly report measures the hours kept by them."))

    def _load_hours(self) -> None:
        settings = self._station.settings
        week = settings.get(POSTED_HOURS)
        for field, hours in zip(self.posted_hours, week, strict=True):
            field.setText(hours)
        self.closed_days.setPlainText(closed_days_text(settings.get(CLOSED_DAYS)))

    def _people_box(self) -> QGroupBox:
        self.attendants_button = QPushButton(_("Attendants…"))
        self.attendants_button.setObjectName("attendantsButton")
        hint = QLabel(_("Add attendants, make one an admin, stop a name, set a forgotten PIN."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        box = QGroupBox(_("Attendants"))
        row = QHBoxLayout(box)
        row.addWidget(self.attendants_button)
        row.addWidget(hint, 1)
        return box

    def _safety_box(self) -> QGroupBox:
        """Where the daily backups go (a USB stick), backing up or restoring now, and how
        long the personal data of workers who stopped coming is kept."""
        self.backup_folder = QLineEdit()
        self.backup_folder.setObjectName("backupFolder")
        self.backup_folder.setPlaceholderText(
            _("Empty: the backups folder beside the database ({path})").format(
                path=self._station.paths.backups
            )
        )
        self.choose_backup_button = QPushButton(_("Choose…"))
        self.retention_years = QSpinBox()
        self.retention_years.setObjectName("retentionYears")
        self.retention_years.setRange(RETENTION_YEARS.minimum, RETENTION_YEARS.maximum)
        self.retention_years.setSpecialValueText(_("never"))
        self.retention_years.setMinimumWidth(110)
        self.save_safety_button = QPushButton(_("Save"))
        self.back_up_button = QPushButton(_("Back up now"))
        self.restore_button = QPushButton(_("Restore a backup…"))
        self.restore_button.setObjectName("danger")
        self.safety_notice = QLabel()
        self.safety_notice.setObjectName("notice")
        self.safety_notice.setWordWrap(True)
        box = QGroupBox(_("Backups and personal data"))
        layout = QVBoxLayout(box)
        folder_row = QHBoxLayout()
        folder_label = QLabel(_("Backup folder"))
        folder_label.setBuddy(self.backup_folder)
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.choose_backup_button)
        years_row = QHBoxLayout()
        years = QLabel(_("Erase the personal data of workers not seen for (years)"))
        years.setBuddy(self.retention_years)
        years_row.addWidget(years)
        years_row.addWidget(self.retention_years)
        years_row.addStretch(1)
        years_row.addWidget(self.save_safety_button)
        actions = QHBoxLayout()
        actions.addWidget(self.back_up_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        layout.addLayout(folder_row)
        layout.addLayout(years_row)
        layout.addLayout(actions)
        layout.addWidget(self.safety_notice)
        self.save_safety_button.clicked.connect(self.save_safety)
        self.choose_backup_button.clicked.connect(self.choose_backup_folder)
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)
        return box

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for the daily backups"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def save_safety(self) -> None:
        folder = self.backup_folder.text().strip()
        values = {BACKUP_FOLDER.key: folder, RETENTION_YEARS.key: self.retention_years.value()}
        if self._change(values, self.safety_notice):
            text = _("Saved.")
            if folder and not Path(folder).is_dir():
                text = _(
                    "Saved. The folder {folder} is not there right now: until it is, backups"
                    " go to the backups folder beside the database."
                ).format(folder=folder)
            tell(self.safety_notice, text)

    def back_up_now(self) -> None:
        self.back_up_button.setEnabled(False)
        tell(self.safety_notice, _("Backing up the database…"))

        def done(result: BackupResult) -> None:
            self.back_up_button.setEnabled(True)
            text = (
                _("The backup folder is missing (USB stick?); the backup went to {path}")
                if result.fallback
                else _("Backup saved: {path}")
            )
            tell(self.safety_notice, text.format(path=result.path))

        def failed(failure: Failure) -> None:
            self.back_up_button.setEnabled(True)
            tell(self.safety_notice, failure.text, problem=True)

        backups = self._station.backups
        self._write(lambda _progress: backups.back_up()).with_progress(
            _("Backing up the database")
        ).success(done).failure(failed, unexpected=_("The backup failed.")).run_in_background()

    def ask_restore(self) -> QMessageBox | None:
        if not self._station.accounts.may_administer():
            return None
        return ask_to_confirm(
            self,
            _("Restore a backup"),
            _(
                "The app closes the station's data, lets you choose a backup, checks it and"
                " puts it in place of today's data (which is kept as a copy first). Then it"
                " opens again and the attendant signs in again."
            ),
            _("Close and choose a backup"),
            self.restore_requested.emit,
            destructive=True,
        )

    def _language_box(self) -> QGroupBox:
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, label in LANGUAGE.choices:
            self.language.addItem(_(label), code)
        self.save_language_button = QPushButton(_("Save language"))
        self.language_notice = QLabel()
        self.language_notice.setObjectName("notice")
        self.language_notice.setWordWrap(True)
        # Two short choices: a combo as wide as the page looked like a text field.
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language.setMinimumWidth(240)
        box = QGroupBox(_("Language and text size"))
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addLayout(_save_row(self.save_language_button, self.language_notice), 1)
        # The text size applies as soon as it is chosen, on every page: whoever tries a
        # size sees it at once and can go back.
        self.text_size = QComboBox()
        self.text_size.setObjectName("textSize")
        for code, label in TEXT_SIZE.choices:
            self.text_size.addItem(_(label), code)
        self.text_size.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text_size.setMinimumWidth(240)
        self.text_size_notice = QLabel()
        self.text_size_notice.setObjectName("notice")
        self.text_size_notice.setWordWrap(True)
        size_label = QLabel(_("&Text size"))
        size_label.setBuddy(self.text_size)
        size_row = QHBoxLayout()
        size_row.addWidget(size_label)
        size_row.addWidget(self.text_size)
        size_row.addWidget(self.text_size_notice, 1)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addLayout(size_row)
        self.text_size.activated.connect(lambda _index: self.save_text_size())
        return box

    def save_text_size(self) -> None:
        if self._store(TEXT_SIZE.key, self.text_size.currentData(), self.text_size_notice):
            tell(self.text_size_notice, _("Saved."))

    def _checkin_box(self) -> QGroupBox:
        """The dedupe window, as a sentence with the number in it."""
        number = _NumberSentence(
            _("Check-in"),
            _("Same card again within {minutes} minutes is not counted twice"),
            "{minutes}",
            DEDUPE_MINUTES,
            "dedupeMinutes",
        )
        self.dedupe_minutes = number.spin
        self.save_checkin_button = number.save_button
        self.checkin_notice = number.notice
        return number.box

    def _stock_box(self) -> QGroupBox:
        """How many days before its expiry date a batch is flagged (临期)."""
        number = _NumberSentence(
            _("Stock"),
            _("Flag batches that expire within {days} days"),
            "{days}",
            EXPIRY_WARNING_DAYS,
            "expiryDays",
        )
        self.expiry_days = number.spin
        self.save_stock_button = number.save_button
        self.stock_notice = number.notice
        return number.box

    def _data_box(self) -> QGroupBox:
        """Where the data lives, and the About dialog."""
        paths = self._station.paths
        data_box = QGroupBox(_("Data"))
        data_layout = QVBoxLayout(data_box)
        self.database_label = QLabel(
            _("Database: {path}").format(path=paths.database)
            + "\n"
            + _("Log files: {path}").format(path=paths.logs)
        )
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_label.setWordWrap(True)
        data_layout.addWidget(self.database_label)
        self.about_button = QPushButton(_("About 驿站 Station…"))
        self.about_button.clicked.connect(self.show_about)
        data_layout.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignLeft)
        return data_box

    def _sound_box(self) -> QGroupBox:
        """Sounds after each check-in: on or off, how loud, and a way to hear it first."""
        self.sound_on = QCheckBox(_(SOUND_ON.title))
        self.sound_on.setObjectName("soundOn")
        self.sound_volume = QSlider(Qt.Orientation.Horizontal)
        self.sound_volume.setObjectName("soundVolume")
        self.sound_volume.setRange(SOUND_VOLUME.minimum, SOUND_VOLUME.maximum)
        self.sound_volume.setSingleStep(5)
        self.sound_volume.setPageStep(10)
        self.sound_volume.setMinimumWidth(160)
        self.sound_volume.setAccessibleName(_(SOUND_VOLUME.title))
        self.volume_text = QLabel()
        self.volume_text.setMinimumWidth(48)
        volume_label = QLabel(_("Volume"))
        volume_label.setBuddy(self.sound_volume)
        self.try_sound_button = QPushButton(_("Try the sound"))
        self.save_sound_button = QPushButton(_("Save"))
        self.sound_notice = QLabel()
        self.sound_notice.setObjectName("notice")
        self.sound_notice.setWordWrap(True)
        # Heard at the volume on the slider, before saving it.
        self.chime = Chime(self, self._station.settings)
        box = QGroupBox(_("Sounds"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.sound_on)
        row = QHBoxLayout()
        row.addWidget(volume_label)
        row.addWidget(self.sound_volume, 1)
        row.addWidget(self.volume_text)
        row.addWidget(self.try_sound_button)
        row.addSpacing(12)
        row.addLayout(_save_row(self.save_sound_button, self.sound_notice), 1)
        layout.addLayout(row)
        self.sound_volume.valueChanged.connect(self._show_volume)
        self.sound_on.toggled.connect(self.sound_volume.setEnabled)
        self.try_sound_button.clicked.connect(self.try_sound)
        self.save_sound_button.clicked.connect(self.save_sound)
        return box

    def _show_volume(self, value: int) -> None:
        self.volume_text.setText(f"{value} %")

    def try_sound(self) -> None:
        """The "counted" sound at the slider's volume (whatever is saved)."""
        self.chime.play(CheckinStatus.ACCEPTED, volume=self.sound_volume.value() / 100)

    def save_sound(self) -> None:
        values: dict[str, object] = {
            SOUND_ON.key: self.sound_on.isChecked(),
            SOUND_VOLUME.key: self.sound_volume.value(),
        }
        if self._change(values, self.sound_notice):
            tell(self.sound_notice, _("Saved. It applies from the next scan."))

    def _reports_box(self) -> QGroupBox:
        """Last week's report saved by itself at start-up (on unless switched off)."""
        # The setting's title, declared with N_() (a literal inside _() would be extracted).
        self.report_autosave = QCheckBox(_(REPORT_AUTOSAVE.title))
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
        if self._store(REPORT_AUTOSAVE.key, on, self.reports_notice):
            tell(self.reports_notice, _("Saved."))
            return
        self.report_autosave.blockSignals(True)  # not saved: show what is in force
        self.report_autosave.setChecked(not on)
        self.report_autosave.blockSignals(False)

    def load(self) -> None:
        self.profile_form.set_values(self._station.station.profile())
        settings = self._station.settings
        self.language.setCurrentIndex(self.language.findData(settings.get(LANGUAGE)))
        self.text_size.setCurrentIndex(self.text_size.findData(settings.get(TEXT_SIZE)))
        self.dedupe_minutes.setValue(settings.get(DEDUPE_MINUTES))
        self.expiry_days.setValue(settings.get(EXPIRY_WARNING_DAYS))
        self.sound_on.setChecked(settings.get(SOUND_ON))
        self.sound_volume.setValue(settings.get(SOUND_VOLUME))
        self._show_volume(self.sound_volume.value())
        self.sound_volume.setEnabled(self.sound_on.isChecked())
        self.sound_notice.clear()
        self.report_autosave.blockSignals(True)  # loading is not a change to save
        self.report_autosave.setChecked(settings.get(REPORT_AUTOSAVE))
        self.report_autosave.blockSignals(False)
        self.backup_folder.setText(settings.get(BACKUP_FOLDER))
        self.retention_years.setValue(settings.get(RETENTION_YEARS))
        self.safety_notice.clear()
        self._load_hours()
        self.hours_notice.clear()
        self.occupations.set_entries(self._station.station.all_occupations())
        self.occupations.show_name_problem("")
        self.profile_notice.clear()
        self.language_notice.clear()
        self.text_size_notice.clear()
        self.checkin_notice.clear()
        self.stock_notice.clear()
        self.reports_notice.clear()
        self.occupations.notice.clear()
        self._load_self_check()
        self.self_check.notice.clear()

    def _load_self_check(self) -> None:
        service = self._station.self_check
        self.self_check.set_answers(service.status(), service.owed(), service.blank())

    def save_self_check(self) -> SelfCheck | None:
        service, answers = self._station.self_check, self.self_check.answers()
        saved = self._write(lambda _progress: service.save(answers))

        def done(_saved: SelfCheck) -> None:
            self._load_self_check()
            tell(self.self_check.notice, _("Self-check saved."))

        refused = saved.success(done).failure(
            lambda failure: tell(self.self_check.notice, failure.text, problem=True)
        )
        return refused.run()

    def _write(self, work: Callable[[Progress], T]) -> WriteOp[T]:
        """A change made here: the page shows it itself (the bus tells the others)."""
        return self._ops.write(work, initiator=self)

    def save_profile(self) -> StationProfile | None:
        station, values = self._station.station, self.profile_form.values()
        saved = self._write(lambda _progress: station.save_profile(values))
        return saved.success(self._profile_saved).failure(self._profile_refused).run()

    def _profile_saved(self, saved: StationProfile) -> None:
        self.profile_form.set_values(saved)
        tell(self.profile_notice, _("Saved."))

    def _profile_refused(self, failure: Failure) -> None:
        if isinstance(failure.exc, ValidationFailed):
            self.profile_notice.clear()
            self.profile_form.show_problems(failure.exc.problems)
        else:
            tell(self.profile_notice, failure.text, problem=True)

    def save_language(self) -> None:
        if self._store(LANGUAGE.key, self.language.currentData(), self.language_notice):
            tell(self.language_notice, _("The new language applies when you restart the app."))

    def save_checkin(self) -> None:
        value = self.dedupe_minutes.value()
        if self._store(DEDUPE_MINUTES.key, value, self.checkin_notice):
            tell(self.checkin_notice, _("Saved. It applies from the next scan."))

    def save_stock(self) -> None:
        if self._store(EXPIRY_WARNING_DAYS.key, self.expiry_days.value(), self.stock_notice):
            tell(self.stock_notice, _("Saved."))

    def add_occupation(self) -> CatalogEntry | None:
        editor = self.occupations
        station, name = self._station.station, editor.name.text()
        added = (
            self._write(lambda _progress: station.add_occupation(name))
            .failure(self._occupation_refused)
            .run()
        )
        if added is None:
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
        return added

    def _occupation_refused(self, failure: Failure) -> None:
        editor = self.occupations
        if isinstance(failure.exc, ValidationFailed):
            editor.notice.clear()
            editor.show_name_problem(failure.exc.problems.get("name") or failure.text)
        else:
            tell(editor.notice, failure.text, problem=True)

    def toggle_occupation(self) -> None:
        """Hide the selected category, or show it again when it is hidden."""
        editor = self.occupations
        entry = editor.selected()
        if entry is None:
            return
        station = self._station.station

        def toggle(_progress: Progress) -> bool:
            station.set_occupation_active(entry.code, not entry.active)
            return True

        toggled = self._write(toggle).failure(
            lambda failure: tell(editor.notice, failure.text, problem=True)
        )
        if not toggled.run():
            return
        editor.set_entries(self._station.station.all_occupations())
        text = (
            _("{label} is shown again on the check-in page.")
            if not entry.active
            else _("{label} is hidden. Past visits and registered workers keep it.")
        )
        tell(editor.notice, text.format(label=entry.label))

    def _store(self, key: str, value: object, notice: QLabel) -> bool:
        return self._change({key: value}, notice)

    def _change(self, values: dict[str, object], notice: QLabel) -> bool:
        """Through the settings service: admin only, audited, all or nothing on disk."""
        config = self._station.config
        changed = self._write(lambda _progress: config.change(values))
        return (
            changed.failure(lambda failure: tell(notice, failure.text, problem=True)).run()
            is not None
        )
