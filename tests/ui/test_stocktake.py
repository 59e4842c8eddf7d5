"""盘点 from the Inventory page: type the counts, see the differences, apply them all in one
go (or cancel and nothing changes), and print the count sheet to count with."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from station_app.app import Station
from station_app.domain.enums import MovementKind
from station_app.services.stock.stock_data import ItemInput
from station_app.ui.dialogs.stocktake_dialog import COUNTED, DIFFERENCE, ITEM, StocktakeDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.items_model import STOCK
from tests.reports.tools import needs_poppler, pdf_fonts, pdf_text
from tests.ui.expected import PROFILE, has_chinese
from tests.ui.keyboard import clear, type_text


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def stock_items(station: Station) -> dict[str, int]:
    inventory = station.inventory
    ids = {}
    for name, unit, quantity in (("饮用水", "瓶", 24), ("茶叶", "包", 10), ("创可贴", "盒", 5)):
        item = inventory.create_item(ItemInput(name, "drinks", unit))
        inventory.receive(item.id, quantity)
        ids[name] = item.id
    return ids


def open_stocktake(qtbot: QtBot, window: MainWindow) -> StocktakeDialog:
    window.show_page("inventory")
    window.inventory.refresh()
    click(qtbot, window.inventory_page.stocktake_button)
    dialog = window.inventory.dialog
    assert isinstance(dialog, StocktakeDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def row_of(dialog: StocktakeDialog, name: str) -> int:
    model = dialog.model
    return next(r for r in range(model.rowCount()) if model.index(r, ITEM).data() == name)


def type_count(qtbot: QtBot, dialog: StocktakeDialog, name: str, count: str) -> None:
    """Click the item's line and type its count, then Enter, as the attendant does."""
    index = dialog.model.index(row_of(dialog, name), ITEM)
    rect = dialog.table.visualRect(index)
    click_at = rect.center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    clear(qtbot, editor)
    type_text(qtbot, editor, count)
    delegate = dialog.table.itemDelegateForColumn(COUNTED)
    with qtbot.waitSignal(delegate.closeEditor):  # the count is stored as the editor closes
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def shown_stock(window: MainWindow, item_id: int) -> str:
    model = window.inventory.model
    row = model.row_of(item_id)
    assert row is not None
    return str(model.index(row, STOCK).data())


def test_two_counts_are_applied_together_with_the_reason(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    ids = stock_items(set_up_station)
    dialog = open_stocktake(qtbot, window)
    ModelTester(None).check(dialog.model)  # type: ignore[no-untyped-call]
    assert dialog.model.rowCount() == 3

    type_count(qtbot, dialog, "饮用水", "20")
    type_count(qtbot, dialog, "茶叶", "12")
    type_count(qtbot, dialog, "创可贴", "5")  # as the books say: no adjustment
    model = dialog.model
    assert model.index(row_of(dialog, "饮用水"), DIFFERENCE).data() == "-4"
    assert model.index(row_of(dialog, "茶叶"), DIFFERENCE).data() == "+2"
    clear(qtbot, dialog.reason)
    type_text(qtbot, dialog.reason, "十一月盘点")

    click(qtbot, dialog.apply_button)
    box = dialog.confirmation
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "饮用水：24 → 20" in box.informativeText()
    assert "茶叶：10 → 12" in box.informativeText()
    assert "创可贴" not in box.informativeText()
    (apply,) = [b for b in box.buttons() if b.text() == "应用"]
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        click(qtbot, apply)

    inventory = set_up_station.inventory
    assert shown_stock(window, ids["饮用水"]) == "20"
    assert shown_stock(window, ids["茶叶"]) == "12"
    assert shown_stock(window, ids["创可贴"]) == "5"
    adjusted = [
        (m.item_name, m.quantity, m.reason)
        for item_id in ids.values()
        for m in inventory.movements(item_id)
        if m.kind == MovementKind.ADJUST.value
    ]
    assert sorted(adjusted) == [("茶叶", 2, "十一月盘点"), ("饮用水", -4, "十一月盘点")]
    notice = window.inventory_page.notice.text()
    assert has_chinese(notice) and "2" in notice


def test_cancel_applies_nothing(qtbot: QtBot, window: MainWindow, set_up_station: Station) -> None:
    ids = stock_items(set_up_station)
    dialog = open_stocktake(qtbot, window)
    type_count(qtbot, dialog, "饮用水", "3")

    # "Back to the counts" in the question, then Cancel: nothing written
    click(qtbot, dialog.apply_button)
    box = dialog.confirmation
    assert isinstance(box, QMessageBox)
    (back,) = [b for b in box.buttons() if b.text() == "返回修改"]
    click(qtbot, back)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        click(qtbot, dialog.cancel_button)

    inventory = set_up_station.inventory
    assert inventory.item(ids["饮用水"]).stock == 24
    assert all(
        m.kind != MovementKind.ADJUST.value for i in ids.values() for m in inventory.movements(i)
    )


def test_applying_without_any_count_says_so(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    stock_items(set_up_station)
    dialog = open_stocktake(qtbot, window)
    click(qtbot, dialog.apply_button)
    assert dialog.confirmation is None
    assert dialog.problem.isVisible() and has_chinese(dialog.problem.text())
    # A count typed and then emptied again is "not counted"
    type_count(qtbot, dialog, "茶叶", "7")
    type_count(qtbot, dialog, "茶叶", "")
    assert dialog.model.counts() == {}
    assert dialog.model.index(row_of(dialog, "茶叶"), DIFFERENCE).data() == ""


@needs_poppler
def test_print_count_sheet_writes_the_pdf_to_the_reports_folder(
    qtbot: QtBot, window: MainWindow, set_up_station: Station
) -> None:
    stock_items(set_up_station)
    opened: list[Path] = []
    window.inventory.open_file = opened.append
    dialog = open_stocktake(qtbot, window)

    click(qtbot, dialog.print_button)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)

    (pdf,) = opened
    assert pdf.parent == set_up_station.paths.reports
    assert str(pdf) in dialog.notice.text() and has_chinese(dialog.notice.text())
    text = pdf_text(pdf)
    for row in ("饮用水 瓶 24", "茶叶 包 10", "创可贴 盒 5"):
        assert row in text
    assert PROFILE.name in text
    assert all(f.embedded for f in pdf_fonts(pdf))
    assert set_up_station.inventory.item(row_ids(window)[0]).stock in (24, 10, 5)


def row_ids(window: MainWindow) -> list[int]:
    model = window.inventory.model
    return [model.item(r).id for r in range(model.rowCount())]
