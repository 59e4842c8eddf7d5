"""Items and the stock journal as the station manager uses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from station_app.app import Station
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.services.stock.stock_data import ItemInput
from tests.services.helpers import beijing

WATER = ItemInput("饮用水", "drinks", "瓶", barcode="6901234567890", min_stock=10, target_stock=48)
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def water(ready: Station) -> int:
    return ready.inventory.create_item(WATER).id


def test_an_item_starts_empty_and_is_found_by_barcode_number_or_name(ready, water) -> None:
    item = ready.inventory.find_by_barcode("6901234567890")
    assert item is not None and item.id == water and item.stock == 0
    assert item.category_label == "饮品"
    assert ready.inventory.find(str(water)).name == "饮用水"
    assert ready.inventory.find("饮用水").id == water
    assert ready.inventory.find_by_barcode("000") is None
    with pytest.raises(ServiceError, match="没有"):
        ready.inventory.find("矿泉水")


def test_bad_or_clashing_items_are_refused_field_by_field(ready, water, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationFailed) as refused:
        ready.inventory.create_item(ItemInput("", "drinks", "", min_stock=-1))
    assert set(refused.value.problems) == {"name", "unit", "min_stock"}
    with pytest.raises(ValidationFailed) as clash:
        ready.inventory.create_item(ItemInput("饮用水", "drinks", "瓶", barcode="6901234567890"))
    assert set(clash.value.problems) == {"name", "barcode"}
    with pytest.raises(ValidationFailed, match="类别"):
        ready.inventory.create_item(ItemInput("扳手", "spanners", "把"))
    assert row_counts() == before


def test_receive_issue_and_stock_as_the_sum_of_movements(ready, water) -> None:
    ready.inventory.receive(water, 24, expires_on=dt.date(2027, 6, 1))
    ready.inventory.receive(water, 12, donor="爱心企业", expires_on=dt.date(2027, 1, 1))
    issued = ready.inventory.issue(water, 15)
    # The donated batch expires first, so it went first, then 3 of the purchase
    assert [(p.expiry, p.quantity) for p in issued.parts] == [
        (dt.date(2027, 1, 1), -12),
        (dt.date(2027, 6, 1), -3),
    ]
    assert issued.stock_after == 21 == ready.inventory.item(water).stock
    journal = ready.inventory.movements(water)
    assert [(m.kind, m.quantity) for m in journal] == [
        ("issue", -15),
        ("receive", 12),
        ("receive", 24),
    ]
    assert journal[1].donor == "爱心企业"
    assert journal[0].attendant_id is None  # no one is signed in on this station


def test_an_issue_beyond_the_stock_is_refused_and_writes_nothing(ready, water, row_counts) -> None:
    ready.inventory.receive(water, 5)
    before = row_counts()
    with pytest.raises(ServiceError, match="盘点") as refused:
        ready.inventory.issue(water, 6)
    assert "5" in str(refused.value)
    assert row_counts() == before
    assert ready.inventory.item(water).stock == 5


def test_adjust_and_discard_need_a_reason(ready, water, row_counts) -> None:
    ready.inventory.receive(water, 10)
    before = row_counts()
    with pytest.raises(ValidationFailed, match="原因"):
        ready.inventory.adjust(water, -2, " ")
    with pytest.raises(ValidationFailed, match="原因"):
        ready.inventory.discard(water, 2, "")
    assert row_counts() == before
    assert ready.inventory.adjust(water, -2, "盘点少了").stock_after == 8
    assert ready.inventory.adjust(water, 3, "盘点多了").stock_after == 11
    assert ready.inventory.discard(water, 1, "包装破损").stock_after == 10


def test_undo_is_a_compensating_movement_refused_once_the_batch_is_used(
    ready, water, row_counts
) -> None:
    first = ready.inventory.receive(water, 10, expires_on=dt.date(2027, 1, 1))
    second = ready.inventory.receive(water, 10, expires_on=dt.date(2027, 6, 1))
    issued = ready.inventory.issue(water, 4)  # from the first batch
    # Undoing the second receive adds a -10 row; nothing is deleted
    undone = ready.inventory.undo(second.movement_id)
    assert undone.quantity == -10 and undone.stock_after == 6
    # The first batch has been issued from: its receive cannot be undone
    before = row_counts()
    with pytest.raises(ServiceError, match="已"):
        ready.inventory.undo(first.movement_id)
    with pytest.raises(ServiceError, match="撤销"):
        ready.inventory.undo(second.movement_id)
    with pytest.raises(ServiceError):
        ready.inventory.undo(undone.movement_id)
    assert row_counts() == before
    # Undo the issue, and then the first receive can go too
    assert ready.inventory.undo(issued.movement_id).stock_after == 10
    assert ready.inventory.undo(first.movement_id).stock_after == 0
    assert row_counts()["stock_movement"] == 6
    assert [m.reversed for m in ready.inventory.movements(water)][3:] == [True, True, True]


def test_alerts_list_items_below_minimum_and_batches_expiring_within_30_days(ready, water) -> None:
    tea = ready.inventory.create_item(ItemInput("茶叶", "drinks", "包", min_stock=2)).id
    ready.inventory.receive(tea, 5, expires_on=TODAY + dt.timedelta(days=31))
    ready.inventory.receive(water, 6, expires_on=TODAY + dt.timedelta(days=30))
    ready.inventory.receive(water, 4, expires_on=TODAY - dt.timedelta(days=1))
    ready.inventory.receive(water, 5)
    empty = ready.inventory.create_item(ItemInput("藿香正气水", "heatstroke", "盒")).id
    ready.inventory.receive(empty, 1, expires_on=TODAY)
    ready.inventory.issue(empty, 1)

    alerts = ready.inventory.alerts(today=TODAY)

    assert [item.name for item in alerts.below_minimum] == []  # water: 15 ≥ 10
    assert [(b.item_name, b.remaining, b.days_left) for b in alerts.expiring] == [
        ("饮用水", 4, -1),
        ("饮用水", 6, 30),
    ]
    ready.inventory.issue(water, 6)  # the expired four and two more
    alerts = ready.inventory.alerts(today=TODAY)
    assert [item.name for item in alerts.below_minimum] == ["饮用水"]
    assert [(b.remaining, b.days_left) for b in alerts.expiring] == [(4, 30)]
    assert alerts.count == 2


def test_an_expired_batch_is_discarded_by_itself(ready, water) -> None:
    ready.inventory.receive(water, 6, expires_on=TODAY + dt.timedelta(days=200))
    ready.inventory.receive(water, 4, expires_on=TODAY - dt.timedelta(days=3))
    ready.inventory.receive(water, 2, expires_on=TODAY + dt.timedelta(days=300))
    (expired,) = ready.inventory.alerts(today=TODAY).expiring
    change = ready.inventory.discard(water, 4, "过期报损", batch_id=expired.batch_id)
    assert change.stock_after == 8
    assert ready.inventory.alerts(today=TODAY).expiring == []
    with pytest.raises(ServiceError):
        ready.inventory.discard(water, 1, "过期报损", batch_id=expired.batch_id)


def test_stocktake_writes_every_adjustment_in_one_transaction(ready, water, row_counts) -> None:
    tea = ready.inventory.create_item(ItemInput("茶叶", "drinks", "包")).id
    ready.inventory.receive(water, 20)
    ready.inventory.receive(tea, 3)
    sheet = {line.name: line.expected for line in ready.inventory.count_sheet()}
    assert sheet == {"饮用水": 20, "茶叶": 3}

    # A bad count anywhere refuses the whole stocktake
    before = row_counts()
    with pytest.raises(ValidationFailed):
        ready.inventory.apply_stocktake({water: 18, tea: -1}, "月末盘点")
    with pytest.raises(ServiceError):
        ready.inventory.apply_stocktake({water: 18, 999: 1}, "月末盘点")
    assert row_counts() == before

    result = ready.inventory.apply_stocktake({water: 18, tea: 5}, "月末盘点")
    assert result.adjusted == 2
    assert ready.inventory.item(water).stock == 18
    assert ready.inventory.item(tea).stock == 5
    assert ready.inventory.apply_stocktake({water: 18}, "再点一次").adjusted == 0


def _csv(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_items_export_and_import_round_trip(ready, water, tmp_path: Path) -> None:
    umbrella = ItemInput("雨伞", "rain_gear", "把", lendable=True, unit_value_fen=2500)
    ready.inventory.create_item(umbrella)
    ready.inventory.receive(water, 7)
    exported = tmp_path / "items.csv"
    assert ready.inventory.export_items(exported) == 2
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    before = ready.inventory.items()

    result = ready.inventory.import_items(exported)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert ready.inventory.items() == before
    # Editing a line and adding one updates and creates (stock is not imported)
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(",10,48,", ",12,48,").replace(",7", ",999")
    lines.append(",创可贴,first_aid,片,,50,200,0,10,1,")
    _csv(exported, "\n".join(lines))
    result = ready.inventory.import_items(exported)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    water_now = ready.inventory.item(water)
    assert water_now.min_stock == 12 and water_now.stock == 7


def test_a_bad_import_is_refused_whole_with_line_numbers(
    ready, water, row_counts, tmp_path: Path
) -> None:
    before = row_counts()
    bad = _csv(
        tmp_path / "bad.csv",
        "name,category,unit,barcode,min_stock\n"
        "创可贴,first_aid,片,,50\n"
        "扳手,spanners,把,,1\n"
        "口罩,hygiene,个,,很多\n"
        "饮用水,drinks,瓶,,1\n"
        "矿泉水,drinks,瓶,6901234567890,1\n",
    )
    with pytest.raises(ValidationFailed) as refused:
        ready.inventory.import_items(bad)
    message = str(refused.value)
    assert "第 4 行" in message  # 很多 is not a number (checked first, on its own)
    assert row_counts() == before
    bad = _csv(
        tmp_path / "bad2.csv",
        "name,category,unit,barcode,min_stock\n"
        "创可贴,first_aid,片,,50\n"
        "扳手,spanners,把,,1\n"
        "矿泉水,drinks,瓶,6901234567890,1\n",
    )
    with pytest.raises(ValidationFailed) as refused:
        ready.inventory.import_items(bad)
    assert sorted(refused.value.problems) == ["line 3", "line 4"]
    assert row_counts() == before
    with pytest.raises(ServiceError, match="id, name"):
        ready.inventory.import_items(_csv(tmp_path / "no-header.csv", "创可贴,first_aid,片\n"))


def test_a_deactivated_item_keeps_its_journal_and_leaves_the_list(ready, water) -> None:
    ready.inventory.receive(water, 3)
    ready.inventory.deactivate_item(water)
    assert ready.inventory.items() == []
    assert [i.stock for i in ready.inventory.items(include_inactive=True)] == [3]
    with pytest.raises(ServiceError):
        ready.inventory.issue(water, 1)


def test_rows_written_before_batches_were_tracked_count_first_expiry_first(ready, water) -> None:
    # Given a journal as revision 0003 (and the demo) wrote it: issues naming no batch
    ready.inventory.receive(water, 5, expires_on=dt.date(2027, 6, 1))
    ready.inventory.receive(water, 5, expires_on=dt.date(2027, 1, 1))
    with ready.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stock_movement (item_id, kind, quantity, occurred_at, donor, reason)"
                " VALUES (:i, 'issue', -3, :t, '', '')"
            ),
            {"i": water, "t": beijing(24, 9).astimezone(dt.UTC).replace(tzinfo=None)},
        )
    # Then they were taken from the batch that expires first
    assert [(b.expiry, b.remaining) for b in ready.inventory.batches(water)] == [
        (dt.date(2027, 1, 1), 2),
        (dt.date(2027, 6, 1), 5),
    ]
    assert ready.inventory.issue(water, 7).stock_after == 0
