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
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ANSWERED = frozenset({_DISPLAY, Qt.ItemDataRole.ToolTipRole})


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
        # A time's text, for the day it was written on (today's visits show the time alone):
        # every cell painted is asked for again at each scroll.
        self._times: dict[dt.datetime, str] = {}
        self._times_on: dt.date | None = None
        self.modelReset.connect(self._times.clear)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The view asks a dozen roles of every cell it paints; all but two are answered
        # before anything else is looked at.
        if role not in _ANSWERED:
            return None
        row = self._row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            return self._time(row.checked_in_at) if column == TIME else _display(row, column)
        if column == TIME:
            return date_time(local(row.checked_in_at))
        return None

    def _time(self, moment: dt.datetime) -> str:
        today = self._today()
        if today != self._times_on:
            self._times.clear()
            self._times_on = today
        text = self._times.get(moment)
        if text is None:
            text = self._times[moment] = visit_time(moment, today)
        return text


def _display(row: VisitRow, column: int) -> str:
    if column == NAME:
        return row.worker_name or _anonymous_name(row)
    if column == OCCUPATION:
        return row.occupation_label
    return row.card_no if column == CARD else ""


def _anonymous_name(row: VisitRow) -> str:
    if row.source == VisitSource.ANONYMOUS.value or not row.card_no:
        return _("Anonymous")
    return _("Card from another station")
