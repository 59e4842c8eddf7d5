"""What a period report holds: plain numbers, labels already in the user's language.

``ReportService.period_report`` fills it from the database;
``reports.period_pdf`` lays it out; the reports page shows the PDF. Nothing here reads the
database or draws anything.

State-of-the-shelf numbers (stock, expiring batches, overdue loans) are taken *as of* the
end of the period (or now, for a period that has not ended), so printing last week's report
again next month gives the same page the manager signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from station_app.domain.activities import ActivitiesSummary
from station_app.domain.opening_hours import OpeningDay
from station_app.domain.periods import Period
from station_app.domain.self_check import SelfCheck

EXPIRY_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Figure:
    """A key figure and its value in the previous period, for "比上周 +12"."""

    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(frozen=True)
class Count:
    """One bar of a chart or one row of a table: an occupation, a service type."""

    code: str
    label: str  # in the user's language
    value: int
    previous: int = 0


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    value: int


@dataclass(frozen=True)
class StockLine:
    """One item's stock over the period, as the books stand (undone rows left out):
    opening + received − issued − lent + returned − discarded ± adjusted = closing."""

    item_id: int
    name: str
    unit: str
    opening: int  # on the shelf when the period began
    received: int  # purchases and donations
    issued: int  # handed out in the period: issues and service use, net of undone ones
    lent: int  # lent out (lent-out units are not on the shelf)
    returned: int  # loans brought back
    discarded: int  # expired or damaged
    adjusted: int  # signed: stocktake corrections
    closing: int  # on the shelf at ``as_of``
    min_stock: int

    @property
    def stock(self) -> int:
        return self.closing

    @property
    def balances(self) -> bool:
        """The row adds up: what the printed columns promise."""
        flows = self.received - self.issued - self.lent + self.returned - self.discarded
        return self.opening + flows + self.adjusted == self.closing

    @property
    def below_minimum(self) -> bool:
        return self.min_stock > 0 and self.closing < self.min_stock


@dataclass(frozen=True)
class ExpiringLine:
    name: str
    unit: str
    expires_on: dt.date
    quantity: int  # still in that batch at ``as_of``
    category: str = ""  # the item's category code
    expired: bool = False  # expired by ``as_of``'s local day, yet still on the shelf


@dataclass(frozen=True)
class OverdueLine:
    item_name: str
    borrower: str  # the worker's name, or "匿名：<what was left>" for an anonymous loan
    lent_at: dt.datetime  # aware UTC
    due_at: dt.datetime  # aware UTC
    overdue_by: dt.timedelta  # at ``as_of``


@dataclass(frozen=True)
class PeriodReport:
    station_name: str
    station_code: str
    period: Period
    previous: Period
    generated_at: dt.datetime  # aware UTC
    as_of: dt.datetime  # aware UTC: end of the period, or ``generated_at`` if sooner
    # Key figures, each with the previous period's value.
    visits: Figure
    distinct_workers: Figure  # distinct card-holders who visited
    new_registrations: Figure  # workers registered in the period
    union_members: Figure  # of the distinct visiting workers, union members
    wants_to_join: Figure  # of the distinct visiting workers, those wanting to join
    services: Figure  # services delivered (sum of quantities) on the period's visits
    card_visits: int
    anonymous_visits: int
    visits_by_day: list[DayCount]  # every day of the period, zeros included
    by_occupation: list[Count]  # occupations with visits in either period, most first
    by_hour: list[int]  # 24 local hours, visits checked in in each
    services_by_type: list[Count]  # service types delivered in either period, most first
    # every item that existed by ``as_of`` and is active or moved in the period, in the
    # inventory page's order
    stock: list[StockLine]
    expiring: list[ExpiringLine]  # batches with stock expiring by as_of + 30 days, soonest first
    overdue_loans: list[OverdueLine]  # longest overdue first
    # Whether the station has any visit before the period: without one, there is nothing
    # to compare with and no "+215" against an empty week.
    has_previous: bool = True
    logo: Path | None = None  # the station's own logo (a picture file), when it set one
    # The last self-check of the station's facilities by the period's end, if any.
    self_check: SelfCheck | None = None
    # Every day of the period: posted hours against the time an attendant was signed in.
    opening: list[OpeningDay] = field(default_factory=list)
    # The activities held in the period (legal advice, 送清凉…), None when none was held.
    activities: ActivitiesSummary | None = None

    @property
    def minutes_missed(self) -> int:
        return sum(day.minutes_missed for day in self.opening)

    @property
    def below_minimum(self) -> list[StockLine]:
        return [line for line in self.stock if line.below_minimum]

    def expired_on_shelf(self, categories: frozenset[str]) -> list[ExpiringLine]:
        """Expired batches of items of these categories still on the shelf at ``as_of``."""
        return [line for line in self.expiring if line.expired and line.category in categories]
