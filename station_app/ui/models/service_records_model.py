"""The service records of the Services page: newest first, a page at a time as it scrolls.

Like the recent-visits list, the model keeps only the pages scrolled through and asks the
service for the next one when the view reaches the end (canFetchMore / fetchMore); the
filter lives in the fetch function the controller hands over. A corrected or removed
record is changed in place, so the attendant keeps their place in a long list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt

from station_app.i18n import _
from station_app.i18n.formatting import date_time, number
from station_app.services.checkin.service_data import ServiceRecordView
from station_app.ui.local_time import local
from station_app.ui.models.paged_model import PAGE_SIZE, PagedRowsModel
from station_app.ui.models.rows_model import AnyIndex
from station_app.ui.models.visits_model import visit_time

Fetch = Callable[[int, int], list[ServiceRecordView]]  # (offset, limit) → rows, newest first

TIME, SERVICE, TIMES, OCCUPATION, NAME, STOCK = range(6)


def _headers() -> list[str]:
    return [_("Time"), _("Service"), _("Times"), _("Occupation"), _("Name"), _("Stock used")]


def stock_text(row: ServiceRecordView) -> str:
    """饮用水 × 2, or "" for a service that took nothing from the shelf."""
    if not row.item_name or not row.item_quantity:
        return ""
    return _("{item} × {n}").format(item=row.item_name, n=number(row.item_quantity))


class ServiceRecordsModel(PagedRowsModel[ServiceRecordView]):
    """The filter lives in the fetch function the controller hands to ``refresh``."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        today: Callable[[], dt.date],
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(_headers(), None, parent, page_size=page_size)
        self._today = today  # the local day whose records show their time alone

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self._row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column, self._today)
        if role == Qt.ItemDataRole.ToolTipRole and column == TIME:
            return date_time(local(row.recorded_at))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TIMES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(row: ServiceRecordView, column: int, today: Callable[[], dt.date]) -> str:
    if column == TIME:
        return visit_time(row.recorded_at, today())
    if column == SERVICE:
        return row.service_label
    if column == TIMES:
        return number(row.quantity)
    if column == OCCUPATION:
        return row.occupation_label
    if column == NAME:
        # Anonymous visits and cards from elsewhere have no name here.
        return row.worker_name or "—"
    return stock_text(row) if column == STOCK else ""
