"""A day chooser as every page shows one: typed as 2026-12-20 or picked from a calendar.

The day is a line of text taken exactly as typed (2026-12-20, 2026/12/20, 2026.12.20,
20261220 or 2026年12月20日): a spin box's sections would put a typed year into whichever
section the cursor is in, or quietly turn 30 February into 3 February. A day that does not
exist is refused with a message under the field, and the last good day stays the field's
day until the text is put right. The calendar beside it speaks the UI language.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QLocale, QSize, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from station_app.i18n import _, current_language

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_RUN_TOGETHER = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WIDE = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def parse_day(text: str) -> dt.date | str:
    """The day ``text`` names, or why it names none (a sentence to show)."""
    typed = text.strip().translate(_WIDE)
    if not typed:
        return _("Enter a date, for example 2026-12-20.")
    found = _SEPARATED.match(typed) or _RUN_TOGETHER.match(typed)
    if found is None:
        return _("Enter the date as year-month-day, for example 2026-12-20.")
    year, month, day = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return _("There is no such date as {text}. Check the month and the day.").format(
            text=text.strip()
        )


def ui_locale() -> QLocale:
    """Qt's locale for the UI language (the calendar's month and day names)."""
    return QLocale(current_language())


class _WordButton(QToolButton):
    """A tool button never narrower than its word at the font in force (the style sheet's
    text size changes the font after the button has measured itself)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        needed = self.fontMetrics().horizontalAdvance(self.text()) + 24
        return QSize(max(hint.width(), needed), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()


class DateEdit(QWidget):
    """A typed day with a calendar button; ``date()``, ``setDate()`` and ``dateChanged``
    as a QDateEdit has them."""

    dateChanged = Signal(QDate)  # noqa: N815 - Qt's spelling, as QDateEdit has it

    def __init__(self, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day = day
        self.line = QLineEdit(day.isoformat())
        self.line.setPlaceholderText(_("e.g. 2026-12-20"))
        self.line.setMaxLength(16)
        self.line.setAccessibleName(_("Date (year-month-day)"))
        self.calendar_button = _WordButton()
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.setText(_("Calendar"))
        self.calendar_button.setToolTip(_("Pick the date on a calendar"))
        # As tall as the text field beside it (an easy target), never narrower than its word.
        self.calendar_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The word says what it opens; the menu arrow would only overlap it.
        self.calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.calendar_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._open_calendar)
        self.calendar_button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("fieldError")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problem_label)
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self.take_text)
        self.line.textEdited.connect(lambda _text: self._clear_problem())

    # -- as a QDateEdit ----------------------------------------------------------------------

    def date(self) -> QDate:
        return qdate(self._day)

    def setDate(self, value: QDate | dt.date) -> None:  # noqa: N802 - Qt's spelling
        self.set_day(value if isinstance(value, dt.date) else python_day(value))

    # -- ours ------------------------------------------------------------------------------

    def day(self) -> dt.date:
        return self._day

    def set_day(self, day: dt.date) -> None:
        self.line.setText(day.isoformat())
        self._clear_problem()
        if day != self._day:
            self._day = day
            if not self.signalsBlocked():
                self.dateChanged.emit(qdate(day))

    def problem(self) -> str:
        """Why the text typed is not a date ("" when it is one): shown under the field."""
        found = parse_day(self.line.text())
        return found if isinstance(found, str) else ""

    def take_text(self) -> bool:
        """Take the typed text as the day; False (and the reason shown) when it is none."""
        found = parse_day(self.line.text())
        if isinstance(found, str):
            self.problem_label.setText(found)
            self.problem_label.show()
            return False
        self.set_day(found)
        return True

    def _clear_problem(self) -> None:
        if not self.problem_label.isHidden():
            self.problem_label.hide()
            self.problem_label.clear()

    def _open_calendar(self) -> None:
        self.calendar.setLocale(ui_locale())
        found = parse_day(self.line.text())
        self.calendar.setSelectedDate(qdate(found if isinstance(found, dt.date) else self._day))

    def _picked(self, value: QDate) -> None:
        self.set_day(python_day(value))
        menu = self.calendar_button.menu()
        if menu is not None:
            menu.close()


def date_edit(day: dt.date | None = None, *, name: str = "") -> DateEdit:
    """A date field showing ``day`` (the first of January 2000 until a page sets one)."""
    edit = DateEdit(day or dt.date(2000, 1, 1))
    if name:
        edit.setObjectName(name)
        edit.line.setObjectName(f"{name}Text")
    return edit


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def python_day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def day_in(edit: DateEdit) -> dt.date:
    """The day chosen in ``edit``: the text as typed when it is a date, else the last good
    day (its problem is shown under the field)."""
    found = parse_day(edit.line.text())
    return found if isinstance(found, dt.date) else edit.day()
