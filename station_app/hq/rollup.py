"""HQ's rollup tables: the stations' figures added up as they arrive, so that a dashboard page
reads a few rows per day of its period instead of every station's rows.

They hold nothing that ``hq_value`` and ``hq_batch`` do not: ``figures.rollups.rebuild_rollups``
makes them again from those. Kept apart from ``hq.db``'s declarative base (their own
``MetaData``, created by ``create_schema``) so that ``hq.db`` can create them without the
two modules importing each other; for the same reason they carry no foreign keys.

Overflow: a value may have 18 digits and a sum of many of them does not fit a 64-bit
integer (SQLite's SUM raises, a BIGINT column refuses it). Every figure is therefore kept in
two BIGINT parts, ``hi`` (the value divided by ``SPLIT``) and ``lo`` (the remainder), each
summed on its own, which no realistic number of rows can overflow; the reader adds
``hi * SPLIT + lo`` in Python, where integers have no limit.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

from station_app.db.models.base import NAMING_CONVENTION
from station_app.db.types import UTCDateTime

SPLIT = 1_000_000_000

ROLLUP_METADATA = MetaData(naming_convention=NAMING_CONVENTION)

# The figures kept per station and day (``station_day``): name -> (metric, dimension), where
# a dimension of None is the sum of all the metric's rows (services, items issued, stock have
# no ``total`` row in the format).
STATION_DAY_FIGURES: dict[str, tuple[str, str | None]] = {
    "visits": ("visits", "total"),
    "visits_card": ("visits", "source:card"),
    "visits_anonymous": ("visits", "source:anonymous"),
    "distinct_workers": ("distinct_workers", "total"),
    "new_registrations": ("new_registrations", "total"),
    "union_members": ("union_members", "total"),
    "wants_to_join": ("wants_to_join", "total"),
    "services": ("services", None),
    "items_issued": ("items_issued", None),
    "stock_level": ("stock_level", None),
    "overdue_loans": ("overdue_loans", "total"),
}

# The dimension under which ``district_day`` keeps the sum of a metric whose rows have no
# ``total`` (the format never uses it for those metrics, so it cannot clash).
SUMMED = "total"
SUMMED_METRICS = frozenset({"services", "items_issued", "stock_level"})


def _split_columns(name: str) -> list[Column[int]]:
    return [
        Column(f"{name}_hi", BigInteger, nullable=False, default=0),
        Column(f"{name}_lo", BigInteger, nullable=False, default=0),
    ]


# Per district, day, metric and dimension: the sum over the district's stations.
district_day = Table(
    "hq_roll_district_day",
    ROLLUP_METADATA,
    Column("day", Date, nullable=False),
    Column("district", String(200), nullable=False),
    Column("metric", String(40), nullable=False),
    Column("dimension", String(200), nullable=False),
    *_split_columns("value"),
    PrimaryKeyConstraint("day", "district", "metric", "dimension"),
    # One figure over a period (visits per day, per district) without the other dimensions.
    Index("ix_hq_roll_district_day_metric", "metric", "dimension", "day"),
)

# Per station and day it sent an applied batch for: the totals the pages show, and when
# the day first arrived (timeliness counts the first delivery, not a later correction).
station_day = Table(
    "hq_roll_station_day",
    ROLLUP_METADATA,
    Column("station_code", String(40), nullable=False),
    Column("day", Date, nullable=False),
    Column("first_received_at", UTCDateTime, nullable=False),
    *[column for name in STATION_DAY_FIGURES for column in _split_columns(name)],
    PrimaryKeyConstraint("station_code", "day"),
    Index("ix_hq_roll_station_day_day", "day", "station_code"),
)

# Per station: its latest contact (any batch received) and latest day applied.
station_last = Table(
    "hq_roll_station",
    ROLLUP_METADATA,
    Column("station_code", String(40), primary_key=True),
    Column("last_contact", UTCDateTime, nullable=True),
    Column("last_day", Date, nullable=True),
)


# Per station and month: when each day of the month first arrived, one character a day, so
# that reporting over a month reads one short row per station instead of one per day.
# Character ``d - 1`` is day ``d``: ``NOT_RECEIVED``, or the arrival's lag in days (the
# day HQ first received it on its calendar, less the day itself), ``LAGS[lag]``, capped.
station_month = Table(
    "hq_roll_station_month",
    ROLLUP_METADATA,
    Column("station_code", String(40), nullable=False),
    Column("month", Date, nullable=False),  # its first day
    Column("arrivals", String(31), nullable=False),
    PrimaryKeyConstraint("station_code", "month"),
    Index("ix_hq_roll_station_month_month", "month", "station_code"),
)
NOT_RECEIVED = "-"
LAGS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
MAX_LAG = len(LAGS) - 1  # a later arrival counts as this late: beyond any timeliness rule


def lag_mark(lag_days: int) -> str:
    return LAGS[min(max(lag_days, 0), MAX_LAG)]


def joined(hi: int | None, lo: int | None) -> int:
    """A figure from its two summed parts (None, an empty sum, is 0)."""
    return int(hi or 0) * SPLIT + int(lo or 0)


def split(value: int) -> tuple[int, int]:
    """A value's two parts, as stored."""
    return divmod(value, SPLIT)
