"""The sign-in screen: the attendant taps their name, types their PIN, and the shift is
theirs. Shown at start and after each hand-over; nothing else of the window is reachable
until someone signs in, so every visit and entry names who made it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.accounts import AttendantView
from station_app.domain.enums import Role
from station_app.i18n import _
from station_app.ui.ops import Failure, Ops
from station_app.ui.widgets.account_form import secret_edit
from station_app.ui.widgets.notice import tell

if TYPE_CHECKING:  # the service brings SQLAlchemy: the page may be on screen before it loads
    from station_app.services.accounts.attendants import AccountService

NAMES_PER_ROW = 4


class SignInPage(QWidget):
    """Signing in changes who is on duty: the window hears it from the change bus.

    At a start the page can be on screen before the accounts service is loaded (``accounts``
    None, the names from ``services/accounts/first_screen.py``): a sign-in asked for then
    waits for ``bind``, which the window calls once the station is open."""

    def __init__(
        self, accounts: AccountService | None, ops: Ops, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInPage")
        self._accounts = accounts
        self._ops = ops
        self._waiting: tuple[int, str] | None = None  # a sign-in asked for before ``bind``
        title = QLabel(_("Sign in to start your shift"))
        title.setObjectName("pageTitle")
        self.station_name = QLabel()
        self.station_name.setObjectName("pageLead")
        lead = QLabel(_("Tap your name, type your PIN and press Enter."))
        lead.setObjectName("pageLead")
        lead.setWordWrap(True)
        self.names = QButtonGroup(self)
        self.names.setExclusive(True)
        self.name_grid = QGridLayout()
        self.name_grid.setSpacing(10)
        self.secret = secret_edit(_("PIN or password"))
        self.secret.setObjectName("signInSecret")
        self.secret.setMinimumWidth(260)
        self.sign_in_button = QPushButton(_("Sign in"))
        self.sign_in_button.setObjectName("primary")
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.hide()

        row = QHBoxLayout()
        row.addWidget(self.secret)
        row.addWidget(self.sign_in_button)
        row.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(title)
        column.addWidget(self.station_name)
        column.addWidget(lead)
        column.addLayout(self.name_grid)
        column.addLayout(row)
        column.addWidget(self.notice)
        column.addWidget(self.hint)
        holder = _holder(column)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        outer.addWidget(holder)  # centred by its maximum width
        outer.addStretch(1)

        self.sign_in_button.clicked.connect(self.sign_in)
        self.secret.returnPressed.connect(self.sign_in)
        self.names.idClicked.connect(lambda _id: self.secret.setFocus())

    def bind(self, accounts: AccountService) -> None:
        """The accounts service, once loaded; a sign-in asked for before is made now."""
        self._accounts = accounts
        if self._waiting is not None:
            chosen, secret = self._waiting
            self._waiting = None
            self._sign_in_as(chosen, secret)

    def reload(
        self,
        station_name: str = "",
        hint: str = "",
        people: list[AttendantView] | None = None,
    ) -> None:
        """The names that may sign in now (an admin may have added or stopped one);
        ``people``: those names when they were read before the service was loaded."""
        self.station_name.setText(station_name)
        self.station_name.setVisible(bool(station_name))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        for button in self.names.buttons():
            self.names.removeButton(button)
            button.deleteLater()
        if people is None:
            people = self._accounts.on_duty() if self._accounts is not None else []
        for index, person in enumerate(people):
            button = QPushButton(_label(person))
            button.setObjectName("occupationButton")  # the check-in page's big buttons
            button.setCheckable(True)
            button.setMinimumWidth(170)
            self.names.addButton(button, person.id)
            self.name_grid.addWidget(button, index // NAMES_PER_ROW, index % NAMES_PER_ROW)
        if len(people) == 1:  # one attendant: nothing to choose
            self.names.buttons()[0].setChecked(True)
        self.secret.clear()
        self.notice.clear()
        self.secret.setFocus()

    def choose(self, attendant_id: int) -> None:
        button = self.names.button(attendant_id)
        if button is not None:
            button.setChecked(True)

    def sign_in(self) -> None:
        chosen = self.names.checkedId()
        if chosen < 0:
            tell(self.notice, _("Tap your name first."), problem=True)
            return
        secret = self.secret.text()
        self.secret.clear()
        self.notice.clear()
        if self._accounts is None:
            self._waiting = (chosen, secret)
            tell(self.notice, _("Opening the station's data…"))
            return
        self._sign_in_as(chosen, secret)

    def _sign_in_as(self, chosen: int, secret: str) -> None:
        self.notice.clear()
        accounts = self._accounts
        assert accounts is not None
        self._ops.write(lambda _progress: accounts.sign_in(chosen, secret)).failure(
            self._refused
        ).run()

    def scan_refused(self) -> None:
        """A card scanned before anyone is on duty: no check-in, and no wrong PIN either."""
        tell(self.notice, _("Sign in first to start your shift"), problem=True)
        self.secret.setFocus()

    def _refused(self, failure: Failure) -> None:
        tell(self.notice, failure.text, problem=True)
        self.secret.setFocus()


def _holder(column: QVBoxLayout) -> QWidget:
    holder = QWidget()
    holder.setMaximumWidth(860)
    # As wide as the window allows (up to 860), centred by that maximum: at its hint's
    # width the wrapped lines would be laid out for one width and drawn at another.
    holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    holder.setLayout(column)
    return holder


def _label(person: AttendantView) -> str:
    if person.role is Role.ADMIN:
        return _("{name} (admin)").format(name=person.name)
    return person.name
