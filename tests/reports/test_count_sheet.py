"""The stocktake count sheet: every active item with the stock the books expect, blank boxes
to write the counts in, the station and the date on top, a line for whoever counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from station_app.app import Station
from station_app.domain.printables import CountLine
from station_app.reports.count_sheet import count_sheet_pdf
from station_app.services.stock.stock_data import ItemInput
from tests.reports.tools import STATION, needs_poppler, pdf_fonts, pdf_pages, pdf_text, render

DAY = dt.date(2026, 11, 24)


@needs_poppler
def test_the_sheet_lists_every_active_item_with_its_expected_stock(
    station: Station, tmp_path: Path
) -> None:
    inventory = station.inventory
    stocked = {"饮用水": 24, "藿香正气水": 7, "创可贴": 0}
    for name, quantity in stocked.items():
        item = inventory.create_item(ItemInput(name, "drinks", "瓶"))
        if quantity:
            inventory.receive(item.id, quantity)
    gone = inventory.create_item(ItemInput("旧热水壶", "other", "个"))
    inventory.deactivate_item(gone.id)

    target = tmp_path / "sheet.pdf"
    count_sheet_pdf(inventory.count_sheet(), target, station_name=STATION, day=DAY)

    text = pdf_text(target)
    lines = text.splitlines()
    for name, quantity in stocked.items():
        (row,) = [line for line in lines if line.startswith(name + " ")]
        assert row.split() == [name, "瓶", str(quantity)]
    assert "旧热水壶" not in text
    assert STATION in text and "2026年11月24日" in text
    assert "盘点人" in text
    assert "第 1 页 / 共 1 页" in text
    fonts = pdf_fonts(target)
    assert fonts and all("WenQuanYiMicroHei" in f.name and f.embedded and f.subset for f in fonts)


@needs_poppler
def test_a_long_list_runs_onto_more_pages_with_the_header_repeated(tmp_path: Path) -> None:
    lines = [CountLine(n, f"物资{n:03d}", "其他", "个", "", n * 3) for n in range(1, 61)]
    target = tmp_path / "long.pdf"
    count_sheet_pdf(lines, target, station_name=STATION, day=DAY)

    pages = pdf_pages(target)
    assert pages >= 2
    for page in range(1, pages + 1):
        text = pdf_text(target, page=page)
        assert "账面数" in text and "实盘数" in text  # the column headings on every page
        assert STATION in text
    everything = pdf_text(target)
    assert all(f"物资{n:03d} 个 {n * 3}" in everything for n in range(1, 61))
    assert len(render(target, tmp_path / "png", dpi=30)) == pages
