"""The recent-visits list: newest first, loaded a page at a time as the list scrolls.

A station can hold a million visits; the model keeps only the pages the attendant has
scrolled through (its row cache) and asks the service for the next page when the view
reaches the end (Qt's canFetchMore / fetchMore). It never counts or loads all rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt

from station_app.domain.clock import to_local
from station_app.domain.enums import VisitSource
from station_app.i18n import _
from station_app.i18n.formatting import date_time, time_of_day
from station_app.services.views import VisitRow
from station_app.ui.models.rows_model import AnyIndex, RowsModel

Fetch = Callable[[int, int], list[VisitRow]]  # (offset, limit) → rows, newest first

PAGE_SIZE = 100  # a screenful or three; the next page comes when the list is scrolled down

TIME, NAME, OCCUPATION, CARD = range(4)


def _headers() -> list[str]:
    return [_("Time"), _("Name"), _("Occupation"), _("Card number")]


def visit_time(moment: dt.datetime, today: dt.date | None = None) -> str:
    """14:05 for today's visits, 2026-11-23 14:05 for older ones (local time)."""
    local = to_local(moment)
    if local.date() == (today or dt.date.today()):
        return time_of_day(local)
    return date_time(local)


class VisitsModel(RowsModel[VisitRow]):
    def __init__(
        self, fetch: Fetch, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(_headers(), parent)
        self._fetch = fetch
        self._page_size = page_size
        self._complete = True  # nothing loaded yet: call refresh()

    def refresh(self) -> None:
        """Start again from the newest visit (after a check-in, an undo, a new day)."""
        self.beginResetModel()
        self._rows = self._fetch(0, self._page_size)
        self._complete = len(self._rows) < self._page_size
        self.endResetModel()

    # -- Qt's model interface -------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if parent.isValid() or self._complete:
            return
        fetched = self._fetch(len(self._rows), self._page_size)
        self._complete = len(fetched) < self._page_size
        # A visit written elsewhere since the last page (the command line, a kiosk) shifts
        # the offsets: skip the rows already shown rather than show them twice.
        known = {row.id for row in self._rows[-self._page_size :]}
        batch = [row for row in fetched if row.id not in known]
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self._row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == TIME:
            return date_time(to_local(row.checked_in_at))
        return None


def _display(row: VisitRow, column: int) -> str:
    if column == TIME:
        return visit_time(row.checked_in_at)
    if column == NAME:
        return row.worker_name or _anonymous_name(row)
    if column == OCCUPATION:
        return row.occupation_label
    return row.card_no if column == CARD else ""


def _anonymous_name(row: VisitRow) -> str:
    if row.source == VisitSource.ANONYMOUS.value or not row.card_no:
        return _("Anonymous")
    return _("Card from another station")
