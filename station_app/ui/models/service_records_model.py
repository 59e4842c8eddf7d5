"""The service records of the Services page: newest first, a page at a time as it scrolls.

Like the recent-visits list, the model keeps only the pages scrolled through and asks the
service for the next one when the view reaches the end (canFetchMore / fetchMore); the
filter lives in the fetch function the controller hands over. A corrected or removed
record is changed in place, so the attendant keeps their place in a long list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt

from station_app.domain.clock import to_local
from station_app.i18n import _
from station_app.i18n.formatting import date_time, number
from station_app.services.stock_views import ServiceRecordView
from station_app.ui.models.rows_model import AnyIndex, RowsModel
from station_app.ui.models.visits_model import visit_time

Fetch = Callable[[int, int], list[ServiceRecordView]]  # (offset, limit) → rows, newest first

PAGE_SIZE = 100

TIME, SERVICE, TIMES, OCCUPATION, NAME, STOCK = range(6)


def _headers() -> list[str]:
    return [_("Time"), _("Service"), _("Times"), _("Occupation"), _("Name"), _("Stock used")]


def stock_text(row: ServiceRecordView) -> str:
    """饮用水 × 2, or "" for a service that took nothing from the shelf."""
    if not row.item_name or not row.item_quantity:
        return ""
    return _("{item} × {n}").format(item=row.item_name, n=number(row.item_quantity))


class ServiceRecordsModel(RowsModel[ServiceRecordView]):
    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(_headers(), parent)
        self._fetch: Fetch = lambda _offset, _limit: []
        self._page_size = page_size
        self._complete = True

    def refresh(self, fetch: Fetch | None = None) -> None:
        """Start again from the newest record (with a new filter when ``fetch`` is given)."""
        if fetch is not None:
            self._fetch = fetch
        self.beginResetModel()
        self._rows = self._fetch(0, self._page_size)
        self._complete = len(self._rows) < self._page_size
        self.endResetModel()

    def row_of(self, record_id: int) -> int | None:
        for number_, row in enumerate(self._rows):
            if row.id == record_id:
                return number_
        return None

    def replace(self, record: ServiceRecordView) -> None:
        """Show a corrected record where it was."""
        found = self.row_of(record.id)
        if found is None:
            return
        self._rows[found] = record
        self.dataChanged.emit(self.index(found, 0), self.index(found, len(self._headers) - 1))

    def drop(self, record_id: int) -> None:
        """Take a removed record out of the list."""
        found = self.row_of(record_id)
        if found is None:
            return
        self.beginRemoveRows(QModelIndex(), found, found)
        del self._rows[found]
        self.endRemoveRows()

    # -- Qt's model interface -------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if parent.isValid() or self._complete:
            return
        fetched = self._fetch(len(self._rows), self._page_size)
        self._complete = len(fetched) < self._page_size
        # A record written at the check-in since the last page shifts the offsets: skip
        # the rows already shown rather than show them twice.
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
            return date_time(to_local(row.recorded_at))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TIMES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(row: ServiceRecordView, column: int) -> str:
    if column == TIME:
        return visit_time(row.recorded_at)
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
