"""服务项目: the station's service types, what each takes from the shelf, hide and show.

Opened from the Services page. Every change is stored at once by the service log, as an
op: the change bus tells the pages (the check-in page rebuilds its buttons); a refusal (a
name already used, a quantity out of range) shows in the dialog and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.i18n import _
from station_app.services.checkin.service_data import ServiceTypeView
from station_app.services.checkin.service_log import MAX_CONSUMES, ServiceLogService
from station_app.services.stock.stock_data import ItemView
from station_app.ui.models.service_types_model import NAME, ServiceTypesModel
from station_app.ui.ops import Failure, Ops
from station_app.ui.widgets.fitted_table import Column, FittedTable

NAME_MAX = 100


class ServiceTypesDialog(QDialog):
    def __init__(
        self,
        service_log: ServiceLogService,
        items: list[ItemView],
        ops: Ops,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Service types"))
        self.setMinimumWidth(640)
        self._log = service_log
        self._ops = ops
        self.model = ServiceTypesModel(self)
        heading = QLabel(_("Service types"))
        heading.setObjectName("pageTitle")
        hint = QLabel(
            _(
                "Each shown service is a button on the check-in page. A hidden one leaves "
                "the page; the services already recorded keep it."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.table = FittedTable()
        self.table.setObjectName("serviceTypes")
        self.table.setAccessibleName(_("Service types"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setModel(self.model)
        self.table.set_columns(
            [Column(minimum=100), Column(minimum=110), Column(minimum=64)], stretch=NAME
        )
        self.table.setMinimumHeight(220)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._selected_box(items))
        layout.addLayout(self._new_row())
        layout.addWidget(self.problem)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)

        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._show_current())
        self.reload()

    def _selected_box(self, items: list[ItemView]) -> QGroupBox:
        self.name = QLineEdit()
        self.name.setObjectName("typeName")
        self.name.setMaxLength(NAME_MAX + 10)  # a name too long is explained, not cut
        self.item = QComboBox()
        self.item.setObjectName("consumesItem")
        self.item.addItem(_("Nothing from stock"), None)
        for item in items:
            self.item.addItem(_("{item} ({unit})").format(item=item.name, unit=item.unit), item.id)
        self.quantity = QSpinBox()
        self.quantity.setObjectName("consumesQuantity")
        self.quantity.setRange(1, MAX_CONSUMES)
        self.quantity.setPrefix("× ")
        self.quantity.setMinimumWidth(90)
        self.item.currentIndexChanged.connect(
            lambda _index: self.quantity.setEnabled(self.item.currentData() is not None)
        )
        self.save_button = QPushButton(_("Save changes"))
        self.save_button.setObjectName("primary")
        self.toggle_button = QPushButton(_("Hide"))
        self.toggle_button.setObjectName("typeToggle")
        self.save_button.clicked.connect(self.save_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        # The buttons at the end of the rows, not in a row of their own: the dialog must
        # fit a 700-pixel screen with room for the list.
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.addWidget(QLabel(_("Service name")), 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 2)
        grid.addWidget(self.toggle_button, 0, 3)
        grid.addWidget(QLabel(_("Each time takes")), 1, 0)
        grid.addWidget(self.item, 1, 1)
        grid.addWidget(self.quantity, 1, 2)
        grid.addWidget(self.save_button, 1, 3)
        grid.setColumnStretch(1, 1)
        self.selected_box = QGroupBox(_("Selected service"))
        self.selected_box.setLayout(grid)
        return self.selected_box

    def _new_row(self) -> QHBoxLayout:
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newTypeName")
        self.new_name.setMaxLength(NAME_MAX + 10)
        self.new_name.setPlaceholderText(_("For example 理发"))
        self.add_button = QPushButton(_("Add"))
        self.add_button.setMinimumWidth(96)
        self.add_button.clicked.connect(self.add)
        self.new_name.returnPressed.connect(self.add)
        label = QLabel(_("New service"))
        label.setBuddy(self.new_name)
        row = QHBoxLayout()
        row.setContentsMargins(12, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.new_name, 1)
        row.addWidget(self.add_button)
        return row

    # -- what the attendant does -----------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        keep = select or (service.code if (service := self.current()) else None)
        self.model.set_types(self._log.service_types(include_inactive=True))
        row = self.model.row_of(keep) if keep else None
        self._select(row if row is not None else 0)
        self._show_current()

    def current(self) -> ServiceTypeView | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row(index.row())

    def add(self) -> ServiceTypeView | None:
        added = self._apply(lambda: self._log.add_type(self.new_name.text()))
        if added is None:
            return None
        self.new_name.clear()
        self.reload(select=added.code)
        self._tell(
            _(
                "{service} added to the check-in page. Choose what it takes from stock, if any."
            ).format(service=added.label)
        )
        self.name.setFocus()
        return added

    def save_selected(self) -> ServiceTypeView | None:
        service = self.current()
        if service is None:
            return None
        name = self.name.text().strip()
        item_id = self.item.currentData()
        quantity = self.quantity.value() if item_id is not None else 0

        def store() -> ServiceTypeView:
            saved = service
            if name != service.label:
                saved = self._log.rename_type(service.code, name)
            if (item_id, quantity) != (service.consumes_item_id, service.consumes_quantity):
                saved = self._log.set_consumption(service.code, item_id, quantity or 1)
            return saved

        # The name is stored first: a refused name leaves everything as it was. The spin
        # box keeps the quantity within what the service accepts.
        saved = self._apply(store)
        if saved is None:
            return None
        self.reload(select=saved.code)
        self._tell(_("{service} saved.").format(service=saved.label))
        return saved

    def toggle_selected(self) -> ServiceTypeView | None:
        service = self.current()
        if service is None:
            return None
        saved = self._apply(lambda: self._log.set_type_active(service.code, not service.active))
        if saved is None:
            return None
        self.reload(select=saved.code)
        text = (
            _("{service} is back on the check-in page.")
            if saved.active
            else _("{service} is hidden from the check-in page.")
        )
        self._tell(text.format(service=saved.label))
        return saved

    # -- helpers ---------------------------------------------------------------------------

    def _apply(self, work: Callable[[], ServiceTypeView]) -> ServiceTypeView | None:
        saved = self._ops.write(lambda _progress: work()).failure(self._refused).run()
        if saved is not None:
            self.problem.hide()
        return saved

    def _refused(self, failure: Failure) -> None:
        self.problem.setText(failure.text)
        self.problem.show()
        self.notice.clear()

    def _tell(self, text: str) -> None:
        self.notice.setText(text)

    def _select(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _show_current(self) -> None:
        service = self.current()
        self.selected_box.setEnabled(service is not None)
        if service is None:
            return
        self.name.setText(service.label)
        found = (
            0 if service.consumes_item_id is None else self.item.findData(service.consumes_item_id)
        )
        if found < 0:
            # An item no longer listed (made inactive) still shows what the type takes.
            self.item.addItem(service.consumes_item_name, service.consumes_item_id)
            found = self.item.count() - 1
        self.item.setCurrentIndex(max(0, found))
        self.quantity.setValue(max(1, service.consumes_quantity))
        self.quantity.setEnabled(service.consumes_item_id is not None)
        self.toggle_button.setText(_("Show") if not service.active else _("Hide"))
