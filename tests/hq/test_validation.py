"""HQ's validation rules on SQLite and PostgreSQL: each refuses its batch naming the rule and
the line with nothing stored, or stores the day and flags it until a clean revision comes."""

from __future__ import annotations

import datetime as dt

import pytest

from station_app.domain.periods import day_range
from station_app.hq.db import HqDatabase
from station_app.hq.figures import Scope, evaluations
from station_app.hq.ingest import IngestResult, Outcome, ingest
from station_app.hq.stations import add_station
from station_app.hq.validation import RULES, Flag, Kind, flags
from tests.clock_support import START, frozen_clock
from tests.fuzz.conftest import dump
from tests.hq.batches import BASIC, DAY, Batch, Figures, StationKey, make_batch, new_station
from tests.hq.batches import stored_values as stored

WEEK = day_range(DAY - dt.timedelta(days=3), DAY + dt.timedelta(days=3))

# A day as a station sends it: every breakdown present and adding up.
FULL: Figures = {
    **BASIC,
    ("visits", "source:card"): 9,
    ("visits", "source:anonymous"): 3,
    ("visits", "hour:08"): 8,
    ("visits", "hour:17"): 4,
}


# Format v2's figures of a sound day: 720 minutes posted, 60 of them missed.
V2_DAY = {
    "posted_minutes": 720,
    "open_minutes": 660,
    "missed_minutes": 60,
    "closed_day": 0,
    "expired_batches": 1,
    "below_minimum": 0,
    "self_check_age_days": 12,
    "self_check_missing": 2,
}

# A day with activities: two held, thirty people reached, water handed out.
ACTIVITY_DAY: Figures = {
    ("activities", "total"): 2,
    ("activities", "type:haircut"): 1,
    ("activities", "type:legal_advice"): 1,
    ("activity_people", "total"): 30,
    ("activity_people", "occupation:courier"): 10,
    ("activity_people", "occupation:sanitation"): 20,
    ("activity_items", "item:饮用水"): 40,
}


@pytest.fixture
def station(hq_db: HqDatabase) -> StationKey:
    key = new_station("HF-LY-0001")
    add_station(
        hq_db, key.code, name="龙岗驿站", district="龙岗区", key_text=key.key_file, now=START
    )
    return key


def _send(db: HqDatabase, batch: Batch) -> IngestResult:
    return ingest(
        db.sessions,
        batch.manifest_json,
        batch.csv,
        station_code_from_token=batch.manifest.station_code,
        clock=frozen_clock(),
    )


def _line(batch: Batch, metric: str, dimension: str) -> int:
    lines = batch.csv.decode().split("\r\n")
    return next(n for n, text in enumerate(lines, 1) if f",{metric},{dimension}," in text)


def test_a_sound_day_is_stored_without_flags(hq_db: HqDatabase, station: StationKey) -> None:
    result = _send(hq_db, make_batch(station, FULL))

    assert result.applied
    assert flags(hq_db, None, WEEK) == []


def test_a_sound_v2_day_is_stored_without_flags(hq_db: HqDatabase, station: StationKey) -> None:
    figures = {**FULL, **{(metric, "total"): n for metric, n in V2_DAY.items()}}
    result = _send(hq_db, make_batch(station, figures))

    assert result.applied
    assert flags(hq_db, None, WEEK) == []
    assert stored(hq_db, station.code) == figures


