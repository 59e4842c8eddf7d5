"""The service types as a table: name, what one service takes from the shelf, shown or hidden."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.services.checkin.service_data import ServiceTypeView
from station_app.ui.models.rows_model import AnyIndex, RowsModel
from station_app.ui.theme import MUTED_TEXT

NAME, CONSUMES, SHOWN = range(3)


def consumes_text(service: ServiceTypeView) -> str:
    if not service.consumes_item_name:
        return _("nothing")
    return _("{item} × {n}").format(
        item=service.consumes_item_name, n=number(service.consumes_quantity)
    )


class ServiceTypesModel(RowsModel[ServiceTypeView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_("Service"), _("Takes from stock"), _("On check-in")], parent)

    def set_types(self, types: list[ServiceTypeView]) -> None:
        self.beginResetModel()
        self._rows = list(types)
        self.endResetModel()

    def row_of(self, code: str) -> int | None:
        for number_, row in enumerate(self._rows):
            if row.code == code:
                return number_
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        service = self._row_at(index)
        if service is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return service.label
            if column == CONSUMES:
                return consumes_text(service)
            return _("shown") if service.active else _("hidden")
        if role == Qt.ItemDataRole.ForegroundRole and not service.active:
            return QColor(MUTED_TEXT)
        return None
