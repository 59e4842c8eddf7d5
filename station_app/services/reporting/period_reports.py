"""The numbers behind the period report (周报/月报): visits, people, services, stock, loans.

Each figure is one aggregate query over an indexed time range (``visit.checked_in_at``,
``worker.created_at``, ``stock_movement.occurred_at``), so a week costs the same whatever
years of history lie behind it. Stock on the shelf and batch remainders are today's
(``stock_balance``, kept by triggers) less what moved since the period's end.

Flows (visits, services, stock moved) belong to the period's local days as the books stand
now: an undone visit, a corrected service or an undone issue is taken out of the period it
was recorded in, whenever it was corrected, and so is its undo, so each item's opening
stock, flows and closing stock add up. The state of the shelf (stock, expiring batches,
overdue loans) is taken *as of* the end of the period, or now for a period still running.
People are counted by what each visit keeps for counting (revision 0012), so erasing a
worker, or changing their details, leaves every past figure as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import (
    exists,
    select,
)
from sqlalchemy.orm import Session

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import (
    InventoryItem,
    Loan,
    ServiceType,
    StationProfileRow,
    StockMovement,
    Worker,
)
from station_app.db.uow import UnitOfWork
from station_app.domain.days import local_date
from station_app.domain.enums import MovementKind
from station_app.domain.opening_hours import OpeningDay
from station_app.domain.period_report import (
    EXPIRY_WINDOW_DAYS,
    Count,
    DayCount,
    ExpiringLine,
    Figure,
    OverdueLine,
    PeriodReport,
    StockLine,
)
from station_app.domain.periods import Period
from station_app.domain.stock import fefo, is_expiring
from station_app.i18n import _
from station_app.services.reporting.opening_hours import opening_days
from station_app.services.reporting.queries import (
    Tally,
    Window,
    first_visit_day,
    flows_by_item,
    items_since,
    period_window,
    quarters,
    still_out,
    stock_as_of,
    tally,
)
from station_app.services.station.labels import catalog_label, occupation_labels
from station_app.services.station.self_check import latest_self_check
from station_app.services.stock import journal
from station_app.services.stock.activities import activities_between

log = logging.getLogger(__name__)

# The posted hours of the seven weekdays ("07:00-19:00" or "") and the declared closed
# days ((ISO date, note) pairs), as the settings hold them.
Hours = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
NO_HOURS: Hours = (("",) * 7, ())


def _counts(
    codes: Iterable[str],
    current: dict[str, int],
    previous: dict[str, int],
    label: dict[str, str],
    order: dict[str, tuple[int, int]],
) -> list[Count]:
    """Rows present in either period, most first (this period, then the previous one)."""
    rows = [
        Count(code, label.get(code, code), current.get(code, 0), previous.get(code, 0))
        for code in codes
        if current.get(code, 0) or previous.get(code, 0)
    ]
    rows.sort(key=lambda row: (-row.value, -row.previous, order.get(row.code, (len(order), 0))))
    return rows


def _service_counts(session: Session, current: Tally, previous: Tally) -> list[Count]:
    ids = set(current.by_service) | set(previous.by_service)
    types = {
        row.id: row for row in session.scalars(select(ServiceType).where(ServiceType.id.in_(ids)))
    }
    code_of = {type_id: types[type_id].code for type_id in ids}
    return _counts(
        code_of.values(),
        {code_of[i]: n for i, n in current.by_service.items()},
        {code_of[i]: n for i, n in previous.by_service.items()},
        {row.code: catalog_label(row.name, row.builtin) for row in types.values()},
        {row.code: (row.sort_order, row.id) for row in types.values()},
    )


def _expiring(
    session: Session,
    items: list[InventoryItem],
    as_of: dt.datetime,
    zone: dt.tzinfo,
) -> list[ExpiringLine]:
    day = local_date(as_of, zone)
    by_id = {item.id: item for item in items}
    # Only items with a dated batch received by then can have one to report.
    dated_batch = (
        exists()
        .where(
            StockMovement.item_id == InventoryItem.id,
            StockMovement.quantity > 0,
            StockMovement.batch_expiry.is_not(None),
            StockMovement.batch_id.is_(None),
            StockMovement.occurred_at < as_of,
        )
        .correlate(InventoryItem)
    )
    dated = list(
        session.scalars(
            select(InventoryItem.id).where(InventoryItem.id.in_(list(by_id)), dated_batch)
        )
    )
    lines = [
        ExpiringLine(
            name=by_id[item_id].name,
            unit=by_id[item_id].unit,
            expires_on=batch.expiry,
            quantity=batch.remaining,
            category=by_id[item_id].category,
            expired=batch.expiry < day,
        )
        for item_id, batches in journal.batches_at(session, dated, as_of).items()
        for batch in fefo(batches)
        if batch.expiry is not None and is_expiring(batch.expiry, day, EXPIRY_WINDOW_DAYS)
    ]
    lines.sort(key=lambda line: (line.expires_on, line.name))
    return lines


def _items_in(session: Session, start: dt.datetime, as_of: dt.datetime) -> list[InventoryItem]:
    """The items that were in the books by ``as_of``, in the inventory page's order: an
    item added later has no place in the report, even at zero below its minimum."""
    since = items_since(session)
    items = session.scalars(
        select(InventoryItem).order_by(InventoryItem.category, InventoryItem.name)
    )
    return [item for item in items if since.get(item.id, start) < as_of]


def _stock_line(
    item: InventoryItem, opening: int, flows: dict[str, int], closing: dict[int, int]
) -> StockLine:
    def units(kind: MovementKind) -> int:
        return flows.get(kind.value, 0)

    return StockLine(
        item_id=item.id,
        name=item.name,
        unit=item.unit,
        opening=opening,
        received=units(MovementKind.RECEIVE),
        issued=-units(MovementKind.ISSUE),
        lent=-units(MovementKind.LEND),
        returned=units(MovementKind.RETURN),
        discarded=-units(MovementKind.DISCARD),
        adjusted=units(MovementKind.ADJUST),
        closing=closing.get(item.id, 0),
        min_stock=item.min_stock,
    )


def _borrower(worker_id: int | None, worker_name: str | None, note: str) -> str:
    if worker_name:
        return worker_name
    if worker_id is not None or not note:
        # Erasing a worker blanks their name and unlinks their loans; a loan without a
        # worker always had a deposit note, so one with neither was an erased worker's.
        return _("(personal data erased)")
    # The note says what was left ("押金 20 元", "押工牌"): the label only says who.
    return _("Anonymous: {note}").format(note=note)


def _overdue(session: Session, as_of: dt.datetime) -> list[OverdueLine]:
    """Loans lent before ``as_of``, due before it and not back by then, longest overdue
    first (the rows ``report_queries.overdue_count`` counts)."""
    listing = (
        select(Loan, InventoryItem.name, Worker.display_name)
        .join(InventoryItem, InventoryItem.id == Loan.item_id)
        .outerjoin(Worker, Worker.id == Loan.worker_id)
    )
    rows = [
        row
        for out in still_out(as_of)
        for row in session.execute(listing.where(out, Loan.lent_at < as_of))
        if row[0].due_at < as_of
    ]
    rows.sort(key=lambda row: (row[0].due_at, row[0].id))
    return [
        OverdueLine(
            item_name=item_name,
            borrower=_borrower(loan.worker_id, worker_name, loan.deposit_note),
            lent_at=loan.lent_at,
            due_at=loan.due_at,
            overdue_by=as_of - loan.due_at,
        )
        for loan, item_name, worker_name in rows
    ]


class ReportService:
    """The figures of a period report, read in one unit of work (nothing is written)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        logo: Callable[[], str] = lambda: "",
        hours: Callable[[], Hours] = lambda: NO_HOURS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._logo = logo  # read at every report, so a change in the settings applies at once
        self._hours = hours  # likewise

    def opening_days(
        self, period: Period, *, now: dt.datetime | None = None, zone: dt.tzinfo | None = None
    ) -> list[OpeningDay]:
        """Per local day of ``period``: posted against actual opening, minutes missed."""
        with UnitOfWork(self._db, write=False) as uow:
            return self._opening(uow.session, period, self._clock.or_now(now), zone)

    def _opening(
        self, session: Session, period: Period, now: dt.datetime, zone: dt.tzinfo | None
    ) -> list[OpeningDay]:
        week, closed = self._hours()
        return opening_days(
            session,
            period,
            zone or self._clock.zone,
            week_hours=week,
            closed_days=closed,
            on_duty=self._db.duty.attendant_id,
            now=now,
        )

    def logo(self) -> Path | None:
        """The station's logo file from the settings; None when none is set, or (said in
        the log) when the file is not there: a report is never refused for its logo."""
        text = self._logo().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_file():
            log.warning("the report logo %s is not there; printing without it", path)
            return None
        return path

    def period_report(
        self,
        period: Period,
        *,
        now: dt.datetime | None = None,
        zone: dt.tzinfo | None = None,
    ) -> PeriodReport:
        """Visits, people, services, stock and loans of ``period`` (local days of ``zone``,
        the station's when None), each key figure with the previous period's value."""
        generated = self._clock.or_now(now)
        previous = period.previous()
        zone = zone or self._clock.zone
        window, window_before = period_window(period, zone), period_window(previous, zone)
        as_of = min(window.end, generated)
        with UnitOfWork(self._db, write=False) as uow:
            session = uow.session
            profile = session.get(StationProfileRow, 1)
            name, code = (profile.name, profile.code) if profile else ("", "")
            current, before = tally(session, window), tally(session, window_before)
            occupations = occupation_labels(session)
            by_occupation = _counts(
                {*current.by_occupation, *before.by_occupation},
                current.by_occupation,
                before.by_occupation,
                occupations,
                {code: (n, 0) for n, code in enumerate(occupations)},
            )
            services = _service_counts(session, current, before)
            per_day: Counter[dt.date] = Counter()
            per_hour = [0] * 24
            for moment, n in quarters(session, window):
                local = moment.astimezone(zone)
                per_day[local.date()] += n
                per_hour[local.hour] += n
            flows = flows_by_item(session, Window(window.start, as_of))
            opening = stock_as_of(session, window.start, corrected=True)
            closing = stock_as_of(session, as_of, corrected=True)
            # An item no longer kept shows only for a period it held or moved stock in.
            items = [
                item
                for item in _items_in(session, window.start, as_of)
                if item.active or opening.get(item.id) or closing.get(item.id) or item.id in flows
            ]
            lines = [
                _stock_line(item, opening.get(item.id, 0), flows.get(item.id, {}), closing)
                for item in items
            ]
            expiring = _expiring(session, items, as_of, zone)
            overdue = _overdue(session, as_of)
            first_day = first_visit_day(session, zone)
            kept = self._opening(session, period, generated, zone)
            self_check = latest_self_check(session, by=as_of.astimezone(zone).date())
            held = activities_between(session, period.start, period.end)
        return PeriodReport(
            station_name=name,
            station_code=code,
            period=period,
            previous=previous,
            generated_at=generated,
            as_of=as_of,
            visits=Figure(current.visits, before.visits),
            distinct_workers=Figure(current.distinct_workers, before.distinct_workers),
            new_registrations=Figure(current.new_registrations, before.new_registrations),
            union_members=Figure(current.union_members, before.union_members),
            wants_to_join=Figure(current.wants_to_join, before.wants_to_join),
            services=Figure(current.services, before.services),
            card_visits=current.visits - current.anonymous,
            anonymous_visits=current.anonymous,
            visits_by_day=[DayCount(day, per_day.get(day, 0)) for day in period.dates()],
            by_occupation=by_occupation,
            by_hour=per_hour,
            services_by_type=services,
            stock=lines,
            expiring=expiring,
            overdue_loans=overdue,
            has_previous=first_day is not None and first_day < period.start,
            logo=self.logo(),
            opening=kept,
            self_check=self_check,
            activities=held if held.count else None,
        )

    @property
    def zone(self) -> dt.tzinfo:
        """The station's time zone, whose days the reports count."""
        return self._clock.zone

    def first_visit_day(self, zone: dt.tzinfo | None = None) -> dt.date | None:
        """The local day of the station's first visit (None before any): a report for a
        week before it would be an empty page nobody needs."""
        with UnitOfWork(self._db, write=False) as uow:
            return first_visit_day(uow.session, zone or self._clock.zone)
