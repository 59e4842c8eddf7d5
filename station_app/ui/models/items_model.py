"""The station's items with their stock, as a table; rows needing attention are highlighted."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from station_app.i18n import _
from station_app.i18n.formatting import number, short_date
from station_app.services.stock.stock_data import ItemView, StockAlerts
from station_app.ui.models.rows_model import AnyIndex, RowsModel

NAME, CATEGORY, STOCK, UNIT, MINIMUM, ALERT = range(6)
ALERT_BACKGROUND = "#FDE3D0"  # warm, not red: an item to restock is not an error
NUMBERS = (STOCK, MINIMUM)


class ItemsModel(RowsModel[ItemView]):
    def __init__(self, parent: QObject | None = None) -> None:
        headers = [_("Item"), _("Category"), _("Stock"), _("Unit"), _("Minimum"), _("Attention")]
        super().__init__(headers, parent)
        self._alerts: dict[int, str] = {}

    def set_items(self, items: list[ItemView], alerts: StockAlerts) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._alerts = alert_texts(alerts)
        self.endResetModel()

    def item(self, row: int) -> ItemView:
        return self.row(row)

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == item_id:
                return row
        return None

    def needs_attention(self, row: int) -> bool:
        return self._rows[row].id in self._alerts

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self._row_at(index)
        if item is None:
            return None
        column = index.column()
        alert = self._alerts.get(item.id, "")
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column, alert)
        if role == Qt.ItemDataRole.BackgroundRole and alert:
            return QColor(ALERT_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and column in (ALERT, NAME):
            return alert or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: ItemView, column: int, alert: str) -> str:
        if column == NAME:
            return item.name
        if column == CATEGORY:
            return item.category_label
        if column == STOCK:
            return number(item.stock)
        if column == UNIT:
            return item.unit
        if column == MINIMUM:
            return number(item.min_stock)
        return alert


def alert_texts(alerts: StockAlerts) -> dict[int, str]:
    """Item id → why it needs attention (below its minimum, a batch expiring), in words."""
    texts: dict[int, list[str]] = {}
    for item in alerts.below_minimum:
        texts.setdefault(item.id, []).append(_("below minimum"))
    for batch in alerts.expiring:
        if batch.expiry is None:
            continue
        if batch.days_left is not None and batch.days_left < 0:
            text = _("{n} {unit} expired on {date}").format(
                n=number(batch.remaining), unit=batch.unit, date=short_date(batch.expiry)
            )
        else:
            text = _("{n} {unit} expire on {date}").format(
                n=number(batch.remaining), unit=batch.unit, date=short_date(batch.expiry)
            )
        texts.setdefault(batch.item_id, []).append(text)
    return {item_id: " · ".join(parts) for item_id, parts in texts.items()}
