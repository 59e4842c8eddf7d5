"""The workers found by a search, as a table (at most the service's limit, a few hundred)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from station_app.i18n import _
from station_app.services.views import WorkerView
from station_app.ui.theme import MUTED_TEXT

AnyIndex = QModelIndex | QPersistentModelIndex

NAME, PHONE, OCCUPATION, EMPLOYER, UNION, CARD, STATUS = range(7)


def union_text(worker: WorkerView) -> str:
    if worker.union_member:
        return _("Member")
    if worker.wants_to_join:
        return _("Wants to join")
    return ""


def status_text(worker: WorkerView) -> str:
    return _("Active") if worker.active else _("Deactivated")


class WorkersModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WorkerView] = []
        self._headers = [
            _("Name"),
            _("Phone"),
            _("Occupation"),
            _("Employer or platform"),
            _("Union"),
            _("Card number"),
            _("Status"),
        ]

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
        return self._rows[row]

    def row_of(self, worker_id: int) -> int | None:
        for number, worker in enumerate(self._rows):
            if worker.id == worker_id:
                return number
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> str | None:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        worker = self._rows[index.row()]
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
