"""The workers found by a search, as a table (at most the service's limit, a few hundred)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from station_app.i18n import _
from station_app.services.people.worker_data import WorkerView
from station_app.ui.models.rows_model import AnyIndex, RowsModel
from station_app.ui.theme import MUTED_TEXT

NAME, PHONE, OCCUPATION, EMPLOYER, UNION, CARD, STATUS = range(7)


def union_text(worker: WorkerView) -> str:
    if worker.union_member:
        return _("Member")
    if worker.wants_to_join:
        return _("Wants to join")
    return ""


def status_text(worker: WorkerView) -> str:
    return _("Active") if worker.active else _("Deactivated")


class WorkersModel(RowsModel[WorkerView]):
    def __init__(self, parent: QObject | None = None) -> None:
        headers = [
            _("Name"),
            _("Phone"),
            _("Occupation"),
            _("Employer or platform"),
            _("Union"),
            _("Card number"),
            _("Status"),
        ]
        super().__init__(headers, parent)

    def set_workers(self, workers: list[WorkerView]) -> None:
        self.beginResetModel()
        self._rows = list(workers)
        self.endResetModel()

    def replace(self, worker: WorkerView) -> None:
        """Show a worker's new details in place (after an edit, a new card, deactivation)."""
        row = self.row_of(worker.id)
        if row is None:
            return
        self._rows[row] = worker
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))

    def remove(self, worker_id: int) -> None:
        row = self.row_of(worker_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def worker(self, row: int) -> WorkerView:
        return self.row(row)

    def row_of(self, worker_id: int) -> int | None:
        for number, worker in enumerate(self._rows):
            if worker.id == worker_id:
                return number
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        worker = self._row_at(index)
        if worker is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(worker, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (NAME, EMPLOYER):
            return self._text(worker, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and not worker.active:
            return QColor(MUTED_TEXT)
        return None

    def _text(self, worker: WorkerView, column: int) -> str:
        texts = {
            NAME: worker.display_name,
            PHONE: worker.phone_masked,
            OCCUPATION: worker.occupation_label,
            EMPLOYER: worker.employer,
            UNION: union_text(worker),
            CARD: worker.card_no or "",
            STATUS: status_text(worker),
        }
        return texts.get(column, "")
