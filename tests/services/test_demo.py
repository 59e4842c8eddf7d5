"""Demo data: a believable station, as a statistician at headquarters would look at it.

Every expectation is computed here from the rows themselves, never copied from the
generator, so the tests say what a reader of the data would notice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from station_app.app import Station, open_station
from station_app.cli import main
from station_app.clock import FrozenClock
from station_app.db.models import (
    AuditEvent,
    Card,
    InventoryItem,
    Loan,
    Occupation,
    ServiceRecord,
    ServiceType,
    StockMovement,
    Visit,
    Worker,
)
from station_app.demo.fill import DemoService
from station_app.domain.errors import ServiceError
from station_app.domain.station import StationProfile
from station_app.services.checkin.outcomes import CheckinStatus
from tests.clock_support import frozen_clock

CHINA = dt.timezone(dt.timedelta(hours=8))
UNTIL = dt.date(2026, 8, 31)  # a year from September 2025 to the end of August 2026
# Posted 07:00-19:00 (weekends 08:00-18:00); the first attendant comes a little early.
OPENS, CLOSES = dt.time(6, 50), dt.time(19, 10)


def _session(station: Station) -> Session:
    return station.db.sessions()


def _all_rows(station: Station) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows exactly as stored (raw SQL, no type conversion), sorted."""
    with station.db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return {
            table: sorted(
                (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{table}"'))),
                key=repr,
            )
            for table in tables
        }


def _counts(station: Station) -> dict[str, int]:
    return {table: len(rows) for table, rows in _all_rows(station).items()}


def _local_visits(session: Session) -> list[dt.datetime]:
    return [at.astimezone(CHINA) for at in session.scalars(select(Visit.checked_in_at))]


def _average_daily(visits: list[dt.datetime], keep: Callable[[dt.date], bool]) -> float:
    days = Counter(at.date() for at in visits if keep(at.date()))
    return sum(days.values()) / len(days)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """One station filled with a whole year, shared by the tests that only read it."""
    opened = open_station(tmp_path_factory.mktemp("year"), clock=frozen_clock())
    opened.demo.fill(seed=1, days=365, until=UNTIL)
    yield opened
    opened.close()


def test_the_same_seed_gives_the_same_station_and_another_seed_another(
    station, tmp_path: Path, clock
) -> None:
    DemoService(station.db).fill(seed=7, days=40, until=UNTIL)
    twin = open_station(tmp_path / "twin", clock=clock)
    other = open_station(tmp_path / "other", clock=clock)
    try:
        DemoService(twin.db).fill(seed=7, days=40, until=UNTIL)
        DemoService(other.db).fill(seed=8, days=40, until=UNTIL)
        ours = _all_rows(station)
        assert ours["visit"] and ours["stock_movement"] and ours["loan"]
        # The demo sign-ins are the same people, but each PIN hash has its own random salt.
        twins = _all_rows(twin)
        for rows in (ours, twins):
            rows["attendant"] = [row[:3] for row in rows["attendant"]]
        assert ours["attendant"] == [(1, "王站长", "admin"), (2, "李明", "attendant")]
        assert twins == ours
        assert _all_rows(other)["visit"] != ours["visit"]
    finally:
        twin.close()
        other.close()


def test_about_300_workers_from_every_occupation_each_with_a_card(station) -> None:
    DemoService(station.db).fill(seed=2, days=60, until=UNTIL)
    first_day = UNTIL - dt.timedelta(days=59)
    with _session(station) as session:
        workers = session.scalars(select(Worker)).all()
        assert 250 <= len(workers) <= 350
        occupations = set(session.scalars(select(Occupation.code)))
        assert {worker.occupation_code for worker in workers} == occupations
        members = sum(worker.union_member for worker in workers) / len(workers)
        assert 0.3 <= members <= 0.5
        assert any(worker.wants_to_join and not worker.union_member for worker in workers)
        assert not any(worker.wants_to_join and worker.union_member for worker in workers)
        phones = [worker.phone for worker in workers if worker.phone]
        assert len(phones) > len(workers) * 0.7
        assert all(len(phone) == 11 and phone.isdigit() for phone in phones)
        for worker in workers:
            assert first_day <= worker.consent_on <= UNTIL
            assert worker.created_at.astimezone(CHINA).date() == worker.consent_on
            (card,) = worker.cards
            assert card.issued_on == worker.consent_on
            assert card.card_no.startswith("HF-LY-0001-")
        card_nos = session.scalars(select(Card.card_no)).all()
        assert len(set(card_nos)) == len(card_nos)


def test_card_visits_belong_to_a_registered_worker_and_are_half_an_hour_apart(station) -> None:
    DemoService(station.db).fill(seed=3, days=45, until=UNTIL)
    with _session(station) as session:
        rows = session.execute(
            select(Visit, Worker, Card)
            .outerjoin(Worker, Visit.worker_id == Worker.id)
            .outerjoin(Card, Visit.card_id == Card.id)
            .order_by(Visit.worker_id, Visit.checked_in_at)
        ).all()
        last_visit: dict[int, dt.datetime] = {}
        for visit, worker, card in rows:
            if visit.source == "anonymous":
                assert worker is None and card is None
                continue
            assert visit.source == "card"
            assert card.worker_id == worker.id
            assert visit.occupation_code == worker.occupation_code
            assert visit.checked_in_at > worker.created_at
            if worker.id in last_visit:
                assert visit.checked_in_at - last_visit[worker.id] >= dt.timedelta(minutes=30)
            last_visit[worker.id] = visit.checked_in_at


def test_a_year_shows_the_seasons_the_week_and_the_day(year) -> None:
    with _session(year) as session:
        visits = _local_visits(session)
        by_card = session.scalar(select(func.count()).where(Visit.source == "card"))
        signed_in = session.scalars(
            select(AuditEvent.at).where(AuditEvent.action == "account.sign_in")
        ).all()
    days = {at.date() for at in visits}
    # Visits on every day someone opened the station, and only then: all but a few days.
    assert days == {at.astimezone(CHINA).date() for at in signed_in}
    assert 355 <= len(days) < 365
    assert 60 <= len(visits) / 365 <= 150
    assert 0.35 <= by_card / len(visits) <= 0.45

    summer = _average_daily(visits, lambda day: day.month in (7, 8))
    spring = _average_daily(visits, lambda day: day.month in (4, 5))
    winter = _average_daily(visits, lambda day: day.month in (12, 1))
    assert summer > 1.2 * spring
    assert spring < winter < summer  # the cold peak is real but smaller than the heat peak

    weekdays = _average_daily(visits, lambda day: day.weekday() < 5)
    weekends = _average_daily(visits, lambda day: day.weekday() >= 5)
    assert weekdays > 1.15 * weekends

    hours = Counter(at.hour for at in visits)
    busiest = hours.most_common(1)[0][0]
    assert busiest in (11, 12, 17)  # the lunch break or the end of the afternoon shift
    assert all(OPENS <= at.time() < CLOSES for at in visits)


def test_services_follow_the_seasons(year) -> None:
    with _session(year) as session:
        rows = session.execute(
            select(ServiceType.code, ServiceRecord.recorded_at).join(
                ServiceType, ServiceRecord.service_type_id == ServiceType.id
            )
        ).all()
        visits = session.scalar(select(func.count()).select_from(Visit))
    by_month: dict[str, Counter[int]] = defaultdict(Counter)
    for code, at in rows:
        by_month[code][at.astimezone(CHINA).month] += 1
    assert 1 <= len(rows) / visits <= 3
    assert by_month["rest_cooling"][7] > 2 * by_month["rest_cooling"][4]
    assert by_month["drinking_water"][8] > 2 * by_month["drinking_water"][4]
    assert by_month["warming"][1] > 5 * by_month["warming"][7]
    assert by_month["hot_water"][1] > by_month["hot_water"][7]
    assert sum(by_month["first_aid"].values()) < 0.05 * len(rows)


def test_stock_never_goes_below_zero_and_consumed_services_are_issued(year) -> None:
    with _session(year) as session:
        running: Counter[int] = Counter()
        for movement in session.scalars(
            select(StockMovement).order_by(StockMovement.occurred_at, StockMovement.id)
        ):
            running[movement.item_id] += movement.quantity
            assert running[movement.item_id] >= 0, movement.id
            if movement.kind in ("issue", "discard", "lend"):
                assert movement.quantity < 0
            if movement.kind in ("receive", "return"):
                assert movement.quantity > 0

        consuming = session.execute(
            select(ServiceRecord, ServiceType, StockMovement)
            .join(ServiceType, ServiceRecord.service_type_id == ServiceType.id)
            .outerjoin(StockMovement, ServiceRecord.stock_movement_id == StockMovement.id)
            .where(ServiceType.consumes_item_id.is_not(None))
        ).all()
        assert {service_type.code for _record, service_type, _m in consuming} == {
            "drinking_water",
            "first_aid",
        }
        for record, service_type, movement in consuming:
            assert movement is not None
            assert movement.kind == "issue"
            assert movement.item_id == service_type.consumes_item_id
            assert movement.quantity == -service_type.consumes_quantity * record.quantity
            assert (movement.visit_id, movement.occurred_at) == (
                record.visit_id,
                record.recorded_at,
            )

        donations = session.scalars(
            select(StockMovement).where(StockMovement.kind == "receive", StockMovement.donor != "")
        ).all()
        assert donations
        perishable = {"drinks", "food", "heatstroke", "first_aid"}
        items = {item.id: item for item in session.scalars(select(InventoryItem))}
        for receive in session.scalars(
            select(StockMovement).where(StockMovement.kind == "receive")
        ):
            has_expiry = receive.batch_expiry is not None
            assert has_expiry == (items[receive.item_id].category in perishable)
        for discard in session.scalars(
            select(StockMovement).where(StockMovement.kind == "discard")
        ):
            assert discard.batch_expiry < discard.occurred_at.astimezone(CHINA).date()
        adjustments = session.scalars(select(StockMovement).where(StockMovement.kind == "adjust"))
        assert all(adjustment.reason for adjustment in adjustments)


def test_loans_out_match_the_journal_and_some_are_overdue(year) -> None:
    end_of_until = dt.datetime.combine(UNTIL + dt.timedelta(days=1), dt.time(), CHINA)
    with _session(year) as session:
        out = session.scalar(select(func.count()).where(Loan.returned_at.is_(None)))
        balance = session.scalar(
            select(func.sum(StockMovement.quantity))
            .join(InventoryItem, StockMovement.item_id == InventoryItem.id)
            .where(InventoryItem.lendable, StockMovement.kind.in_(("lend", "return")))
        )
        assert out == -balance
        overdue = session.scalar(
            select(func.count()).where(Loan.returned_at.is_(None), Loan.due_at < end_of_until)
        )
        assert 1 <= overdue <= out
        for loan, lend, back in session.execute(
            select(Loan, StockMovement, Loan.return_movement_id).join(
                StockMovement, Loan.lend_movement_id == StockMovement.id
            )
        ):
            assert (lend.kind, lend.quantity, lend.occurred_at) == ("lend", -1, loan.lent_at)
            assert (back is None) == (loan.returned_at is None)
            if loan.returned_at is not None:
                assert loan.lent_at < loan.returned_at < end_of_until


def test_every_take_out_names_its_batch_as_a_live_station_writes_it(year) -> None:
    """The demo's history reads as the app's journal writes it: each take-out names the
    batch it came from (a take over several batches is one row per batch, the later ones
    part of the first), a return goes back into its lend's batch, no batch gives more than
    it held, and the per-batch sums the database keeps agree with the journal."""
    with year.db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, item_id, kind, quantity, occurred_at, batch_expiry, batch_id,"
                " part_of_id, visit_id, reason FROM stock_movement ORDER BY occurred_at, id"
            )
        ).all()
        balances = connection.execute(
            text("SELECT item_id, batch_key, quantity FROM stock_balance WHERE quantity != 0")
        ).all()
        lends = dict(
            connection.execute(
                text(
                    "SELECT return_movement_id, lend_movement_id FROM loan"
                    " WHERE return_movement_id IS NOT NULL"
                )
            ).all()
        )
    by_id = {row.id: row for row in rows}
    batches = {row.id: row for row in rows if row.quantity > 0 and row.batch_id is None}
    take_outs = [row for row in rows if row.quantity < 0]
    assert take_outs and all(row.batch_id is not None for row in take_outs)
    assert sum(1 for row in take_outs if row.part_of_id is not None) > 0
    held: Counter[int] = Counter()
    for row in rows:
        key = row.id if row.id in batches else row.batch_id
        assert key in batches, row
        batch = batches[key]
        assert (batch.item_id, batch.batch_expiry) == (row.item_id, row.batch_expiry)
        if row.kind == "return":
            assert row.batch_id == by_id[lends[row.id]].batch_id
        if row.part_of_id is not None:
            head = by_id[row.part_of_id]
            assert head.part_of_id is None
            assert (head.kind, head.occurred_at, head.visit_id, head.reason) == (
                row.kind,
                row.occurred_at,
                row.visit_id,
                row.reason,
            )
        held[key] += row.quantity
        assert held[key] >= 0, row
    assert sorted(balances) == sorted(
        (batches[key].item_id, key, quantity) for key, quantity in held.items() if quantity
    )


