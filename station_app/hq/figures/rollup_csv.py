"""The rollup as one CSV table in long form (``station-app hq report`` without a PDF):
one section after another, so a spreadsheet can filter by the first column. Section names
are stable identifiers; names are in the current language beside the codes.

``days_reported``: days of the period HQ holds a batch for; ``not_reported``: active
stations with none; ``days_not_reported``: stations missing days they were expected to
report (``value``: how many; see ``reporting``)."""

from __future__ import annotations

import datetime as dt

from station_app.domain.periods import Period
from station_app.hq.db import HqDatabase
from station_app.hq.figures.export import table_csv
from station_app.hq.figures.model import Scope
from station_app.hq.figures.queries import (
    DEFAULT_TIMELY_DAYS,
    overview,
    reporting,
    station_totals,
)

CSV_COLUMNS = (
    "section",
    "code",
    "name",
    "district",
    "value",
    "previous_value",
    "days_reported",
    "days_expected",
)


def rollup_csv(
    db: HqDatabase,
    scope: Scope,
    period: Period,
    *,
    today: dt.date | None = None,
    timely_days: int = DEFAULT_TIMELY_DAYS,
    zone: dt.tzinfo | None = None,
) -> bytes:
    """The rollup of ``period`` as CSV bytes (``table_csv``: Excel-friendly)."""
    figures = overview(db, scope, period, previous=period.previous())
    report = reporting(
        db, scope, period, timely_days=timely_days, today=today or period.after_end, zone=zone
    )
    expected = {row.code: row for row in report.stations}
    rows: list[tuple[object, ...]] = []
    for figure in figures.metrics:
        rows.append(
            (
                "metric",
                figure.metric.value,
                figure.label,
                "",
                figure.current,
                figure.previous,
                "",
                "",
            )
        )
    totals = station_totals(db, scope, period)
    for total in totals:
        row = expected.get(total.code)
        rows.append(
            (
                "visits_by_station",
                total.code,
                total.name,
                total.district,
                total.visits,
                "",
                total.days_received,
                row.expected if row is not None else "",
            )
        )
    sections = (
        ("visits_by_district", figures.by_district),
        ("visits_by_occupation", figures.by_occupation),
        ("services_by_type", figures.by_service),
        ("items_issued", figures.by_item),
    )
    for section, breakdown in sections:
        for item in breakdown:
            district = item.code if section == "visits_by_district" else ""
            rows.append(
                (section, item.code, item.name, district, item.current, item.previous, "", "")
            )
    for total in totals:
        if total.active and total.days_received == 0:
            rows.append(("not_reported", total.code, total.name, total.district, "", "", 0, ""))
    for station in report.stations:
        if station.expected and station.received < station.expected:
            rows.append(
                (
                    "days_not_reported",
                    station.code,
                    station.name,
                    station.district,
                    station.expected - station.received,
                    "",
                    station.received,
                    station.expected,
                )
            )
    return table_csv(CSV_COLUMNS, rows)
