"""A day chooser as every page shows one: typed as 2024-05-31 or picked from a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def date_edit(day: dt.date | None = None, *, name: str = "") -> QDateEdit:
    edit = QDateEdit()
    if name:
        edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if day is not None:
        edit.setDate(qdate(day))
    return edit


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_in(edit: QDateEdit) -> dt.date:
    """The day chosen in ``edit``."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())