def test_demo_data_is_only_added_to_an_empty_station(station) -> None:
    demo = DemoService(station.db)
    assert not demo.has_visits()
    summary = demo.fill(seed=4, days=20, until=UNTIL)
    assert demo.has_visits()
    before = _counts(station)
    assert (before["worker"], before["visit"], before["service_record"]) == (
        summary.workers,
        summary.visits,
        summary.services,
    )
    with pytest.raises(ServiceError):
        demo.fill(seed=5, days=20, until=UNTIL)
    assert _counts(station) == before


def test_demo_rows_never_take_the_id_of_an_undone_visit(station) -> None:
    # Given a station whose only visit was undone (so it counts as empty)
    (undone,) = station.checkin.anonymous("courier").visit_ids
    station.checkin.undo([undone])
    # When demo data is added
    DemoService(station.db).fill(seed=4, days=5, until=UNTIL)
    # Then no demo visit has the id the audit trail names as undone
    with _session(station) as session:
        assert session.scalar(select(func.min(Visit.id))) == undone + 1


def test_an_existing_profile_is_kept(station) -> None:
    profile = StationProfile(
        "HF-LY-0012", "逍遥津驿站", "合肥市庐阳区", "长江中路 1 号", "08:00–18:00"
    )
    station.station.save_profile(profile)
    DemoService(station.db).fill(seed=1, days=10, until=UNTIL)
    assert station.station.profile() == profile
    with _session(station) as session:
        card_nos = session.scalars(select(Card.card_no)).all()
    assert card_nos and all(card_no.startswith("HF-LY-0012-") for card_no in card_nos)


