"""The recent-visits list: newest first, loaded a page at a time as the list scrolls
(``PagedRowsModel``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt

from station_app.domain.enums import VisitSource
from station_app.i18n import _
from station_app.i18n.formatting import date_time, time_of_day
from station_app.services.checkin.outcomes import VisitRow
from station_app.ui.local_time import local
from station_app.ui.models.paged_model import PAGE_SIZE, PagedRowsModel
from station_app.ui.models.rows_model import AnyIndex

Fetch = Callable[[int, int], list[VisitRow]]  # (offset, limit) → rows, newest first

TIME, NAME, OCCUPATION, CARD = range(4)


def _headers() -> list[str]:
    return [_("Time"), _("Name"), _("Occupation"), _("Card number")]


def visit_time(moment: dt.datetime, today: dt.date) -> str:
    """14:05 for today's visits, 2026-11-23 14:05 for older ones (local time)."""
    wall = local(moment)
    if wall.date() == today:
        return time_of_day(wall)
    return date_time(wall)


class VisitsModel(PagedRowsModel[VisitRow]):
    """``today``: the local day (the station's clock), whose visits show their time alone."""

    def __init__(
        self,
        fetch: Fetch,
        parent: QObject | None = None,
        *,
        today: Callable[[], dt.date],
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(_headers(), fetch, parent, page_size=page_size)
        self._today = today

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self._row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column, self._today)
        if role == Qt.ItemDataRole.ToolTipRole and column == TIME:
            return date_time(local(row.checked_in_at))
        return None


def _display(row: VisitRow, column: int, today: Callable[[], dt.date]) -> str:
    if column == TIME:
        return visit_time(row.checked_in_at, today())
    if column == NAME:
        return row.worker_name or _anonymous_name(row)
    if column == OCCUPATION:
        return row.occupation_label
    return row.card_no if column == CARD else ""


def _anonymous_name(row: VisitRow) -> str:
    if row.source == VisitSource.ANONYMOUS.value or not row.card_no:
        return _("Anonymous")
    return _("Card from another station")
