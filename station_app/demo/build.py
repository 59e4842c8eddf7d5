"""Demo data: the station's story told day by day, as rows ready for bulk inserts.

Rows carry their primary keys (numbered here, in Python) so that a visit, its service
records, stock movements and loans can point at each other without asking the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from station_app.demo.activities import (
    ActivityPlan,
    campaigns,
    kit_wanted,
    participants,
    planned_on,
)
from station_app.demo.calendar import CLOSES, Day, Weather, local_moment, poisson
from station_app.demo.duty import (
    Roster,
    Shift,
    audit_row,
    closed_days,
    self_check_days,
    self_checks,
)
from station_app.demo.feedback import demo_feedback
from station_app.demo.loans import LoanBook, LoanDesk
from station_app.demo.people import DemoWorker, make_workers
from station_app.demo.stock import (
    CAMPAIGNS,
    DONATION_CHANCE,
    DONORS,
    ITEMS,
    SERVICE_ITEMS,
    Journal,
    Row,
    Shelf,
    item_row,
)
from station_app.demo.visits import DemoVisit, VisitMaker
from station_app.domain.enums import VisitSource
from station_app.domain.self_check import SELF_CHECK_ITEMS

WORKERS = 300
# A batch of first-aid medicine given shortly before the period ends, and forgotten on the
# shelf past its date: what the inspectors' red line is for.
OVERLOOKED_ITEM = "碘伏棉签"
OVERLOOKED_GIFT = ("社区卫生服务中心", 20, 40, 5)  # donor, units, days before the end, expired
ACTIVITY_HOURS = (14 * 3600, 16 * 3600)  # activities are held in the afternoon


@dataclass(frozen=True)
class FirstIds:
    """The first free primary key of each table the demo writes to."""

    worker: int = 1
    card: int = 1
    item: int = 1
    visit: int = 1
    service: int = 1
    movement: int = 1
    loan: int = 1
    activity: int = 1
    campaign: int = 1
    self_check: int = 1


@dataclass(frozen=True)
class DemoPlan:
    first_day: dt.date
    days: int
    occupations: Sequence[str]  # active occupation codes
    service_types: dict[str, int]  # active service type code → id
    station_code: str
    taken_card_nos: set[str]
    first: FirstIds
    card_key_id: str = ""  # the station's own key: demo cards print and scan like real ones
    busy: float = 1.0  # visit volume against an ordinary busy station (benchmarks use more)
    attendants: tuple[int, ...] = ()  # who signs in to open the station, the admin first


@dataclass
class DemoRows:
    workers: list[Row]
    cards: list[Row]
    items: list[Row]
    visits: list[Row]
    services: list[Row]
    movements: list[Row]
    loans: list[Row]
    consumes: dict[str, tuple[int, int]]  # service type code → (item id, quantity)
    audit: list[Row]  # sign-ins and sign-outs, activities, campaigns, self-checks
    activities: list[Row]
    participants: list[Row]
    activity_items: list[Row]
    campaigns: list[Row]
    campaign_items: list[Row]
    self_checks: list[Row]
    self_check_items: list[Row]
    closed_days: dict[dt.date, str]  # the declared closed days of the period
    feedback: list[Row] = field(default_factory=list)  # demo/feedback.py


class DemoBuilder:
    """Workers first, then each day in turn: visits, services, stock and loans."""

    def __init__(self, rng: random.Random, plan: DemoPlan) -> None:
        self._rng = rng
        self._plan = plan
        self._workers = make_workers(
            rng,
            count=WORKERS + rng.randint(-12, 12),
            occupations=list(plan.occupations),
            first_day=plan.first_day,
            days=plan.days,
            first_worker_id=plan.first.worker,
            first_card_id=plan.first.card,
            station_code=plan.station_code,
            taken_card_nos=plan.taken_card_nos,
        )
        self._journal = Journal(plan.first.movement)
        self._loans = LoanBook(plan.first.loan)
        self._visits: list[Row] = []
        self._services: list[Row] = []
        self._service_ids = itertools.count(plan.first.service)
        self._last_day = plan.first_day + dt.timedelta(days=plan.days - 1)
        self._closed = closed_days(plan.first_day, self._last_day)
        self._roster = Roster(rng, plan.attendants, self._closed)
        self._shifts: dict[dt.date, Shift] = {}
        self._audit: list[Row] = []
        self._activities: list[Row] = []
        self._participants: list[Row] = []
        self._activity_items: list[Row] = []
        self._activity_ids = itertools.count(plan.first.activity)
        self._put_off: list[ActivityPlan] = []  # planned on a day the station stayed closed
        self._open_stores(plan)
        self._maker = VisitMaker(
            rng,
            workers=self._workers,
            occupations=plan.occupations,
            service_codes=list(plan.service_types),
            first_id=plan.first.visit,
            busy=plan.busy,
        )

    def _open_stores(self, plan: DemoPlan) -> None:
        last_day = plan.first_day + dt.timedelta(days=plan.days - 1)
        last_moment = local_moment(last_day, CLOSES)
        self._item_rows = [item_row(spec, plan.first.item + i) for i, spec in enumerate(ITEMS)]
        self._shelves: dict[str, Shelf] = {}
        self._desks: list[LoanDesk] = []
        for spec, row in zip(ITEMS, self._item_rows, strict=True):
            if spec.lendable:
                desk = LoanDesk(
                    spec,
                    row["id"],
                    journal=self._journal,
                    book=self._loans,
                    last_moment=last_moment,
                )
                self._desks.append(desk)
            else:
                self._shelves[spec.name] = Shelf(spec, row["id"], self._journal)
        self._consumes = {
            code: (self._shelves[name], quantity)
            for code, (name, quantity) in SERVICE_ITEMS.items()
            if code in plan.service_types
        }

    def build(self, on_day: Callable[[int], None]) -> DemoRows:
        """Tell the whole period; ``on_day`` hears how many days are done."""
        weather = Weather(self._rng)
        for offset in range(self._plan.days):
            self._day(weather.day(self._plan.first_day + dt.timedelta(days=offset)))
            on_day(offset + 1)
        campaign_rows, kit_rows = self._campaigns()
        check_rows, answer_rows = self._self_checks()
        return DemoRows(
            workers=[_worker_row(worker) for worker in self._workers],
            cards=[_card_row(worker, self._plan.card_key_id) for worker in self._workers],
            items=self._item_rows,
            visits=self._visits,
            services=self._services,
            movements=self._journal.rows,
            loans=self._loans.rows,
            consumes={
                code: (shelf.item_id, quantity)
                for code, (shelf, quantity) in self._consumes.items()
            },
            audit=sorted(self._audit, key=lambda row: row["at"]),
            activities=self._activities,
            participants=self._participants,
            activity_items=self._activity_items,
            campaigns=campaign_rows,
            campaign_items=kit_rows,
            self_checks=check_rows,
            self_check_items=answer_rows,
            closed_days=self._closed,
            feedback=demo_feedback(self._rng, self._plan.first_day, self._plan.days),
        )

    def _campaigns(self) -> tuple[list[Row], list[Row]]:
        """Each campaign of the period, defined by the admin before it starts."""
        admin = self._plan.attendants[0] if self._plan.attendants else None
        ids = itertools.count(self._plan.first.campaign)
        rows: list[Row] = []
        kits: list[Row] = []
        for plan in campaigns(self._plan.first_day, self._last_day):
            campaign_id = next(ids)
            rows.append(
                {
                    "id": campaign_id,
                    "name": plan.name,
                    "starts_on": plan.starts_on,
                    "ends_on": plan.ends_on,
                }
            )
            kits.extend(
                {"campaign_id": campaign_id, "item_id": self._shelves[name].item_id}
                for name in sorted(plan.kit)
            )
            day = max(plan.defined_on, self._plan.first_day)
            at = local_moment(day, 9 * 3600 + self._rng.randrange(3600))
            self._audit.append(
                audit_row(at, admin, "campaign.defined", "campaign", campaign_id, detail=plan.name)
            )
        return rows, kits

    def _self_checks(self) -> tuple[list[Row], list[Row]]:
        """The quarter's self-check on the first open day from the planned one (never after
        the period's last day)."""
        days: list[tuple[dt.date, Shift]] = []
        first_day = self._plan.first_day
        for second_tuesday in self_check_days(self._plan.first_day, self._last_day):
            # Some admins check in the quarter's first days, others a few weeks in.
            planned = second_tuesday + dt.timedelta(days=self._rng.randrange(-7, 15))
            for later in range(7):
                day = planned + dt.timedelta(days=later)
                if first_day <= day <= self._last_day and day in self._shifts:
                    days.append((day, self._shifts[day]))
                    break
        ids = itertools.count(self._plan.first.self_check)
        rows: list[Row] = []
        answers: list[Row] = []
        for check in self_checks(self._rng, days):
            check_id = next(ids)
            rows.append(
                {
                    "id": check_id,
                    "checked_on": check.day,
                    "checked_at": check.at,
                    "attendant_id": check.attendant_id,
                }
            )
            answers.extend(
                {
                    "self_check_id": check_id,
                    "position": position,
                    "code": code,
                    "ok": code not in check.faults,
                    "note": check.faults.get(code, ""),
                }
                for position, (code, _label) in enumerate(SELF_CHECK_ITEMS)
            )
            self._audit.append(
                audit_row(
                    check.at,
                    check.attendant_id,
                    "self_check.saved",
                    "self_check",
                    check_id,
                    detail=" ".join(sorted(check.faults)),
                )
            )
        return rows, answers

    def _day(self, day: Day) -> None:
        rng = self._rng
        shift = self._roster.shift(day.date)
        plans = [*self._put_off, *planned_on(day.date)]
        if shift is None:  # closed: what was planned is held on the next open day
            self._put_off = list({plan.code: plan for plan in plans}.values())
            return
        self._put_off = []
        self._shifts[day.date] = shift
        self._audit.extend(shift.audit_rows(day.date))
        visits = self._maker.day(day, shift)
        handouts = self._handouts(day, visits)
        borrowing = self._borrowing(day, visits)
        station_use = [
            (shelf, poisson(rng, shelf.spec.use_on(day)))
            for shelf in self._shelves.values()
            if not shelf.spec.to_visitor
        ]
        held = [
            (plan, participants(rng, plan, self._plan.occupations))
            for plan in {plan.code: plan for plan in plans}.values()
        ]
        demand = self._demand(visits, handouts, station_use)
        for plan, people in held:
            demand.update(kit_wanted(plan, sum(people.values())))
        # Deliveries and the morning check come before the first visitor is served.
        first_second = visits[0].second if visits else shift.closes
        morning = day.moment(min(shift.opens + rng.randrange(900), first_second))
        self._morning(day, morning, demand)
        for shelf, quantity in station_use:
            if quantity:
                shelf.issue(quantity, morning + dt.timedelta(minutes=rng.randrange(1, 30)), None)
        latest = max(shift.opens + 1800, shift.closes - 1800)
        activities = sorted(
            (min(rng.randrange(*ACTIVITY_HOURS), latest), plan, people) for plan, people in held
        )
        for visit, given, borrowed in zip(visits, handouts, borrowing, strict=True):
            while activities and activities[0][0] <= visit.second:
                self._activity(day, shift, *activities.pop(0))
            self._record(visit, given, borrowed, shift.on_duty(visit.second))
        for second, plan, people in activities:
            self._activity(day, shift, second, plan, people)
        if (day.date + dt.timedelta(days=1)).day == 1:
            self._stocktake(day, shift)

    def _activity(
        self, day: Day, shift: Shift, second: int, plan: ActivityPlan, people: dict[str, int]
    ) -> None:
        """An activity as the app records it: its people by occupation, and its kit issued
        from stock (earliest expiry first, never more than the shelf holds)."""
        activity_id = next(self._activity_ids)
        at = day.moment(second)
        attendant = shift.on_duty(second)
        self._activities.append(
            {
                "id": activity_id,
                "held_on": day.date,
                "type_code": plan.code,
                "partner": self._rng.choice(plan.partners),
                "recorded_at": at,
                "attendant_id": attendant,
            }
        )
        self._participants.extend(
            {"activity_id": activity_id, "occupation_code": code, "count": count}
            for code, count in people.items()
        )
        for name, wanted in kit_wanted(plan, sum(people.values())).items():
            shelf = self._shelves[name]
            quantity = min(wanted, shelf.stock)
            if quantity:
                movement_id = shelf.issue(quantity, at, None, reason=f"活动：{plan.label}")
                self._activity_items.append(
                    {
                        "activity_id": activity_id,
                        "item_id": shelf.item_id,
                        "quantity": quantity,
                        "movement_id": movement_id,
                    }
                )
        self._audit.append(
            audit_row(
                at,
                attendant,
                "activity.recorded",
                "activity",
                activity_id,
                detail=f"{plan.code} {sum(people.values())}",
            )
        )

    def _handouts(self, day: Day, visits: list[DemoVisit]) -> list[list[Shelf]]:
        given: list[list[Shelf]] = [[] for _ in visits]
        if visits:
            for shelf in self._shelves.values():
                if shelf.spec.to_visitor:
                    for _ in range(poisson(self._rng, shelf.spec.use_on(day))):
                        given[self._rng.randrange(len(visits))].append(shelf)
        return given

    def _borrowing(self, day: Day, visits: list[DemoVisit]) -> list[list[LoanDesk]]:
        borrowed: list[list[LoanDesk]] = [[] for _ in visits]
        if not visits:
            return borrowed
        for desk in self._desks:
            every_day, per_rain = desk.spec.loans
            likely = [
                index
                for index, visit in enumerate(visits)
                if visit.occupation_code in desk.spec.borrowers
            ] or range(len(visits))
            for _ in range(poisson(self._rng, every_day + per_rain * day.rain)):
                borrowed[self._rng.choice(likely)].append(desk)
        return borrowed

    def _demand(
        self,
        visits: list[DemoVisit],
        handouts: list[list[Shelf]],
        station_use: list[tuple[Shelf, int]],
    ) -> Counter[str]:
        demand: Counter[str] = Counter()
        for visit in visits:
            for code in visit.services:
                if code in self._consumes:
                    shelf, quantity = self._consumes[code]
                    demand[shelf.spec.name] += quantity
        for given in handouts:
            demand.update(shelf.spec.name for shelf in given)
        for shelf, quantity in station_use:
            demand[shelf.spec.name] += quantity
        return demand

    def _morning(self, day: Day, at: dt.datetime, demand: Counter[str]) -> None:
        rng = self._rng
        for shelf in self._shelves.values():
            shelf.discard_expired(day.date, at)
        campaign = CAMPAIGNS.get((day.date.month, day.date.day))
        if campaign:
            donor, gifts = campaign
            for name, quantity in gifts.items():
                shelf = self._shelves[name]
                expiry = shelf.expiry_from(rng, day.date, rng.uniform(0.3, 1))
                shelf.receive(quantity, at, expiry, donor)
        donor, units, before_end, expired = OVERLOOKED_GIFT
        shelf = self._shelves[OVERLOOKED_ITEM]
        if shelf.overlooked is None and day.date >= self._last_day - dt.timedelta(before_end):
            shelf.overlooked = self._last_day - dt.timedelta(days=expired)
            if shelf.overlooked > day.date:
                shelf.receive(units, at, shelf.overlooked, donor)
        if rng.random() < DONATION_CHANCE:
            # Neighbourhood gifts are often close to their expiry date (临期).
            shelf = rng.choice(list(self._shelves.values()))
            quantity = shelf.spec.pack * rng.randint(2, 6)
            expiry = shelf.expiry_from(rng, day.date, rng.uniform(0.03, 0.3))
            shelf.receive(quantity, at, expiry, rng.choice(DONORS))
        for shelf in self._shelves.values():
            shelf.restock(rng, day.date, at, demand[shelf.spec.name])
        for desk in self._desks:
            desk.restock(at)

    def _record(
        self,
        visit: DemoVisit,
        given: list[Shelf],
        borrowed: list[LoanDesk],
        attendant: int | None,
    ) -> None:
        worker = visit.worker
        self._visits.append(
            {
                "id": visit.id,
                "checked_in_at": visit.at,
                "source": (VisitSource.CARD if worker else VisitSource.ANONYMOUS).value,
                "occupation_code": visit.occupation_code,
                "worker_id": worker.id if worker else None,
                "card_id": worker.card_id if worker else None,
                "attendant_id": attendant,
            }
        )
        for code in visit.services:
            movement_id = None
            if code in self._consumes:
                shelf, quantity = self._consumes[code]
                movement_id = shelf.issue(quantity, visit.at, visit.id)
            self._services.append(
                {
                    "id": next(self._service_ids),
                    "visit_id": visit.id,
                    "service_type_id": self._plan.service_types[code],
                    "quantity": 1,
                    "recorded_at": visit.at,
                    "stock_movement_id": movement_id,
                }
            )
        for shelf in given:
            shelf.issue(1, visit.at, visit.id)
        for desk in borrowed:
            desk.lend(self._rng, visit.at, visit.id, worker.id if worker else None)

    def _stocktake(self, day: Day, shift: Shift) -> None:
        at = day.moment(shift.closes - self._rng.randrange(300, 1200))  # before signing out
        shelves = list(self._shelves.values())
        for shelf in self._rng.sample(shelves, k=min(len(shelves), self._rng.randint(1, 2))):
            shelf.count(self._rng, at)


def _worker_row(worker: DemoWorker) -> Row:
    return {
        "id": worker.id,
        "display_name": worker.display_name,
        "phone": worker.phone,
        "occupation_code": worker.occupation_code,
        "employer": worker.employer,
        "union_member": worker.union_member,
        "wants_to_join": worker.wants_to_join,
        "consent_on": worker.registered_on,
        "active": True,
        "created_at": worker.registered_at,
        "erased_at": None,
    }


def _card_row(worker: DemoWorker, key_id: str) -> Row:
    return {
        "id": worker.card_id,
        "card_no": worker.card_no,
        "worker_id": worker.id,
        "issuer_key_id": key_id,
        "occupation_code": worker.occupation_code,
        "issued_on": worker.registered_on,
        "expires_on": None,
        "revoked_at": None,
        "revoke_reason": "",
    }
