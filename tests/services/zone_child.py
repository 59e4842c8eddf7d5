"""Prints a station's weekly figures and one day's summary as JSON, for the time-zone test
to run under several ``TZ`` settings of the process. Run as
``python zone_child.py DATA_DIR WEEK`` (a week such as 2026-W47)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

from station_app.app import open_station
from station_app.domain.periods import parse_week
from tests.clock_support import frozen_clock


def main() -> None:
    station = open_station(Path(sys.argv[1]), clock=frozen_clock())
    try:
        week = parse_week(sys.argv[2])
        report = station.reports.period_report(week)
        figures = {
            "visits": report.visits.value,
            "distinct_workers": report.distinct_workers.value,
            "by_day": [(str(d.day), d.value) for d in report.visits_by_day],
            "by_hour": report.by_hour,
            "by_occupation": [dataclasses.astuple(c) for c in report.by_occupation],
            "summary": [
                (str(r.metric), r.dimension, r.value)
                for r in station.summaries.day_rows(week.start + dt.timedelta(days=2))
            ],
            "today": str(station.clock.today()),
        }
    finally:
        station.close()
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
