"""Check-in: each visit counted once, nothing written for a card that is not good."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from station_app.app import Station
from station_app.config.settings import DEDUPE_MINUTES
from station_app.db.models import InventoryItem, ServiceRecord, ServiceType, StockMovement
from station_app.db.uow import UnitOfWork
from station_app.domain.errors import ServiceError
from station_app.services.accounts.audit_reader import AuditFilter
from station_app.services.checkin.outcomes import CheckinStatus
from tests.services.helpers import Headquarters, beijing

ACCEPTED, ALREADY, REFUSED = CheckinStatus.ACCEPTED, CheckinStatus.ALREADY, CheckinStatus.REFUSED


@pytest.fixture
def wang(ready, register) -> Any:
    """老王, a sanitation worker with a card issued in October."""
    worker = register("老王")
    return ready.cards.issue(worker.id, today=dt.date(2026, 10, 8))


def _visits(station: Station) -> list[tuple[Any, ...]]:
    with station.db.engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text("SELECT source, occupation_code, worker_id IS NOT NULL FROM visit ORDER BY id")
            )
        ]


def test_a_good_card_is_welcomed_by_name_with_its_visits_this_month(ready, wang) -> None:
    result = ready.checkin.scan(wang.qr_text, now=beijing(24, 9))
    assert result.status is ACCEPTED
    assert (result.worker_name, result.occupation_label, result.card_no) == (
        "老王",
        "环卫工人",
        wang.card_no,
    )
    assert result.visits_this_month == 1
    assert "老王" in result.message and "本月第 1 次" in result.message
    assert len(result.visit_ids) == 1
    assert _visits(ready) == [("card", "sanitation", 1)]


def test_a_scanner_with_caps_lock_on_or_extra_line_ends_still_works(ready, wang) -> None:
    assert ready.checkin.scan(f"\t{wang.qr_text.lower()}\r\n", now=beijing(24, 9)).status is (
        ACCEPTED
    )


def test_the_same_card_within_the_window_is_already_checked_in_and_not_counted(
    ready, wang, row_counts
) -> None:
    # Given 老王 checked in at 14:05 Beijing time
    ready.checkin.scan(wang.qr_text, now=beijing(24, 14, 5))
    before = row_counts()
    # When the card is shown again 20 minutes later
    again = ready.checkin.scan(wang.qr_text, now=beijing(24, 14, 25))
    # Then the attendant sees amber with the time of the first check-in, and nothing is written
    assert again.status is ALREADY
    assert "14:05" in again.message and "不重复计数" in again.message
    assert again.worker_name == "老王" and again.visits_this_month == 1
    assert again.visit_ids == ()
    assert row_counts() == before
    # And after the 30-minute window it is a new visit
    later = ready.checkin.scan(wang.qr_text, now=beijing(24, 14, 36))
    assert (later.status, later.visits_this_month) == (ACCEPTED, 2)


def test_a_changed_window_applies_at_the_next_scan(ready, wang) -> None:
    ready.checkin.scan(wang.qr_text, now=beijing(24, 9))
    assert ready.checkin.scan(wang.qr_text, now=beijing(24, 9, 6)).status is ALREADY
    ready.settings.set(DEDUPE_MINUTES, 5)
    assert ready.checkin.scan(wang.qr_text, now=beijing(24, 9, 6)).status is ACCEPTED
    assert ready.checkin.scan(wang.qr_text, now=beijing(24, 9, 10)).status is ALREADY


def test_visits_this_month_follow_the_local_calendar(ready, wang) -> None:
    # 23:30 on 31 October and 00:30 on 1 November, Beijing time, are the same UTC day
    october = ready.checkin.scan(wang.qr_text, now=beijing(31, 23, 30, month=10))
    november = ready.checkin.scan(wang.qr_text, now=beijing(1, 0, 30))
    assert (october.visits_this_month, november.visits_this_month) == (1, 1)


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (lambda code: code[:-5] + ("AAAAA" if code[-5:] != "AAAAA" else "BBBBB"), "签名无效"),
        (lambda code: code.replace("SANITATION", "COURIER"), "签名无效"),
        (lambda code: code[: len(code) // 2], "不是驿站的会员卡"),
        (lambda code: code + "X", "签名无效"),
    ],
)
def test_a_forged_or_damaged_card_is_refused_and_nothing_is_written(
    ready, wang, row_counts, spoil, words: str
) -> None:
    before = row_counts()
    result = ready.checkin.scan(spoil(wang.qr_text), now=beijing(24, 9))
    assert result.status is REFUSED
    assert words in result.message
    assert row_counts() == before


GARBAGE = [
    "",
    "   ",
    "\x00\x07\x1b[2J\x7f",
    "ÿþ\x00Y\x00Z\x001",
    "https://u.wechat.com/abc",
    "YZ1." + "." * 20,
    "A" * 10_000,
    "扫码失败",
    "\ud800",
]


@pytest.mark.parametrize("code", GARBAGE)
def test_scanner_garbage_is_refused_and_nothing_is_written(ready, wang, row_counts, code) -> None:
    before = row_counts()
    result = ready.checkin.scan(code, now=beijing(24, 9))
    assert result.status is REFUSED and result.message
    assert row_counts() == before


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1"))))
def test_no_scanner_input_ever_raises(ready, code: str) -> None:
    assert ready.checkin.scan(code, now=beijing(24, 9)).status in (REFUSED, ACCEPTED)


def test_an_expired_card_is_refused_with_its_date(ready, register, row_counts) -> None:
    worker = register("小李", "courier")
    card = ready.cards.issue(
        worker.id, expires_on=dt.date(2026, 10, 31), today=dt.date(2026, 10, 1)
    )
    before = row_counts()
    for code in (card.qr_text, card.card_no):
        result = ready.checkin.scan(code, now=beijing(1, 9))
        assert result.status is REFUSED
        assert "2026-10-31" in result.message and "过期" in result.message
    assert row_counts() == before


def test_a_deactivated_workers_card_is_refused_with_a_message(ready, register) -> None:
    worker = register("老王")
    card = ready.cards.issue(worker.id, today=dt.date(2026, 10, 8))
    ready.workers.deactivate(worker.id)
    result = ready.checkin.scan(card.qr_text, now=beijing(24, 9))
    assert result.status is REFUSED
    assert "老王" in result.message and "停用" in result.message


def test_a_card_number_typed_by_hand_checks_in(ready, wang) -> None:
    # The whole number in any letter case, or just the serial printed under the QR
    first = ready.checkin.scan(wang.card_no.lower(), now=beijing(24, 9))
    second = ready.checkin.scan(wang.card_no[-6:].lstrip("0"), now=beijing(24, 12))
    assert (first.status, second.status) == (ACCEPTED, ACCEPTED)
    assert second.worker_name == "老王" and second.visits_this_month == 2
    assert [source for source, *_rest in _visits(ready)] == ["manual", "manual"]


def test_an_unknown_card_number_is_refused(ready, row_counts) -> None:
    before = row_counts()
    result = ready.checkin.scan("HF-LY-0012-999999", now=beijing(24, 9))
    assert result.status is REFUSED and "HF-LY-0012-999999" in result.message
    assert ready.checkin.scan("6901234567890", now=beijing(24, 9)).status is REFUSED
    assert row_counts() == before


def test_a_trusted_foreign_card_with_an_unknown_occupation_counts_as_other(ready) -> None:
    hq = Headquarters()
    ready.keyring.import_key(hq.key_file)
    result = ready.checkin.scan(hq.card("HQ-HF-000777", "astronaut"), now=beijing(24, 9))
    assert result.status is ACCEPTED
    assert result.occupation_label == "其他户外劳动者"
    # Typing a foreign card's number is not enough: its QR must be scanned
    refused = ready.checkin.scan("HQ-HF-000777", now=beijing(24, 12))
    assert refused.status is REFUSED and "二维码" in refused.message


def test_an_anonymous_group_is_one_visit_per_person(ready) -> None:
    one = ready.checkin.anonymous("courier", now=beijing(24, 9))
    group = ready.checkin.anonymous("delivery_rider", 3, now=beijing(24, 9, 1))
    assert (one.status, len(one.visit_ids)) == (ACCEPTED, 1)
    assert (group.status, len(group.visit_ids), group.occupation_label) == (
        ACCEPTED,
        3,
        "外卖骑手",
    )
    assert "3" in group.message
    assert (
        _visits(ready) == [("anonymous", "courier", 0)] + [("anonymous", "delivery_rider", 0)] * 3
    )


@pytest.mark.parametrize(("occupation", "count"), [("courier", 0), ("courier", 51), ("chef", 1)])
def test_impossible_anonymous_visits_are_refused(ready, row_counts, occupation, count) -> None:
    before = row_counts()
    with pytest.raises(ServiceError):
        ready.checkin.anonymous(occupation, count)
    assert row_counts() == before


def _give_water(station: Station, visit_id: int, at: dt.datetime) -> None:
    """A visit that received a bottle of water from stock (as the services page will do)."""
    with UnitOfWork(station.db) as uow:
        item = InventoryItem(name="矿泉水", category="drinks", unit="瓶")
        uow.session.add(item)
        uow.session.flush()
        movement = StockMovement(
            item_id=item.id, kind="issue", quantity=-1, occurred_at=at, visit_id=visit_id
        )
        uow.session.add(movement)
        uow.session.flush()
        water = uow.session.query(ServiceType).filter_by(code="drinking_water").one()
        uow.session.add(
            ServiceRecord(
                visit_id=visit_id,
                service_type_id=water.id,
                recorded_at=at,
                stock_movement_id=movement.id,
            )
        )
        uow.commit()


def test_undo_removes_the_visit_with_its_services_and_stock(ready, wang, row_counts) -> None:
    # Given an empty station where 老王 checks in and is given a bottle of water
    empty = row_counts()
    scanned = ready.checkin.scan(wang.qr_text, now=beijing(24, 9))
    _give_water(ready, scanned.visit_ids[0], beijing(24, 9, 1))
    group = ready.checkin.anonymous("courier", 2, now=beijing(24, 9, 2))
    # When the attendant undoes both within ten minutes
    ready.checkin.undo(scanned.visit_ids, now=beijing(24, 9, 8))
    ready.checkin.undo(group.visit_ids, now=beijing(24, 9, 8))
    # Then the visits, the service and the bottle taken from stock are gone
    counts = row_counts()
    assert counts["visit"] == counts["service_record"] == counts["stock_movement"] == 0
    assert counts["inventory_item"] == empty["inventory_item"] + 1
    # Undoing again says so
    with pytest.raises(ServiceError, match="已被撤销"):
        ready.checkin.undo(scanned.visit_ids, now=beijing(24, 9, 9))
    # And the card can check in again at once
    assert ready.checkin.scan(wang.qr_text, now=beijing(24, 9, 9)).status is ACCEPTED


def _ids(station: Station, table: str) -> set[int]:
    with station.db.engine.connect() as conn:
        return set(conn.execute(text(f"SELECT id FROM {table}")).scalars())


def test_an_undone_visits_ids_are_never_given_to_the_next_one(ready, wang) -> None:
    # Given 老王's visit with a bottle of water, undone within ten minutes
    first = ready.checkin.scan(wang.qr_text, now=beijing(24, 9))
    _give_water(ready, first.visit_ids[0], beijing(24, 9, 1))
    gone = {table: _ids(ready, table) for table in ("visit", "service_record", "stock_movement")}
    ready.checkin.undo(first.visit_ids, now=beijing(24, 9, 5))

    # When he checks in again and is given water again
    again = ready.checkin.scan(wang.qr_text, now=beijing(24, 9, 6))
    _give_water(ready, again.visit_ids[0], beijing(24, 9, 7))

    # Then the new visit, its service and its stock movement all have ids of their own…
    assert again.visit_ids != first.visit_ids
    for table, old in gone.items():
        assert _ids(ready, table).isdisjoint(old), table
    # …and the audit trail's "visit undone" names a visit no living row is
    undone = [
        row for row in ready.audit.events(AuditFilter(), 0, 100) if row.action == "visit.undone"
    ]
    assert [row.entity_id for row in undone] == [str(first.visit_ids[0])]
    assert int(undone[0].entity_id) not in _ids(ready, "visit")


def test_an_old_visit_cannot_be_undone(ready, wang, row_counts) -> None:
    scanned = ready.checkin.scan(wang.qr_text, now=beijing(24, 9))
    before = row_counts()
    with pytest.raises(ServiceError, match="10 分钟"):
        ready.checkin.undo(scanned.visit_ids, now=beijing(24, 9, 11))
    assert row_counts() == before


def test_todays_counters_use_the_local_day(ready, register, wang) -> None:
    li = ready.cards.issue(register("小李", "courier").id, today=dt.date(2026, 10, 8))
    # Yesterday late evening, Beijing time (already "today" in UTC terms is not today here)
    ready.checkin.scan(wang.qr_text, now=beijing(23, 23, 50))
    # Today: 老王 twice (hours apart), 小李 once, three anonymous riders and a courier
    ready.checkin.scan(wang.qr_text, now=beijing(24, 0, 30))
    ready.checkin.scan(wang.qr_text, now=beijing(24, 12))
    ready.checkin.scan(li.qr_text, now=beijing(24, 12, 1))
    ready.checkin.anonymous("delivery_rider", 3, now=beijing(24, 12, 2))
    ready.checkin.anonymous("courier", now=beijing(24, 23, 59))
    counts = ready.checkin.today(now=beijing(24, 23, 59))
    assert (counts.visits, counts.distinct_workers, counts.anonymous) == (7, 2, 4)
    # By occupation, in the order of the station's list
    assert list(counts.by_occupation.items()) == [
        ("环卫工人", 2),
        ("快递员", 2),
        ("外卖骑手", 3),
    ]
    assert ready.checkin.today(now=beijing(25, 8)).visits == 0


def test_recent_visits_page_newest_first(ready, wang) -> None:
    for minute in range(5):
        ready.checkin.anonymous("courier", now=beijing(24, 9, minute))
    ready.checkin.scan(wang.qr_text, now=beijing(24, 10))
    assert ready.checkin.count_visits() == 6
    first_page = ready.checkin.recent(0, 4)
    assert [(row.worker_name, row.card_no, row.source) for row in first_page[:2]] == [
        ("老王", wang.card_no, "card"),
        ("", "", "anonymous"),
    ]
    assert first_page[1].occupation_label == "快递员"
    rest = ready.checkin.recent(4, 4)
    ordered = [row.checked_in_at for row in first_page + rest]
    assert len(rest) == 2 and ordered == sorted(ordered, reverse=True)
    assert first_page[0].checked_in_at == beijing(24, 10)


@pytest.fixture
def statements(ready) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement the app sends while the test runs."""
    seen: list[tuple[str, Any]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, parameters))

    event.listen(ready.db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(ready.db.engine, "before_cursor_execute", listen)


def _plans(station: Station, seen: list[tuple[str, Any]]) -> list[str]:
    plans = []
    with station.db.engine.connect() as conn:
        for statement, parameters in seen:
            if statement.lstrip().upper().startswith("SELECT"):
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                plans.append(" | ".join(row[3] for row in rows))
    return plans


def test_a_scan_is_a_handful_of_indexed_queries(ready, wang, statements) -> None:
    ready.checkin.scan(wang.qr_text, now=beijing(24, 9))
    queries = [s for s, _p in statements if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    assert len(queries) <= 10, queries
    for plan in _plans(ready, statements):
        assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), plan


def test_the_recent_visits_list_walks_an_index_without_sorting(ready, statements) -> None:
    ready.checkin.recent(500_000, 50)
    ready.checkin.count_visits()
    plans = [p for p in _plans(ready, statements) if "visit" in p]
    # The page is found on the check-in-time index alone, then only its rows are read
    assert any("SCAN visit USING COVERING INDEX ix_visit_checked_in_at" in p for p in plans), plans
    assert not any("TEMP B-TREE" in plan for plan in plans), plans
    for plan in plans:
        steps = plan.replace("SCAN visit USING COVERING INDEX ix_visit_checked_in_at", "")
        assert "SCAN" not in steps, plan
