"""Importing the item list: any file is either imported or refused whole, naming its bad
lines, and a refused file leaves the database exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from station_app.app import Station
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.services.stock.stock_data import ImportResult, ItemInput
from tests.fuzz.conftest import dump, fuzzing, line_bound
from tests.fuzz.strategies import bad_bytes, csv_of, mutated

HEADER = "id,name,category,unit,barcode,min_stock,target_stock,lendable,unit_value_fen,active,stock"
CELLS = ["", "1", "2", "99", "-1", "1.5", "1e3", "x", "矿泉水", "雨衣", "drinks", "rain_gear",
         "饮品", "瓶", "bottle", "6901234567890", "yes", "否", "是", '"', '""', '"a,b"', " ",
         "\x00", "9" * 30, "名" * 101]  # fmt: skip
LINE_NO = re.compile(r"第 (\d+) 行")


@pytest.fixture(scope="module")
def shelf(module_station: Station, scratch: Path) -> tuple[Station, bytes]:
    """A station with a few items, and its item list exported: the file to damage."""
    inventory = module_station.inventory
    inventory.create_item(ItemInput("矿泉水", "drinks", "瓶", barcode="6901234567890"))
    inventory.create_item(ItemInput("雨衣", "rain_gear", "件", min_stock=2, target_stock=10))
    inventory.create_item(ItemInput("充电宝", "lendable", "个", lendable=True))
    exported = scratch / "items.csv"
    inventory.export_items(exported)
    return module_station, exported.read_bytes()


def _import(station: Station, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    before = dump(station.db.engine)
    try:
        result = station.inventory.import_items(path)
    except ValidationFailed as refused:
        event("refused by line")
        assert refused.problems
        for key, message in refused.problems.items():
            line = int(key.removeprefix("line "))
            assert 1 <= line <= line_bound(data), (line, data)
            assert LINE_NO.findall(message)[:1] == [str(line)], message  # its own line first
        assert dump(station.db.engine) == before
    except ServiceError as refused:
        event("refused whole")
        assert str(refused).strip()
        assert dump(station.db.engine) == before
    else:
        event("imported")
        assert isinstance(result, ImportResult)
        after = dump(station.db.engine)
        assert len(after["inventory_item"]) == len(before["inventory_item"]) + result.created


@fuzzing
@given(data=st.one_of(bad_bytes(), csv_of(HEADER, CELLS)))
@example(data=b"name,category,unit\r\na\rb,drinks,bottle\r\n")  # a stray CR: once a crash
@example(data=b'name,category,unit\n"' + b"x" * 140_000 + b'",drinks,bottle\n')  # a huge field
def test_any_bytes_are_imported_or_refused_whole(
    shelf: tuple[Station, bytes], scratch: Path, data: bytes
) -> None:
    _import(shelf[0], scratch / "any.csv", data)


@fuzzing
@given(st.data())
def test_a_damaged_export_is_imported_or_refused_whole(
    shelf: tuple[Station, bytes], scratch: Path, data: st.DataObject
) -> None:
    station, exported = shelf
    _import(station, scratch / "damaged.csv", data.draw(mutated(exported), label="file"))