def test_a_v2_day_with_activities_is_stored_and_counted(
    hq_db: HqDatabase, station: StationKey
) -> None:
    v2 = {(metric, "total"): n for metric, n in V2_DAY.items()}
    before = {**FULL, **v2}
    yesterday = DAY - dt.timedelta(days=1)
    assert _send(hq_db, make_batch(station, before, day=yesterday)).applied
    # The day before came from a v2 station not yet sending activities: not reported
    (older,) = evaluations(hq_db, Scope.everything(), day_range(yesterday, yesterday)).values()
    assert (older.activities, older.activity_people) == (None, None)

    result = _send(hq_db, make_batch(station, {**FULL, **v2, **ACTIVITY_DAY}))

    assert result.applied
    assert flags(hq_db, None, WEEK) == []
    assert stored(hq_db, station.code) == {**FULL, **v2, **ACTIVITY_DAY}
    (week,) = evaluations(hq_db, Scope.everything(), WEEK).values()
    assert (week.days, week.activities, week.activity_people) == (2, 2, 30)


REFUSED = [
    # (rule, figures, the (metric, dimension) whose line is named)
    (
        "visits_parts_above_total",
        {**FULL, ("visits", "source:card"): 10},
        ("visits", "total"),
    ),
    (
        "visits_parts_above_total",
        {**FULL, ("visits", "occupation:courier"): 8},
        ("visits", "total"),
    ),
    ("visits_parts_above_total", {**FULL, ("visits", "hour:08"): 9}, ("visits", "total")),
    (
        "members_above_workers",
        {**FULL, ("union_members", "total"): 5},
        ("union_members", "total"),
    ),
    (
        "wanting_above_workers",
        {**FULL, ("wants_to_join", "total"): 5},
        ("wants_to_join", "total"),
    ),
    (
        "open_and_missed_above_posted",
        {**FULL, **{(m, "total"): n for m, n in V2_DAY.items()}, ("missed_minutes", "total"): 61},
        ("open_minutes", "total"),
    ),
    (
        "closed_day_with_hours",
        {**FULL, **{(m, "total"): n for m, n in V2_DAY.items()}, ("closed_day", "total"): 1},
        ("closed_day", "total"),
    ),
    (
        "self_check_half",
        {**FULL, ("self_check_missing", "total"): 2},
        ("self_check_missing", "total"),
    ),
    ("activity_half", {**FULL, ("activities", "total"): 1}, ("activities", "total")),
    (
        "activity_parts_differ",
        {**FULL, **ACTIVITY_DAY, ("activities", "type:haircut"): 2},
        ("activities", "type:haircut"),
    ),
    (
        "activity_parts_differ",
        {**FULL, **ACTIVITY_DAY, ("activity_people", "occupation:courier"): 9},
        ("activity_people", "occupation:courier"),
    ),
    (
        "reached_without_activity",
        {**FULL, ("activities", "total"): 0, ("activity_people", "total"): 5},
        ("activity_people", "total"),
    ),
]


@pytest.mark.parametrize(("rule", "figures", "where"), REFUSED)
def test_figures_that_cannot_be_are_refused_with_their_line(
    hq_db: HqDatabase,
    station: StationKey,
    rule: str,
    figures: Figures,
    where: tuple[str, str],
) -> None:
    batch = make_batch(station, figures)
    before = dump(hq_db.engine)

    result = _send(hq_db, batch)

    assert RULES[rule].kind is Kind.REFUSE
    assert result.outcome is Outcome.INVALID and result.http_status == 422
    assert [(p.rule, p.line) for p in result.problems] == [(rule, _line(batch, *where))]
    assert dump(hq_db.engine) == before


def test_a_day_not_over_anywhere_is_refused(hq_db: HqDatabase, station: StationKey) -> None:
    # HQ's clock: 24 November 00:47 UTC. The 24th is not over even at UTC+14 (until 10:00 UTC).
    today = START.date()
    before = dump(hq_db.engine)

    result = _send(hq_db, make_batch(station, FULL, day=today))
    yesterday = _send(hq_db, make_batch(station, FULL, day=today - dt.timedelta(days=1)))

    assert [(p.rule, p.line) for p in result.problems] == [("future_day", 0)]
    assert "2026-11-24" in result.message()
    assert yesterday.applied
    assert stored(hq_db, station.code, today) == {}
    assert before != dump(hq_db.engine)  # only yesterday's day was stored


