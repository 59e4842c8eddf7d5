"""Opening hours kept: the station's posted hours against the time an attendant was signed
in, day by day, on a real station file, as the weekly report prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.app import Station, open_station
from station_app.clock import FrozenClock
from station_app.config.settings import CLOSED_DAYS, POSTED_HOURS
from station_app.domain.accounts import Role
from station_app.domain.errors import ServiceError
from station_app.domain.periods import week_of
from station_app.reports.period_pdf import period_report_pdf
from tests.reports.tools import needs_poppler, pdf_text
from tests.services.helpers import CHINA, beijing

ADMIN_PIN, CLERK_PIN = "2468", "1357"
# Tuesday 24 November 2026 is set-up day; Monday and Wednesday to Friday are posted.
WEEK = ("07:00-19:00", "", "07:00-19:00", "07:00-19:00", "07:00-19:00", "", "")


@pytest.fixture
def people(ready: Station, clock: FrozenClock) -> dict[str, int]:
    """The admin (who posts the hours and a repairs day on Friday) and an attendant."""
    admin = ready.accounts.create_first_admin("王站长", ADMIN_PIN, ADMIN_PIN)
    clerk = ready.accounts.add("李明", Role.ATTENDANT, CLERK_PIN, CLERK_PIN)
    ready.config.change(
        {POSTED_HOURS.key: list(WEEK), CLOSED_DAYS.key: [["2026-11-27", "设备维修"]]}
    )
    ready.accounts.sign_out()
    return {"admin": admin.id, "clerk": clerk.id}


def test_a_day_of_hand_overs_misses_only_the_late_start_and_early_close(
    ready: Station, clock: FrozenClock, people: dict[str, int], tmp_path: Path
) -> None:
    clock.set(beijing(25, 7, 10))
    ready.accounts.sign_in(people["admin"], ADMIN_PIN)
    clock.set(beijing(25, 12, 0))
    ready.accounts.sign_out()  # the hand-over: the next attendant signs in a minute later
    clock.set(beijing(25, 12, 1))
    ready.accounts.sign_in(people["clerk"], CLERK_PIN)
    clock.set(beijing(25, 18, 30))
    ready.accounts.sign_out()
    clock.set(beijing(28, 9, 0))  # Saturday: the week so far

    days = {day.day.day: day for day in ready.reports.opening_days(week_of(clock.today()))}
    wednesday = days[25]
    assert wednesday.posted is not None and wednesday.posted.text() == "07:00-19:00"
    assert wednesday.first_open == beijing(25, 7, 10)
    assert wednesday.last_close == beijing(25, 18, 30)
    assert wednesday.minutes_missed == 10 + 30
    assert wednesday.minutes_open == 720 - 40
    # Nobody signed in all Thursday, a posted day: all of it missed.
    assert days[26].first_open is None and days[26].minutes_missed == 720
    # Friday was declared closed for repairs: nothing missed, the note kept.
    assert days[27].declared_closed and days[27].closed_note == "设备维修"
    assert days[27].minutes_missed == 0
    # Set-up day and the weekend are not posted: the half-hour of set-up is no "missed".
    assert days[24].posted is None and days[24].minutes_missed == 0
    # Monday came before the app was first used: not "missed".
    assert days[23].posted is not None and days[23].minutes_missed == 0

    report = ready.reports.period_report(week_of(clock.today()), now=clock.now(), zone=CHINA)
    assert report.minutes_missed == 40 + 720
    target = tmp_path / "week.pdf"
    period_report_pdf(report, target, zone=CHINA)
    text = pdf_text(target)
    assert "营业时间" in text
    assert "07:10" in text and "18:30" in text
    assert "设备维修" in text
    assert "760" in text


def test_an_app_closed_without_signing_out_ends_at_the_last_thing_done(
    ready: Station, clock: FrozenClock, people: dict[str, int], data_dir: Path
) -> None:
    ready.close()
    # Left on at the sign-in screen until 08:00: not open.
    clock.set(beijing(25, 8, 0))
    again = open_station(data_dir, clock=clock, console=False)
    try:
        again.accounts.sign_in(people["admin"], ADMIN_PIN)
        clock.set(beijing(25, 10, 0))
        again.accounts.add("张华", Role.ATTENDANT, "9753", "9753")
        # While the admin is on duty the day so far counts as open.
        (now_open,) = [
            d for d in again.reports.opening_days(week_of(clock.today())) if d.day.day == 25
        ]
        assert now_open.minutes_missed == 60 and now_open.minutes_open == 120
    finally:
        again.close()  # the PC switched off, nobody signed out
    clock.set(beijing(26, 9, 0))
    later = open_station(data_dir, clock=clock, console=False)
    try:
        (wednesday,) = [
            d for d in later.reports.opening_days(week_of(clock.today())) if d.day.day == 25
        ]
    finally:
        later.close()
    assert wednesday.first_open == beijing(25, 8, 0)
    assert wednesday.last_close == beijing(25, 10, 0)
    assert wednesday.minutes_missed == 60 + 9 * 60


@pytest.mark.parametrize(
    ("hours", "problem"),
    [
        ("7点到19点", "07:00-19:00"),
        ("19:00-07:00", "after the opening"),
        ("25:00-26:00", "not a time"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_saved(
    ready: Station, people: dict[str, int], hours: str, problem: str
) -> None:
    from station_app.i18n import install

    install("en")
    ready.accounts.sign_in(people["admin"], ADMIN_PIN)
    week = [*WEEK[:6], hours]
    with pytest.raises(ServiceError, match=problem):
        ready.config.change({POSTED_HOURS.key: week, CLOSED_DAYS.key: []})
    assert ready.settings.get(POSTED_HOURS) == WEEK
    assert ready.settings.get(CLOSED_DAYS) == (("2026-11-27", "设备维修"),)


pytestmark = needs_poppler
