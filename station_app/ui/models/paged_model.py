"""A table that loads a page at a time as the list scrolls (Qt's canFetchMore / fetchMore).

A station can hold a million visits or journal lines: the model keeps only the pages the
attendant has scrolled through and asks the service for the next page when the view
reaches the end. It never counts or loads all rows. The recent visits, the service records
and an item's history are all such lists.

A model may have its pages read elsewhere (``read_pages_by``: the visit log's, on its page's
reader thread): ``fetchMore`` then only asks, once at a time, and the page is appended when
it is handed back; an answer for rows no longer shown (a new filter since) is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QModelIndex, QObject

from station_app.ui.models.rows_model import AnyIndex, RowsModel


class HasId(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=HasId)
Fetch = Callable[[int, int], list[Row]]  # (offset, limit) → rows, newest first
Deliver = Callable[[list[Row] | None], None]  # the page asked for; None: none came
Ask = Callable[[int, int, Deliver[Row]], None]  # (offset, limit, deliver): read it elsewhere

PAGE_SIZE = 100  # a screenful or three; the next page comes when the list is scrolled down


def _nothing(_offset: int, _limit: int) -> list[Row]:
    return []


class PagedRowsModel(RowsModel[Row]):
    """Rows fetched a page at a time; call ``refresh()`` to (re)start from the newest."""

    def __init__(
        self,
        headers: list[str],
        fetch: Fetch[Row] | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(headers, parent)
        self._fetch: Fetch[Row] = fetch or _nothing
        self._page_size = page_size
        self._complete = True  # nothing loaded yet: call refresh()
        self._ask: Ask[Row] | None = None
        self._asked: object | None = None  # the page asked for and not handed back yet

    def read_pages_by(self, ask: Ask[Row]) -> None:
        """Pages after the first are read by ``ask`` (off the GUI thread), which hands each
        back through the ``deliver`` it is given."""
        self._ask = ask

    @property
    def fetching(self) -> bool:
        """A page is asked for and not handed back yet."""
        return self._asked is not None

    def refresh(self, fetch: Fetch[Row] | None = None) -> None:
        """Start again from the newest row (with a new filter when ``fetch`` is given)."""
        if fetch is not None:
            self._fetch = fetch
        self.show_first(self._fetch(0, self._page_size))

    def show_first(self, rows: list[Row]) -> None:
        """Start again from these rows, the first page (read elsewhere); a page asked for
        before is no longer wanted."""
        self._asked = None
        self.beginResetModel()
        self._rows = rows
        self._complete = len(self._rows) < self._page_size
        self.endResetModel()

    def row_of(self, row_id: int) -> int | None:
        """Where the row with this id is shown, if it is loaded."""
        for number, row in enumerate(self._rows):
            if row.id == row_id:
                return number
        return None

    def replace(self, changed: Row) -> None:
        """Show a changed row where it was, so the attendant keeps their place."""
        found = self.row_of(changed.id)
        if found is None:
            return
        self._rows[found] = changed
        self.dataChanged.emit(self.index(found, 0), self.index(found, len(self._headers) - 1))

    def drop(self, row_id: int) -> None:
        """Take a removed row out of the list."""
        found = self.row_of(row_id)
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
        if self._ask is None:
            self._append(self._fetch(len(self._rows), self._page_size))
        elif self._asked is None:  # one page at a time: the view asks again as it scrolls
            ticket = self._asked = object()

            def deliver(rows: list[Row] | None) -> None:
                if ticket is not self._asked:  # rows shown since are not the ones it follows
                    return
                self._asked = None
                if rows is not None:
                    self._append(rows)

            self._ask(len(self._rows), self._page_size, deliver)

    def _append(self, fetched: list[Row]) -> None:
        self._complete = len(fetched) < self._page_size
        # A row written since the last page (a check-in, the command line) shifts the
        # offsets: skip the rows already shown rather than show them twice.
        known = {row.id for row in self._rows[-self._page_size :]}
        batch = [row for row in fetched if row.id not in known]
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()
