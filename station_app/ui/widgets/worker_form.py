"""A worker's details, with a message under each field that is wrong (like ProfileForm)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.people import EMPLOYER_MAX, NAME_MAX
from station_app.i18n import _
from station_app.i18n.formatting import long_date
from station_app.services.people.worker_data import WorkerInput, WorkerView
from station_app.services.station.profile import CatalogEntry
from station_app.ui.widgets.wrapping_button import WrappedLabel, WrappingCheckBox

# The fields ValidationFailed may name, in the order the form shows them.
FIELDS = ("display_name", "phone", "occupation_code", "employer", "membership", "consent")


def _error_label() -> QLabel:
    error = QLabel()
    error.setObjectName("fieldError")
    error.setWordWrap(True)
    error.hide()
    return error


def _edit(field: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(f"worker_{field}")
    edit.setPlaceholderText(placeholder)
    return edit


def _hint() -> QLabel:
    hint = WrappedLabel()
    hint.setObjectName("hint")
    return hint


class WorkerForm(QWidget):
    def __init__(
        self, occupations: list[CatalogEntry], parent: QWidget | None = None, *, today: dt.date
    ) -> None:
        super().__init__(parent)
        self._today = today  # the day a consent given now is dated
        # A little longer than allowed, so a name that is too long gets explained, not cut.
        self.name = _edit("display_name", _("A name or a nickname the worker is happy with"))
        self.name.setMaxLength(NAME_MAX + 10)
        self.phone = _edit("phone", _("Optional, e.g. 138 0000 1234"))
        self.phone.setMaxLength(20)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.phone_note = _hint()
        self.phone_note.hide()
        self.occupation = QComboBox()
        self.occupation.setObjectName("worker_occupation_code")
        self.occupation.addItem(_("Choose…"), "")
        for entry in occupations:
            self.occupation.addItem(entry.label, entry.code)
        self.employer = _edit("employer", _("Optional, e.g. 顺丰速运, 美团, 区环卫所"))
        self.employer.setMaxLength(EMPLOYER_MAX + 10)
        self.union_member = QCheckBox(_("Union member"))
        self.wants_to_join = QCheckBox(_("Wants to join the union"))
        self.consent = WrappingCheckBox(
            _("The worker agrees that the station keeps these details for check-in and counting")
        )
        self.consent.setObjectName("worker_consent")
        self.consent_date = _hint()
        self.edits: dict[str, QWidget] = {
            "display_name": self.name,
            "phone": self.phone,
            "occupation_code": self.occupation,
            "employer": self.employer,
            "membership": self.union_member,
            "consent": self.consent,
        }
        self.errors: dict[str, QLabel] = {field: _error_label() for field in FIELDS}
        self._lay_out()
        self.union_member.toggled.connect(self._membership_changed)
        self.consent.toggled.connect(lambda _on: self._show_consent_date())
        self._consent_on: dt.date | None = None
        self._show_consent_date()

    def _lay_out(self) -> None:
        membership_box = QWidget()
        membership = QHBoxLayout(membership_box)
        membership.setContentsMargins(0, 0, 0, 0)
        membership.addWidget(self.union_member)
        membership.addWidget(self.wants_to_join)
        membership.addStretch(1)
        layout = QFormLayout(self)
        layout.setVerticalSpacing(8)
        rows: list[tuple[str, str, list[QWidget]]] = [
            ("display_name", _("Name") + "*", [self.name]),
            ("phone", _("Mobile phone"), [self.phone, self.phone_note]),
            ("occupation_code", _("Occupation") + "*", [self.occupation]),
            ("employer", _("Employer or platform"), [self.employer]),
            ("membership", _("Trade union"), [membership_box]),
            ("consent", _("Consent") + "*", [self.consent, self.consent_date]),
        ]
        for field, text, widgets in rows:
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            for widget in widgets:
                column.addWidget(widget)
            column.addWidget(self.errors[field])
            label = QLabel(text)
            label.setBuddy(widgets[0])
            # As tall as the first widget and centred on it, so the label lines up with it,
            # also when a note or an error shows below.
            widgets[0].ensurePolished()
            label.setFixedHeight(max(widgets[0].sizeHint().height(), label.sizeHint().height()))
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            layout.addRow(label, cell)

    def _membership_changed(self, member: bool) -> None:
        # A member cannot also "want to join"; the service stores it that way too.
        if member:
            self.wants_to_join.setChecked(False)
        self.wants_to_join.setEnabled(not member)

    def _show_consent_date(self) -> None:
        if self._consent_on is not None:
            text = _("Agreed on {date}").format(date=long_date(self._consent_on))
        elif self.consent.isChecked():
            text = _("Agreed today, {date}").format(date=long_date(self._today))
        else:
            text = _("Read this to the worker. Without it, count their visits as anonymous.")
        self.consent_date.setText(text)

    def values(self) -> WorkerInput:
        return WorkerInput(
            display_name=self.name.text(),
            occupation_code=str(self.occupation.currentData() or ""),
            phone=self.phone.text(),
            employer=self.employer.text(),
            union_member=self.union_member.isChecked(),
            wants_to_join=self.wants_to_join.isChecked(),
            consent=self.consent.isChecked(),
        )

    def set_worker(self, worker: WorkerView) -> None:
        """Fill the form to edit ``worker`` (the phone is never shown whole: see the note)."""
        self.name.setText(worker.display_name)
        # The masked number goes into the field: left as it is, the service keeps the stored
        # number; typed over, it is replaced; cleared, it is removed.
        self.phone.setText(worker.phone_masked)
        if worker.phone_masked:
            self.phone_note.setText(
                _(
                    "For privacy only part of the number is shown. Leave it as it is to keep "
                    "the number, type a new one to change it, or clear it to remove it."
                )
            )
            self.phone_note.show()
        index = self.occupation.findData(worker.occupation_code)
        if index < 0:  # an occupation the station has since switched off
            self.occupation.addItem(worker.occupation_label, worker.occupation_code)
            index = self.occupation.count() - 1
        self.occupation.setCurrentIndex(index)
        self.employer.setText(worker.employer)
        self.union_member.setChecked(worker.union_member)
        self.wants_to_join.setChecked(worker.wants_to_join)
        self._consent_on = worker.consent_on
        self.consent.setChecked(True)
        self._show_consent_date()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each field's problem under it; the cursor goes to the first wrong field."""
        first: QWidget | None = None
        shown = set()
        for field in FIELDS:
            message = problems.get(field, "")
            self.errors[field].setText(message)
            self.errors[field].setVisible(bool(message))
            if message:
                shown.add(field)
                first = first or self.edits[field]
        # A problem with a field this form does not know still reaches the attendant.
        others = [text for field, text in problems.items() if field not in shown]
        if others:
            lines = [problems.get("display_name", ""), *others]
            self.errors["display_name"].setText("\n".join(line for line in lines if line))
            self.errors["display_name"].show()
            first = first or self.name
        # The reminder under the consent box says the same as its error: one of them is enough.
        self.consent_date.setVisible("consent" not in problems)
        if first is not None:
            first.setFocus()
