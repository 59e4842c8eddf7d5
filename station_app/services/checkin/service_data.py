"""Plain dataclasses the service log takes and returns: service types and service records.

Times are aware UTC (the UI shows local time); filter dates are local calendar dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceTypeView:
    id: int
    code: str
    label: str  # in the user's language
    builtin: bool
    active: bool
    sort_order: int
    consumes_item_id: int | None
    consumes_item_name: str  # "" when it consumes nothing
    consumes_quantity: int  # per service given


@dataclass(frozen=True)
class ServiceFilter:
    """Which service records to list; every part is optional. Dates are local, inclusive."""

    start: dt.date | None = None
    end: dt.date | None = None
    service_code: str | None = None
    occupation_code: str | None = None


@dataclass(frozen=True)
class ServiceRecordView:
    id: int
    visit_id: int
    recorded_at: dt.datetime
    service_code: str
    service_label: str
    quantity: int  # how many times the service was given in this record
    occupation_label: str  # of the visit
    worker_name: str  # "" when anonymous or erased
    item_name: str  # the item it consumed, "" when none
    item_quantity: int  # units taken from stock (positive), 0 when none
    stock_movement_id: int | None
