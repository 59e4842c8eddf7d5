"""Items lent out and not yet back, as a table; overdue ones are highlighted with how long."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from station_app.i18n import _
from station_app.i18n.formatting import date_time
from station_app.services.stock.stock_data import LoanView
from station_app.ui.local_time import local
from station_app.ui.models.rows_model import AnyIndex, RowsModel

ITEM, BORROWER, LENT, DUE, OVERDUE = range(5)
OVERDUE_BACKGROUND = "#FDEDEC"


def overdue_text(late: dt.timedelta | None) -> str:
    """How long past its due time: in days, else hours, else minutes ("" when not late)."""
    if late is None:
        return ""
    if late.days >= 1:
        return _("{n} days overdue").format(n=late.days)
    hours = late.seconds // 3600
    if hours >= 1:
        return _("{n} hours overdue").format(n=hours)
    return _("{n} minutes overdue").format(n=max(1, late.seconds // 60))


def borrower_text(loan: LoanView) -> str:
    if loan.worker_name:
        return loan.worker_name
    if loan.worker_id is not None:
        return _("(personal data erased)")
    return _("Deposit: {note}").format(note=loan.deposit_note)


class LoansModel(RowsModel[LoanView]):
    def __init__(self, parent: QObject | None = None) -> None:
        headers = [_("Item"), _("Borrower"), _("Lent"), _("Due"), _("Overdue")]
        super().__init__(headers, parent)

    def set_loans(self, loans: list[LoanView]) -> None:
        self.beginResetModel()
        self._rows = list(loans)
        self.endResetModel()

    def loan(self, row: int) -> LoanView:
        return self.row(row)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        loan = self._row_at(index)
        if loan is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(loan, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == BORROWER:
            return self._text(loan, column)
        if role == Qt.ItemDataRole.BackgroundRole and loan.overdue_by is not None:
            return QColor(OVERDUE_BACKGROUND)
        return None

    def _text(self, loan: LoanView, column: int) -> str:
        if column == ITEM:
            return loan.item_name
        if column == BORROWER:
            return borrower_text(loan)
        if column == LENT:
            return date_time(local(loan.lent_at))
        if column == DUE:
            return date_time(local(loan.due_at))
        return overdue_text(loan.overdue_by)