FLAGGED = [
    # (rule, figures, the (metric, dimension) whose line is named, words of the message)
    (
        "visits_parts_below_total",
        {**FULL, ("visits", "hour:17"): 3},
        ("visits", "total"),
        "11",
    ),
    (
        "workers_above_visits",
        {**FULL, ("distinct_workers", "total"): 10},
        ("distinct_workers", "total"),
        "10",
    ),
    (
        "unknown_occupation",
        {**FULL, ("visits", "occupation:courier"): 6, ("visits", "occupation:pilot"): 1},
        ("visits", "occupation:pilot"),
        "pilot",
    ),
    (
        "unknown_service",
        {**FULL, ("services", "type:massage"): 2},
        ("services", "type:massage"),
        "massage",
    ),
    (
        "implausible_value",
        {**FULL, ("services", "type:hot_water"): 10_001},
        ("services", "type:hot_water"),
        "10001",
    ),
]


@pytest.mark.parametrize("case", FLAGGED, ids=[case[0] for case in FLAGGED])
def test_doubtful_figures_are_stored_and_flagged_until_a_clean_revision(
    hq_db: HqDatabase, station: StationKey, case: tuple[str, Figures, tuple[str, str], str]
) -> None:
    rule, figures, where, words = case
    batch = make_batch(station, figures)

    result = _send(hq_db, batch)
    flagged = flags(hq_db, [station.code], WEEK)
    elsewhere = flags(hq_db, ["HF-LY-0002"], WEEK)
    _send(hq_db, make_batch(station, FULL, revision=2))

    assert RULES[rule].kind is Kind.FLAG
    assert result.applied
    assert stored(hq_db, station.code) == FULL  # the clean revision's figures
    assert [(f.station_code, f.day, f.rule, f.line) for f in flagged] == [
        (station.code, DAY, rule, _line(batch, *where))
    ]
    assert words in flagged[0].message
    assert elsewhere == []
    assert flags(hq_db, None, WEEK) == []


def test_a_stations_own_codes_are_not_flagged(hq_db: HqDatabase, station: StationKey) -> None:
    figures = {
        **FULL,
        ("visits", "occupation:courier"): 6,
        ("visits", "occupation:custom_2"): 1,
        ("services", "type:own_12"): 1,
        ("services", "type:own_3_"): 1,
    }

    assert _send(hq_db, make_batch(station, figures)).applied
    assert flags(hq_db, None, WEEK) == []


def test_an_older_revision_does_not_bring_its_flags_back(
    hq_db: HqDatabase, station: StationKey
) -> None:
    _send(hq_db, make_batch(station, FULL, revision=2))

    late = _send(hq_db, make_batch(station, {**FULL, ("services", "type:massage"): 2}))

    assert late.outcome is Outcome.SUPERSEDED
    assert flags(hq_db, None, WEEK) == []


def test_flags_are_listed_by_day_and_station_for_a_period(
    hq_db: HqDatabase, station: StationKey
) -> None:
    other = new_station("HF-LY-0002")
    add_station(hq_db, other.code, name="二号站", district="", key_text=other.key_file, now=START)
    odd = {**FULL, ("services", "type:massage"): 2}
    for key in (other, station):
        for day in (DAY, DAY - dt.timedelta(days=1), DAY - dt.timedelta(days=10)):
            _send(hq_db, make_batch(key, odd, day=day))

    listed = flags(hq_db, None, WEEK)
    one = flags(hq_db, [other.code], WEEK)

    assert [(f.day, f.station_code) for f in listed] == [
        (DAY - dt.timedelta(days=1), station.code),
        (DAY - dt.timedelta(days=1), other.code),
        (DAY, station.code),
        (DAY, other.code),
    ]
    assert all(isinstance(f, Flag) and f.rule == "unknown_service" for f in listed)
    assert [f.station_code for f in one] == [other.code, other.code]
