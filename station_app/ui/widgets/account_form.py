"""Name, PIN and the PIN again, with a message under each field that is wrong: the first
admin at first run, a new attendant, a PIN reset."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from station_app.domain.accounts import NAME_MAX_CHARS, SECRET_MAX_CHARS
from station_app.i18n import _
from station_app.ui.widgets.field_row import add_field_row


def secret_edit(placeholder: str = "") -> QLineEdit:
    """A PIN or password field: dots, not the digits (the screen faces the room)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(SECRET_MAX_CHARS)
    edit.setPlaceholderText(placeholder)
    return edit


class AccountForm(QWidget):
    def __init__(self, *, with_name: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.name.setMaxLength(NAME_MAX_CHARS)
        self.name.setPlaceholderText(_("For example 王芳"))
        self.secret = secret_edit(_("At least 4 digits, or a password of 6 characters"))
        self.secret.setObjectName("accountSecret")
        self.again = secret_edit()
        self.again.setObjectName("accountAgain")
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setVerticalSpacing(6)
        rows = [("secret", _("PIN or password"), self.secret), ("again", _("Again"), self.again)]
        if with_name:
            rows.insert(0, ("name", _("Name"), self.name))
        else:
            self.name.hide()
        for field, text, edit in rows:
            self.errors[field] = add_field_row(layout, text, edit)

    def show_problems(self, problems: dict[str, str]) -> None:
        for field, label in self.errors.items():
            text = problems.get(field, "")
            label.setText(text)
            label.setVisible(bool(text))
        for field in ("name", "secret", "again"):
            if field in problems and field in self.errors:
                {"name": self.name, "secret": self.secret, "again": self.again}[field].setFocus()
                break
