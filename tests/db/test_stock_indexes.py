"""An issue and a period report never read the stock journal's long history: stock and batch
remainders come from ``stock_balance`` (kept by triggers, revision 0008), and a report takes
off what moved since its end from a time range, so a station with years of issues behind it
does not wait for a table walk (bench/bench_report.py, bench/bench_service_tap.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import event, text
from sqlalchemy.schema import CreateIndex

from station_app.config.paths import DataPaths
from station_app.db.engine import make_engine
from station_app.db.migrate import upgrade
from station_app.db.models import StockBalance, StockMovement
from station_app.domain.periods import week_of
from station_app.services.stock.stock_data import ItemInput
from tests.services.helpers import CHINA, beijing


def test_each_stock_journal_index_is_as_the_model_declares_it(station) -> None:
    # Alembic's model-versus-head check compares an index's columns but not its WHERE
    # clause, so the partial indexes are compared here, as SQLite stores them.
    with sqlite3.connect(station.paths.database) as conn:
        stored = dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name IN ('stock_movement', 'stock_balance') AND sql IS NOT NULL"
            ).fetchall()
        )
    dialect = station.db.engine.dialect
    declared = {
        index.name: " ".join(str(CreateIndex(index).compile(dialect=dialect)).split())
        for table in (StockMovement.__table__, StockBalance.__table__)
        for index in table.indexes
    }
    assert {name: " ".join(sql.split()) for name, sql in stored.items()} == declared


def test_a_report_reads_balances_and_a_time_range_never_the_whole_journal(station) -> None:
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
        if "stock_" in statement and statement.lstrip().startswith("SELECT"):
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

    # Then no statement walks the journal's rows: each batch's remainder is its balance row,
    # less what moved since the period's end, read from a time range of the item's rows
    with sqlite3.connect(station.paths.database) as conn:
        plans = [
            " | ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in statements
        ]
    walks = [
        step
        for plan in plans
        for step in plan.split(" | ")
        if step.startswith("SCAN stock_") and "COVERING INDEX" not in step
    ]
    assert walks == []
    # (either partial index finds an item's dated batches among its batches alone)
    assert any(
        "USING INDEX ix_stock_movement_dated_batch" in plan
        or "USING INDEX ix_stock_movement_unbatched" in plan
        for plan in plans
    )
    assert any("SEARCH stock_balance USING INDEX" in plan for plan in plans)
    assert any(
        "USING INDEX ix_stock_movement_item_time (item_id=? AND occurred_at>?)" in plan
        for plan in plans
    )


def test_an_issue_reads_the_items_balance_rows_never_its_issues(station) -> None:
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
        if "stock_" in statement and statement.lstrip().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(station.db.engine, "before_cursor_execute", record)
    try:
        change = station.inventory.issue(water, 1, now=beijing(19, 10))
    finally:
        event.remove(station.db.engine, "before_cursor_execute", record)
    assert [(part.expiry, part.quantity) for part in change.parts] == [(dt.date(2027, 6, 1), -1)]

    # Then the stock and each batch's remainder come from the item's balance rows, and the
    # journal is only looked up by id (a batch's expiry): none of the item's issues, nor
    # its emptied batches, is read
    with sqlite3.connect(station.paths.database) as conn:
        steps = [
            row[-1]
            for sql, params in statements
            for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            if "stock_" in row[-1]
        ]
    assert steps
    assert all(
        (step.startswith("SEARCH stock_balance USING") and "(item_id=?" in step)
        or (step.startswith("SEARCH stock_movement") and "INTEGER PRIMARY KEY (rowid=?)" in step)
        for step in steps
    ), steps
    # (and the batches holding something come from the partial index of those alone)
    assert any("USING COVERING INDEX ix_stock_balance_held (item_id=?)" in s for s in steps)


def test_the_balance_triggers_are_on_the_journal_at_head(station) -> None:
    # A batch migration of stock_movement drops its triggers with the old table: this
    # fails until such a migration creates them again (docs/architecture.md).
    with sqlite3.connect(station.paths.database) as conn:
        triggers = dict(
            conn.execute(
                "SELECT name, tbl_name FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'stock_movement'"
            ).fetchall()
        )
    assert triggers == {
        "stock_balance_after_insert": "stock_movement",
        "stock_balance_after_delete": "stock_movement",
        "stock_balance_after_update": "stock_movement",
    }


def test_upgrading_fills_the_balance_from_the_journal_already_there(data_dir) -> None:
    # Given a station at revision 0007 with a batch, an issue naming it, an old take-out
    # naming none and a batch of another item
    paths = DataPaths(data_dir)
    paths.ensure()
    engine = make_engine(paths.database)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO inventory_item (id, name, category, unit, min_stock, target_stock,"
                " lendable, unit_value_fen, active) VALUES (1, '饮用水', 'drinks', '瓶', 0, 0,"
                " 0, 0, 1), (2, '毛巾', 'hygiene', '条', 0, 0, 0, 0, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stock_movement (id, item_id, kind, quantity, occurred_at, donor,"
                " reason, batch_id) VALUES (1, 1, 'receive', 10, :t, '', '', NULL),"
                " (2, 1, 'issue', -3, :t, '', '', 1), (3, 1, 'issue', -2, :t, '', '', NULL),"
                " (4, 2, 'receive', 4, :t, '', '', NULL)"
            ),
            {"t": "2026-11-02 00:00:00.000000"},
        )

    # When it is upgraded
    upgrade(engine)

    # Then each batch holds its sum, the take-out naming none sits apart, and later rows
    # keep it so
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stock_movement (item_id, kind, quantity, occurred_at, donor,"
                " reason, batch_id) VALUES (2, 'issue', -1, :t, '', '', 4)"
            ),
            {"t": "2026-11-03 00:00:00.000000"},
        )
        balance = conn.execute(
            text("SELECT item_id, batch_key, quantity FROM stock_balance ORDER BY 1, 2")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in balance] == [(1, 0, -2), (1, 1, 7), (2, 4, 3)]
