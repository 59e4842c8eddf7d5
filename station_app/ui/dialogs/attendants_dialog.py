"""值班员: the station admin's list of attendants — add one, rename, make admin or not,
stop a name from signing in, set a new PIN when one is forgotten.

Every change is stored at once by the account service (which checks the role again and
keeps at least one active admin), as an op: the change bus tells the window (the sign-in
names, who is on duty); a refusal shows in the dialog and nothing is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.accounts import AttendantView
from station_app.domain.enums import Role
from station_app.domain.errors import ValidationFailed
from station_app.domain.progress import Progress
from station_app.i18n import N_, _
from station_app.services.accounts.attendants import AccountService
from station_app.ui.ops import Failure, Ops
from station_app.ui.widgets.account_form import AccountForm
from station_app.ui.widgets.notice import tell

ROLE_LABELS = {Role.ATTENDANT: N_("Attendant"), Role.ADMIN: N_("Station admin (站长)")}


def _role_label(role: Role) -> str:
    return _(ROLE_LABELS[role])


def _line(person: AttendantView) -> str:
    text = f"{person.name} · {_role_label(person.role)}"
    return text if person.active else _("{text} · stopped").format(text=text)


class AttendantDialog(QDialog):
    """Add an attendant (PIN required) or change one (a PIN only when typed)."""

    def __init__(
        self,
        accounts: AccountService,
        ops: Ops,
        person: AttendantView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._ops = ops
        self._person = person
        self.setWindowTitle(_("Add an attendant") if person is None else _("Change attendant"))
        self.setMinimumWidth(520)
        self.form = AccountForm()
        self.role = QComboBox()
        self.role.setObjectName("attendantRole")
        for role in (Role.ATTENDANT, Role.ADMIN):
            self.role.addItem(_role_label(role), role.value)
        self.active = QCheckBox(_("May sign in"))
        self.active.setChecked(True)
        self.active.setVisible(person is not None)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        if person is not None:
            self.form.name.setText(person.name)
            self.role.setCurrentIndex(self.role.findData(person.role.value))
            self.active.setChecked(person.active)
            self.form.secret.setPlaceholderText(_("Leave empty to keep the PIN"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        role_row = QHBoxLayout()
        role_row.addWidget(QLabel(_("Role")))
        role_row.addWidget(self.role, 1)
        role_row.addWidget(self.active)
        layout.addLayout(role_row)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)

    def save(self) -> None:
        form, accounts, person = self.form, self._accounts, self._person
        role = Role(self.role.currentData())
        name, secret, again = form.name.text(), form.secret.text(), form.again.text()
        active = self.active.isChecked()

        def store(_progress: Progress) -> bool:
            if person is None:
                accounts.add(name, role, secret, again)
                return True
            if secret or again:
                accounts.reset_secret(person.id, secret, again)
            accounts.update(person.id, name=name, role=role, active=active)
            return True

        self._ops.write(store).success(lambda _done: self.accept()).failure(self._refused).run()

    def _refused(self, failure: Failure) -> None:
        if isinstance(failure.exc, ValidationFailed):
            self.form.show_problems(failure.exc.problems)
        else:
            tell(self.notice, failure.text, problem=True)


class AttendantsDialog(QDialog):
    def __init__(self, accounts: AccountService, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._ops = ops
        self.setWindowTitle(_("Attendants"))
        self.setMinimumSize(560, 420)
        lead = QLabel(
            _(
                "Each attendant signs in with their own PIN, so every entry says who made it."
                " Station admins may also change settings, stock counts and personal data."
            )
        )
        lead.setWordWrap(True)
        self.people = QListWidget()
        self.people.setObjectName("attendants")
        self.add_button = QPushButton(_("Add…"))
        self.edit_button = QPushButton(_("Change…"))
        close = QPushButton(_("Close"))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addWidget(self.people, 1)
        layout.addLayout(row)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.people.itemDoubleClicked.connect(lambda _item: self.edit(self.selected()))
        close.clicked.connect(self.accept)
        self.reload()

    def reload(self) -> None:
        self.people.clear()
        for person in self._accounts.attendants():
            item = QListWidgetItem(_line(person))
            item.setData(256, person)  # Qt.UserRole
            self.people.addItem(item)

    def selected(self) -> AttendantView | None:
        item = self.people.currentItem()
        return item.data(256) if item is not None else None

    def edit(self, person: AttendantView | None) -> AttendantDialog:
        dialog = AttendantDialog(self._accounts, self._ops, person, self)
        dialog.accepted.connect(self.reload)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
