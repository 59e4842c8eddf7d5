"""A period report reads the stock journal's long history from narrow indexes, so a station
with years of issues behind it does not wait for a table walk (bench/bench_report.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import event
from sqlalchemy.schema import CreateIndex

from station_app.db.models import StockMovement
from station_app.domain.periods import week_of
from station_app.services.stock_views import ItemInput
from tests.services.helpers import CHINA, beijing


def test_each_stock_journal_index_is_as_the_model_declares_it(station) -> None:
    # Alembic's model-versus-head check compares an index's columns but not its WHERE
    # clause, so the partial index is compared here, as SQLite stores it.
    with sqlite3.connect(station.paths.database) as conn:
        stored = dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'stock_movement' AND sql IS NOT NULL"
            ).fetchall()
        )
    dialect = station.db.engine.dialect
    declared = {
        index.name: " ".join(str(CreateIndex(index).compile(dialect=dialect)).split())
        for index in StockMovement.__table__.indexes
    }
    assert {name: " ".join(sql.split()) for name, sql in stored.items()} == declared


def test_a_report_sums_batches_and_finds_dated_ones_from_indexes_alone(station) -> None:
    # Given water in two dated batches, some given out, and towels without an expiry
    water = station.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    station.inventory.receive(water, 10, expires_on=dt.date(2026, 12, 10), now=beijing(2, 8))
    station.inventory.receive(water, 10, expires_on=dt.date(2027, 6, 1), now=beijing(2, 8))
    station.inventory.issue(water, 3, now=beijing(18, 10))
    towel = station.inventory.create_item(ItemInput("毛巾", "hygiene", "条")).id
    station.inventory.receive(towel, 4, now=beijing(2, 8))
    station.inventory.issue(towel, 1, now=beijing(18, 10))

    # When the week's report is gathered, with every statement it runs recorded
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "stock_movement" in statement and statement.lstrip().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(station.db.engine, "before_cursor_execute", record)
    try:
        report = station.reports.period_report(
            week_of(dt.date(2026, 11, 16)), now=beijing(30, 9), zone=CHINA
        )
    finally:
        event.remove(station.db.engine, "before_cursor_execute", record)
    assert [(line.name, line.expires_on, line.quantity) for line in report.expiring] == [
        ("饮用水", dt.date(2026, 12, 10), 7)
    ]

    # Then no statement walks the journal's rows, and the two sums over each batch's and
    # each item's whole history use the indexes made for them
    with sqlite3.connect(station.paths.database) as conn:
        plans = [
            " | ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in statements
        ]
    walks = [
        step
        for plan in plans
        for step in plan.split(" | ")
        if step.startswith("SCAN stock_movement") and "COVERING INDEX" not in step
    ]
    assert walks == []
    # (either partial index finds an item's dated batches among its batches alone)
    assert any(
        "USING INDEX ix_stock_movement_dated_batch" in plan
        or "USING INDEX ix_stock_movement_unbatched" in plan
        for plan in plans
    )
    assert any(
        "USING COVERING INDEX ix_stock_movement_batch_time_quantity" in plan for plan in plans
    )


def test_an_issue_reads_batches_and_their_sums_from_indexes_alone(station) -> None:
    # Given water received in two batches, given out from both, and a batch of towels
    water = station.inventory.create_item(ItemInput("饮用水", "drinks", "瓶")).id
    station.inventory.receive(water, 5, expires_on=dt.date(2026, 12, 10), now=beijing(2, 8))
    station.inventory.receive(water, 10, expires_on=dt.date(2027, 6, 1), now=beijing(2, 8))
    station.inventory.issue(water, 7, now=beijing(18, 10))
    towel = station.inventory.create_item(ItemInput("毛巾", "hygiene", "条")).id
    station.inventory.receive(towel, 4, now=beijing(2, 8))

    # When one more bottle is given out, with every statement it reads recorded
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "stock_movement" in statement and statement.lstrip().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(station.db.engine, "before_cursor_execute", record)
    try:
        change = station.inventory.issue(water, 1, now=beijing(19, 10))
    finally:
        event.remove(station.db.engine, "before_cursor_execute", record)
    assert [(part.expiry, part.quantity) for part in change.parts] == [(dt.date(2027, 6, 1), -1)]

    # Then the batches, and the take-outs that name none, come from the index of rows naming
    # no batch, and what each batch gave out from the covering batch index: nothing looks
    # up the rows of the item's issues one by one
    with sqlite3.connect(station.paths.database) as conn:
        steps = [
            row[-1]
            for sql, params in statements
            for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            if "stock_movement" in row[-1]
        ]
    by_item = [step for step in steps if "(item_id=?" in step]
    assert by_item
    assert all(
        "ix_stock_movement_unbatched" in step or "COVERING INDEX" in step for step in by_item
    )
    assert any(
        "USING INDEX ix_stock_movement_unbatched (item_id=? AND quantity>?)" in s for s in steps
    )
    assert any(
        "USING INDEX ix_stock_movement_unbatched (item_id=? AND quantity<?)" in s for s in steps
    )
    assert any(
        "USING COVERING INDEX ix_stock_movement_batch_time_quantity (batch_id=?)" in s
        for s in steps
    )
