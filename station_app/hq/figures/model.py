"""What the figures functions return: plain frozen dataclasses, ready for a template, a
CSV export or the PDF. Names are already in the current language; codes stay beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from station_app.domain.periods import Period
from station_app.domain.summary_format import Metric

# Level metrics: the state at the end of a day. A period's value is each station's level on
# the last day of the period it reported (summed over stations), never a sum over days.
LEVEL_METRICS = frozenset({Metric.STOCK_LEVEL, Metric.OVERDUE_LOANS})


@dataclass(frozen=True)
class Scope:
    """Which stations a viewer may see: ``districts`` None = every station (HQ admin)."""

    districts: frozenset[str] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(None)

    @classmethod
    def of(cls, districts: Iterable[str]) -> Scope:
        return cls(frozenset(districts))

    def allows(self, district: str) -> bool:
        return self.districts is None or district in self.districts


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent; None when nothing was expected (not 0 %, not 100 %)."""
    return None if whole == 0 else 100.0 * part / whole


@dataclass(frozen=True)
class Compared:
    """A figure for the period and for the previous one."""

    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_percent(self) -> float | None:
        """The change in percent of the previous value; None when that was 0."""
        return None if self.previous == 0 else 100.0 * self.change / self.previous


@dataclass(frozen=True)
class MetricFigure:
    """One metric of the summary format over the period (``total`` dimension; for services,
    items and stock the sum of their rows); ``level``: a level at the period's end."""

    metric: Metric
    label: str
    level: bool
    current: int
    previous: int

    @property
    def compared(self) -> Compared:
        return Compared(self.current, self.previous)


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown (by occupation, service, district, hour, item): its code, its
    display name, this period's value and the previous period's."""

    code: str
    name: str
    current: int
    previous: int

    @property
    def compared(self) -> Compared:
        return Compared(self.current, self.previous)


@dataclass(frozen=True)
class DayFigure:
    """Visits on a day of the period, beside the same day of the previous period (the day
    as many days from its start; None past the previous period's end)."""

    day: dt.date
    visits: int
    previous_day: dt.date | None
    previous_visits: int


@dataclass(frozen=True)
class Overview:
    period: Period
    previous: Period
    metrics: tuple[MetricFigure, ...]  # every Metric, in the format's order
    card_visits: Compared
    anonymous_visits: Compared
    days: tuple[DayFigure, ...]  # every day of the period
    by_occupation: tuple[Breakdown, ...]  # visits; largest first
    by_service: tuple[Breakdown, ...]  # services given; largest first
    by_district: tuple[Breakdown, ...]  # visits; largest first (every district in scope)
    by_hour: tuple[Breakdown, ...]  # visits by hour of check-in, in hour order ("07")
    by_item: tuple[Breakdown, ...]  # units handed out, by item name; largest first

    def metric(self, metric: Metric) -> MetricFigure:
        return next(figure for figure in self.metrics if figure.metric is metric)


@dataclass(frozen=True)
class StationTotal:
    """A station's sums over a period (the by-station table of the rollup)."""

    code: str
    name: str
    district: str
    active: bool
    days_received: int
    visits: int
    card_visits: int
    anonymous_visits: int
    distinct_workers: int
    services: int
    items_issued: int


@dataclass(frozen=True)
class StationReporting:
    """A station's reporting over the period, DHIS2-style (see ``reporting``)."""

    code: str
    name: str
    district: str
    active: bool
    expected: int  # days it should have reported
    received: int  # of those, days HQ holds an applied batch for
    on_time: int  # of those, days whose first batch arrived within the timely days
    missing: tuple[dt.date, ...]  # expected days not received, oldest first
    last_day: dt.date | None  # the latest day ever received (not only in the period)
    last_contact: dt.datetime | None  # when its latest batch arrived (aware UTC)
    silent: bool  # active, and its latest report is older than it should be

    @property
    def completeness(self) -> float | None:
        return percent(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        return percent(self.on_time, self.expected)


@dataclass(frozen=True)
class DistrictReporting:
    """The stations of a district added up ("" with ``everything``: all in scope)."""

    district: str
    stations: int
    expected: int
    received: int
    on_time: int
    silent: int

    @property
    def completeness(self) -> float | None:
        return percent(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        return percent(self.on_time, self.expected)


@dataclass(frozen=True)
class Reporting:
    period: Period
    today: dt.date
    timely_days: int
    stations: tuple[StationReporting, ...]  # by district, then code
    districts: tuple[DistrictReporting, ...]  # by district name
    total: DistrictReporting  # every station in scope

    @property
    def silent(self) -> tuple[StationReporting, ...]:
        return tuple(station for station in self.stations if station.silent)


@dataclass(frozen=True)
class StationDay:
    """A station's day: what it reported (zeros and ``received`` False when nothing)."""

    day: dt.date
    received: bool
    first_received_at: dt.datetime | None
    visits: int
    card_visits: int
    anonymous_visits: int
    distinct_workers: int
    new_registrations: int
    union_members: int
    wants_to_join: int
    services: int
    items_issued: int
    stock_level: int
    overdue_loans: int


@dataclass(frozen=True)
class ItemLevel:
    """An item's stock at the end of ``day``, the latest day the station reported it."""

    item: str
    level: int
    day: dt.date


@dataclass(frozen=True)
class StationFigures:
    code: str
    name: str
    district: str
    address: str
    opening_hours: str
    opened_on: dt.date | None
    closed_weekdays: str
    active: bool
    added_at: dt.datetime
    period: Period
    days: tuple[StationDay, ...]  # every day of the period
    metrics: tuple[MetricFigure, ...]  # over the period (previous: the period before)
    by_occupation: tuple[Breakdown, ...]  # visits in the period (previous: the one before)
    by_service: tuple[Breakdown, ...]
    by_item: tuple[Breakdown, ...]  # units handed out
    stock: tuple[ItemLevel, ...]  # latest levels reported up to the period's end, lowest first
    overdue_loans: int  # at the end of the latest day reported up to the period's end
    overdue_day: dt.date | None
    last_day: dt.date | None
    last_contact: dt.datetime | None

    def metric(self, metric: Metric) -> MetricFigure:
        return next(figure for figure in self.metrics if figure.metric is metric)


@dataclass(frozen=True)
class LiveStation:
    code: str
    name: str
    district: str
    active: bool
    last_day: dt.date | None  # the latest day received
    last_day_visits: int  # visits on that day
    last_contact: dt.datetime | None
    reported_yesterday: bool


@dataclass(frozen=True)
class LiveState:
    """The big screen: the latest closed day (yesterday) and this week so far."""

    today: dt.date
    yesterday: dt.date
    week: Period  # the week holding today
    yesterday_visits: Compared  # beside the same weekday a week earlier
    yesterday_services: int
    yesterday_distinct_workers: int
    week_visits: Compared  # this week up to yesterday, beside the same days of last week
    week_services: int
    week_distinct_workers: int
    week_by_occupation: tuple[Breakdown, ...]  # previous: the same days of last week
    stations: tuple[LiveStation, ...]  # by district, then code
    stations_reported_yesterday: int
    active_stations: int