def test_progress_moves_forward_to_the_end(station) -> None:
    calls: list[tuple[int, int, str]] = []
    DemoService(station.db).fill(
        seed=1,
        days=15,
        until=UNTIL,
        progress=lambda done, total, message="": calls.append((done, total, message)),
    )
    done = [call[0] for call in calls]
    assert done == sorted(done) and len(calls) >= 15
    assert calls[-1][0] == calls[-1][1]
    assert all(message for _done, _total, message in calls)


def test_the_command_line_fills_once_and_then_leaves_the_station_alone(
    tmp_path: Path, clock: FrozenClock
) -> None:
    folder = tmp_path / "cli"
    demo = ["--data-dir", str(folder), "demo", "--seed", "3", "--days", "30"]
    assert main([*demo, "--until", "2026-08-31"], clock=clock) == 0
    opened = open_station(folder, clock=clock)
    try:
        before = _counts(opened)
    finally:
        opened.close()
    assert before["visit"] > 0
    assert main([*demo, "--until", "2026-08-31", "--if-empty"], clock=clock) == 0
    opened = open_station(folder, clock=clock)
    try:
        assert _counts(opened) == before
    finally:
        opened.close()


def test_demo_cards_print_and_scan_like_real_ones(station: Station) -> None:
    # Given a demo station
    DemoService(station.db).fill(seed=5, days=10, until=dt.date(2026, 8, 31))
    # When the card of a demo worker is printed (its QR text made)
    (worker,) = station.workers.find("", limit=1)
    (card,) = station.cards.for_print([worker.id])
    # Then scanning it checks that worker in, like any real card
    result = station.checkin.scan(card.qr_text)
    assert result.status is CheckinStatus.ACCEPTED, result.message
    assert result.worker_name == worker.display_name
