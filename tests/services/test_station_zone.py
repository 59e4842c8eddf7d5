"""The station's days are those of its time-zone setting (Asia/Shanghai unless changed),
whatever zone the PC is set to: the same database gives the same figures everywhere."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.config.settings import STATION_ZONE, InvalidSetting
from station_app.demo.fill import DemoService
from station_app.domain.periods import week_of

CHILD = Path(__file__).with_name("zone_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _figures(data_dir: Path, week: str, tz: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": tz}
    out = subprocess.run(
        [sys.executable, str(CHILD), str(data_dir), week],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return dict(json.loads(out))


def test_the_same_database_gives_the_same_week_on_a_pc_in_any_zone(
    station: Station, clock: FrozenClock
) -> None:
    # Given a station with two weeks of visits, at every hour of the day
    until = clock.today() - dt.timedelta(days=1)
    DemoService(station.db).fill(seed=4, days=14, until=until, busy=0.6)
    data_dir = station.paths.root
    station.close()
    week = week_of(until - dt.timedelta(days=7))
    label = f"{week.start.isocalendar().year}-W{week.start.isocalendar().week:02d}"
    # When its weekly figures are counted on PCs set to UTC, to Beijing and to New York
    utc = _figures(data_dir, label, "UTC0")
    beijing = _figures(data_dir, label, "CST-8")
    new_york = _figures(data_dir, label, "EST5EDT")
    # Then they are the same, and the days are the station's (Beijing) days
    assert utc == beijing == new_york
    assert utc["visits"] > 0
    assert utc["today"] == str(clock.today())


def test_the_zone_setting_moves_the_day_boundary(data_dir: Path, clock: FrozenClock) -> None:
    # Given a visit at 07:30 in Beijing, which is 23:30 the evening before in UTC
    clock.set(dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC))
    station = open_station(data_dir, clock=clock)
    try:
        station.checkin.anonymous("sanitation", 1)
        # Then with the default zone it is a visit of the 25th, the station's today
        assert clock.today() == dt.date(2026, 11, 25)
        assert station.checkin.today().visits == 1
        # And with the station set to UTC it belongs to the 24th, at once
        station.settings.set(STATION_ZONE, "UTC")
        assert clock.today() == dt.date(2026, 11, 24)
        assert station.checkin.today().visits == 1
        clock.set(dt.datetime(2026, 11, 25, 0, 30, tzinfo=dt.UTC))
        assert station.checkin.today().visits == 0
    finally:
        station.close()


def test_a_zone_that_does_not_exist_is_refused_in_words() -> None:
    with pytest.raises(InvalidSetting, match="Asia/Shanghai"):
        STATION_ZONE.check("Mars/Olympus")
    assert STATION_ZONE.check("Europe/Berlin") == "Europe/Berlin"
