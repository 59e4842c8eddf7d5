"""HQ's figures, on SQLite and PostgreSQL, from real signed batches through ``ingest``: the
rollups equal the sums over the stored rows (after revisions, late retries and a station
changing district), every page's figures equal direct SQL over the stations' rows, and
reporting counts days as DHIS2 does (a missed day, a closed weekday, the opening day)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import case, func, select, text, update

from station_app.clock import FrozenClock
from station_app.domain.periods import Period, PeriodKind, parse_month, week_of
from station_app.domain.summary_format import MAX_VALUE, Metric
from station_app.hq import figures
from station_app.hq.db import HqBatch, HqDatabase, HqStation, HqValue
from station_app.hq.figures import Scope
from station_app.hq.figures.rollups import rebuild_rollups, set_district
from station_app.hq.ingest import Outcome, ingest
from station_app.hq.rollup import (
    district_day,
    joined,
    station_day,
    station_last,
    station_month,
)
from station_app.hq.stations import add_station
from station_app.i18n import _
from tests.clock_support import BEIJING, START
from tests.hq.batches import Figures, StationKey, make_batch, new_station
from tests.reports.tools import needs_poppler, pdf_text

MONDAY = dt.date(2026, 11, 2)  # 2026-W45
OCCUPATIONS = ("sanitation", "courier", "delivery_rider", "custom_1")
SERVICES = ("hot_water", "microwave", "own_2")
ITEMS = ("饮用水", "口罩", "雨伞")


def register(db: HqDatabase, code: str, district: str, *, name: str = "") -> StationKey:
    key = new_station(code)
    add_station(
        db,
        code,
        name=name or f"{district}{code[-2:]}号驿站",
        district=district,
        key_text=key.key_file,
        now=START - dt.timedelta(days=90),
    )
    return key


def send(
    db: HqDatabase,
    key: StationKey,
    day_figures: Figures,
    day: dt.date,
    *,
    revision: int = 1,
    at: dt.datetime | None = None,
) -> Outcome:
    """Deliver a station's day as the station would, received at ``at`` (HQ's clock:
    by default the next morning)."""
    received = at or dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9), BEIJING)
    batch = make_batch(key, day_figures, day=day, revision=revision)
    result = ingest(
        db.sessions,
        batch.manifest_json,
        batch.csv,
        station_code_from_token=key.code,
        clock=FrozenClock(received),
    )
    return result.outcome


def random_day(rng: random.Random, *, big: bool = False) -> Figures:
    """A plausible day: the visits add up by occupation, hour and source."""
    top = 10**17 if big else 40
    by_occupation = {code: rng.randint(0, top) for code in rng.sample(OCCUPATIONS, 3)}
    visits = sum(by_occupation.values())
    card = rng.randint(0, visits)
    workers = rng.randint(0, card)
    day: Figures = {
        ("visits", "total"): visits,
        ("visits", "source:card"): card,
        ("visits", "source:anonymous"): visits - card,
        ("visits", f"hour:{rng.randint(6, 20):02d}"): visits,
        ("distinct_workers", "total"): workers,
        ("new_registrations", "total"): rng.randint(0, 5),
        ("union_members", "total"): rng.randint(0, workers),
        ("wants_to_join", "total"): rng.randint(0, workers),
        ("overdue_loans", "total"): rng.randint(0, 4),
    }
    for code, count in by_occupation.items():
        day[("visits", f"occupation:{code}")] = count
    for code in rng.sample(SERVICES, 2):
        day[("services", f"type:{code}")] = rng.randint(0, top)
    for item in rng.sample(ITEMS, 2):
        day[("items_issued", f"item:{item}")] = rng.randint(0, top)
        day[("stock_level", f"item:{item}")] = rng.randint(0, top)
    return day


def set_station(db: HqDatabase, code: str, **values: object) -> None:
    with db.sessions() as session, session.begin():
        session.execute(update(HqStation).where(HqStation.code == code).values(**values))


def change_district(db: HqDatabase, code: str, district: str) -> None:
    """As the stations page does: the new district and the rollups moved, one transaction."""
    with db.engine.begin() as connection:
        set_district(connection, code, district)


# Direct SQL over the stations' rows, for comparison. Values are kept small where SQL sums
# them (SQLite's SUM stops at 64 bits; the rollups do not: see the big-value test).

METRIC_SQL = """
SELECT COALESCE(SUM(v.value), 0) FROM hq_value v JOIN hq_station s ON s.code = v.station_code
WHERE v.metric = :metric AND v.dimension LIKE :dimension AND v.date BETWEEN :start AND :end
AND (:all_districts OR s.district = :district)
"""


def sql_sum(
    db: HqDatabase,
    period: Period,
    metric: str,
    dimension: str = "total",
    district: str | None = None,
) -> int:
    with db.engine.connect() as connection:
        return int(
            connection.execute(
                text(METRIC_SQL),
                {
                    "metric": metric,
                    "dimension": dimension,
                    "start": period.start,
                    "end": period.end,
                    "all_districts": district is None,
                    "district": district or "",
                },
            ).scalar_one()
        )


def sql_levels(db: HqDatabase, period: Period, metric: str) -> int:
    """Each station's level on the latest day of the period it reported, summed."""
    with db.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    """
                    SELECT COALESCE(SUM(v.value), 0) FROM hq_value v
                    JOIN (SELECT station_code, MAX(date) AS last FROM hq_value
                          WHERE date BETWEEN :start AND :end GROUP BY station_code) m
                      ON m.station_code = v.station_code AND m.last = v.date
                    WHERE v.metric = :metric
                    """
                ),
                {"start": period.start, "end": period.end, "metric": metric},
            ).scalar_one()
        )


def rollup_snapshot(db: HqDatabase) -> tuple[dict[tuple[object, ...], int], ...]:
    with db.engine.connect() as connection:
        districts = {
            (row.day.isoformat(), row.district, row.metric, row.dimension): joined(
                row.value_hi, row.value_lo
            )
            for row in connection.execute(select(district_day))
        }
        days = {}
        for row in connection.execute(select(station_day)):
            for name in figures_names():
                days[(row.station_code, row.day, name)] = joined(
                    row._mapping[f"{name}_hi"], row._mapping[f"{name}_lo"]
                )
            days[(row.station_code, row.day, "first")] = int(row.first_received_at.timestamp())
        last = {
            (row.station_code,): (row.last_day, row.last_contact)
            for row in connection.execute(select(station_last))
        }
        months = {
            (row.station_code, row.month): row.arrivals
            for row in connection.execute(select(station_month))
        }
    nonzero = {key: value for key, value in districts.items() if value}
    return nonzero, days, last, months  # type: ignore[return-value]


def figures_names() -> list[str]:
    from station_app.hq.rollup import STATION_DAY_FIGURES

    return list(STATION_DAY_FIGURES)


def expected_rollups(db: HqDatabase) -> dict[tuple[object, ...], int]:
    """What the district rollup must hold, summed in SQL straight from hq_value."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                """
                SELECT v.date, s.district, v.metric, v.dimension, SUM(v.value)
                FROM hq_value v JOIN hq_station s ON s.code = v.station_code
                GROUP BY v.date, s.district, v.metric, v.dimension
                UNION ALL
                SELECT v.date, s.district, v.metric, 'total', SUM(v.value)
                FROM hq_value v JOIN hq_station s ON s.code = v.station_code
                WHERE v.metric IN ('services', 'items_issued', 'stock_level')
                GROUP BY v.date, s.district, v.metric
                """
            )
        ).all()
    # SQLite gives a date in raw SQL back as text.
    return {
        (str(day), district, metric, dim): int(total)
        for day, district, metric, dim, total in rows
        if total
    }


def test_rollups_equal_the_sums_over_the_stored_rows_after_many_random_ingests(
    hq_db: HqDatabase,
) -> None:
    rng = random.Random(17)
    districts = ("庐阳区", "蜀山区", "包河区")
    keys = [register(hq_db, f"HF-T-{n:04d}", districts[n % 3]) for n in range(5)]
    revisions: dict[tuple[str, dt.date], int] = defaultdict(int)
    outcomes: set[Outcome] = set()
    for step in range(120):
        key = rng.choice(keys)
        day = MONDAY + dt.timedelta(days=rng.randint(0, 20))
        late_retry = revisions[(key.code, day)] > 1 and rng.random() < 0.15
        revision = 1 if late_retry else revisions[(key.code, day)] + 1
        if not late_retry:
            revisions[(key.code, day)] = revision
        day_figures = random_day(rng)
        if rng.random() < 0.2:  # a revision that no longer has some rows
            day_figures = {k: v for k, v in day_figures.items() if k[0] != "items_issued"}
        at = dt.datetime.combine(day, dt.time(22), BEIJING) + dt.timedelta(hours=step)
        outcomes.add(send(hq_db, key, day_figures, day, revision=revision, at=at))
        if step == 60:
            change_district(hq_db, keys[0].code, "瑶海区")
    assert outcomes == {Outcome.APPLIED, Outcome.SUPERSEDED}

    incremental = rollup_snapshot(hq_db)
    assert incremental[0] == expected_rollups(hq_db)
    with hq_db.engine.connect() as connection:
        per_station_day = {
            (code, day): int(visits)
            for code, day, visits in connection.execute(
                select(HqValue.station_code, HqValue.date, HqValue.value).where(
                    HqValue.metric == "visits", HqValue.dimension == "total"
                )
            )
        }
        last = {
            code: (last_day, contact)
            for code, last_day, contact in connection.execute(
                select(
                    HqBatch.station_code,
                    func.max(case((HqBatch.applied, HqBatch.day))),
                    func.max(HqBatch.received_at),
                ).group_by(HqBatch.station_code)
            )
        }
    assert {
        (code, day): value
        for (code, day, name), value in incremental[1].items()
        if name == "visits"
    } == per_station_day
    assert {code: held for (code,), held in incremental[2].items()} == last
    assert {
        (code, month.replace(day=n + 1))
        for (code, month), marks in incremental[3].items()
        for n, mark in enumerate(marks)
        if mark != "-"
    } == set(per_station_day)

    with hq_db.engine.begin() as connection:
        rebuild_rollups(connection)
    assert rollup_snapshot(hq_db) == incremental


def test_sums_of_the_largest_values_the_format_accepts_do_not_overflow(
    hq_db: HqDatabase,
) -> None:
    largest = MAX_VALUE
    keys = [register(hq_db, f"HF-B-{n:04d}", "庐阳区") for n in range(12)]
    day: Figures = {
        ("visits", "total"): largest,
        ("visits", "occupation:courier"): largest,
        ("distinct_workers", "total"): 0,
        ("new_registrations", "total"): 0,
        ("union_members", "total"): 0,
        ("wants_to_join", "total"): 0,
        ("overdue_loans", "total"): largest,
        ("services", "type:hot_water"): largest,
        ("services", "type:microwave"): largest,
        ("stock_level", "item:饮用水"): largest,
    }
    week = week_of(MONDAY)
    for key in keys:
        for offset in range(3):
            assert send(hq_db, key, day, MONDAY + dt.timedelta(days=offset)) is Outcome.APPLIED

    seen = figures.overview(hq_db, Scope.everything(), week, previous=week.previous())

    assert seen.metric(Metric.VISITS).current == 36 * largest
    assert seen.metric(Metric.SERVICES).current == 72 * largest
    assert seen.metric(Metric.OVERDUE_LOANS).current == 12 * largest  # a level: one day each
    assert seen.metric(Metric.STOCK_LEVEL).current == 12 * largest
    assert seen.by_occupation[0].current == 36 * largest
    totals = figures.station_totals(hq_db, Scope.everything(), week)
    assert [total.services for total in totals] == [6 * largest] * 12
    station = figures.station_figures(hq_db, keys[0].code, week)
    assert station.metric(Metric.SERVICES).current == 6 * largest
    with hq_db.engine.begin() as connection:
        rebuild_rollups(connection)
    again = figures.overview(hq_db, Scope.everything(), week, previous=week.previous())
    assert again.metric(Metric.VISITS).current == 36 * largest


@pytest.fixture
def three_districts(hq_db: HqDatabase) -> list[StationKey]:
    """Six stations in three districts with four weeks of random days (some days missing)."""
    rng = random.Random(5)
    keys = [
        register(hq_db, f"HF-D-{n:04d}", ("庐阳区", "蜀山区", "包河区")[n % 3]) for n in range(6)
    ]
    for key in keys:
        for offset in range(28):
            if rng.random() < 0.15:
                continue
            day = MONDAY - dt.timedelta(days=7) + dt.timedelta(days=offset)
            assert send(hq_db, key, random_day(rng), day) is Outcome.APPLIED
    # A correction that drops a row, so a replaced day is in the comparison too.
    assert send(hq_db, keys[0], random_day(rng), MONDAY, revision=5) is Outcome.APPLIED
    return keys


@pytest.mark.parametrize("district", [None, "蜀山区"])
def test_the_overview_equals_direct_sums_over_the_stations_rows(
    hq_db: HqDatabase, three_districts: list[StationKey], district: str | None
) -> None:
    week = week_of(MONDAY)
    previous = week.previous()
    scope = Scope.everything() if district is None else Scope.of([district])

    seen = figures.overview(hq_db, scope, week, previous=previous)

    for figure in seen.metrics:
        if figure.level:
            if district is None:
                assert figure.current == sql_levels(hq_db, week, figure.metric.value)
                assert figure.previous == sql_levels(hq_db, previous, figure.metric.value)
            continue
        summed = figure.metric in (Metric.SERVICES, Metric.ITEMS_ISSUED)
        dimension = "%" if summed else "total"
        assert figure.current == sql_sum(hq_db, week, figure.metric.value, dimension, district), (
            figure.metric
        )
        assert figure.previous == sql_sum(hq_db, previous, figure.metric.value, dimension, district)
    assert seen.card_visits.current == sql_sum(hq_db, week, "visits", "source:card", district)
    assert seen.anonymous_visits.previous == sql_sum(
        hq_db, previous, "visits", "source:anonymous", district
    )
    for row in seen.by_occupation:
        assert row.current == sql_sum(hq_db, week, "visits", f"occupation:{row.code}", district)
        assert row.previous == sql_sum(
            hq_db, previous, "visits", f"occupation:{row.code}", district
        )
    names = {row.code: row.name for row in seen.by_occupation}
    assert names["sanitation"] == _("Sanitation worker")
    assert names["custom_1"] == _("A station's own category ({code})").format(code="custom_1")
    assert {row.code: row.name for row in seen.by_service}["hot_water"] == _("Hot water")
    assert sum(row.current for row in seen.by_occupation) == seen.metric(Metric.VISITS).current
    assert [day.visits for day in seen.days] == [
        sql_sum(hq_db, Period(PeriodKind.RANGE, day, day), "visits", "total", district)
        for day in week.dates()
    ]
    assert [day.previous_visits for day in seen.days] == [
        sql_sum(hq_db, Period(PeriodKind.RANGE, day, day), "visits", "total", district)
        for day in previous.dates()
    ]
    expected_districts = ["庐阳区", "蜀山区", "包河区"] if district is None else [district]
    assert sorted(row.code for row in seen.by_district) == sorted(expected_districts)
    for row in seen.by_district:
        assert row.current == sql_sum(hq_db, week, "visits", "total", row.code)


def test_a_station_page_and_the_by_station_totals_equal_its_own_rows(
    hq_db: HqDatabase, three_districts: list[StationKey]
) -> None:
    week = week_of(MONDAY)
    code = three_districts[1].code
    with hq_db.engine.connect() as connection:
        own = {
            (day, metric, dimension): value
            for day, metric, dimension, value in connection.execute(
                select(HqValue.date, HqValue.metric, HqValue.dimension, HqValue.value).where(
                    HqValue.station_code == code
                )
            )
        }

    page = figures.station_figures(hq_db, code, week)

    for day in page.days:
        assert day.visits == own.get((day.day, "visits", "total"), 0)
        assert day.received == ((day.day, "visits", "total") in own)
        assert day.services == sum(
            v for (d, m, _dim), v in own.items() if d == day.day and m == "services"
        )
    assert page.metric(Metric.VISITS).current == sum(day.visits for day in page.days)
    latest = max(day.day for day in page.days if day.received)
    assert page.stock == tuple(
        sorted(
            (
                figures.ItemLevel(dim.removeprefix("item:"), v, latest)
                for (d, m, dim), v in own.items()
                if d == latest and m == "stock_level"
            ),
            key=lambda item: (item.level, item.item),
        )
    )
    assert page.overdue_loans == own[(latest, "overdue_loans", "total")]
    totals = {t.code: t for t in figures.station_totals(hq_db, Scope.everything(), week)}
    assert totals[code].visits == page.metric(Metric.VISITS).current
    assert totals[code].days_received == sum(1 for day in page.days if day.received)
    with pytest.raises(figures.UnknownStation):
        figures.station_figures(hq_db, code, week, scope=Scope.of(["包河区"]))
    with pytest.raises(figures.UnknownStation):
        figures.station_figures(hq_db, "HF-NOPE-1", week)


def test_a_district_viewer_sees_only_their_districts(
    hq_db: HqDatabase, three_districts: list[StationKey]
) -> None:
    week = week_of(MONDAY)
    scope = Scope.of(["包河区"])
    visible = {key.code for key in three_districts[2::3]}

    assert {row.code for row in figures.station_totals(hq_db, scope, week)} == visible
    assert {
        row.code
        for row in figures.reporting(
            hq_db, scope, week, timely_days=2, today=week.after_end
        ).stations
    } == visible
    live = figures.live_state(hq_db, scope, MONDAY + dt.timedelta(days=3))
    assert {row.code for row in live.stations} == visible
    assert [
        row.code
        for row in figures.overview(hq_db, scope, week, previous=week.previous()).by_district
    ] == ["包河区"]
    nothing = Scope.of([])
    assert (
        figures.overview(hq_db, nothing, week, previous=week.previous())
        .metric(Metric.VISITS)
        .current
        == 0
    )
    assert figures.station_totals(hq_db, nothing, week) == ()


def test_reporting_counts_a_missed_day_a_closed_weekday_and_the_opening_day(
    hq_db: HqDatabase,
) -> None:
    week = week_of(MONDAY)  # Monday 2 to Sunday 8 November
    steady = register(hq_db, "HF-R-0001", "庐阳区", name="每天驿站")
    closed_sunday = register(hq_db, "HF-R-0002", "庐阳区", name="周日休息驿站")
    opened_thursday = register(hq_db, "HF-R-0003", "蜀山区", name="周四开门驿站")
    withdrawn = register(hq_db, "HF-R-0004", "蜀山区", name="撤销驿站")
    set_station(hq_db, closed_sunday.code, closed_weekdays="7")
    set_station(hq_db, opened_thursday.code, opened_on=MONDAY + dt.timedelta(days=3))
    set_station(hq_db, withdrawn.code, active=False)
    rng = random.Random(1)
    for offset in range(7):
        day = MONDAY + dt.timedelta(days=offset)
        if offset != 2:  # steady misses Wednesday, and sends Tuesday four days late
            late = dt.datetime.combine(day + dt.timedelta(days=4), dt.time(9), BEIJING)
            send(hq_db, steady, random_day(rng), day, at=late if offset == 1 else None)
        if offset != 6:
            send(hq_db, closed_sunday, random_day(rng), day)
        if offset >= 3:
            send(hq_db, opened_thursday, random_day(rng), day)
    today = week.after_end + dt.timedelta(days=1)

    seen = figures.reporting(hq_db, Scope.everything(), week, timely_days=2, today=today)

    rows = {row.code: row for row in seen.stations}
    assert (rows[steady.code].expected, rows[steady.code].received) == (7, 6)
    assert rows[steady.code].on_time == 5  # Tuesday's arrived after Thursday
    assert rows[steady.code].missing == (MONDAY + dt.timedelta(days=2),)
    assert rows[steady.code].completeness == pytest.approx(600 / 7)
    assert rows[steady.code].timeliness == pytest.approx(500 / 7)
    assert (rows[closed_sunday.code].expected, rows[closed_sunday.code].received) == (6, 6)
    assert rows[closed_sunday.code].completeness == 100.0
    assert (rows[opened_thursday.code].expected, rows[opened_thursday.code].received) == (4, 4)
    assert (rows[withdrawn.code].expected, rows[withdrawn.code].silent) == (0, False)
    assert rows[withdrawn.code].completeness is None
    assert not any(row.silent for row in seen.stations)
    luyang = next(d for d in seen.districts if d.district == "庐阳区")
    assert (luyang.expected, luyang.received, luyang.on_time) == (13, 12, 11)
    assert (seen.total.expected, seen.total.received) == (17, 16)

    # Days pass with nothing from the steady station: it turns silent.
    later = figures.reporting(
        hq_db, Scope.everything(), week, timely_days=2, today=today + dt.timedelta(days=4)
    )
    assert {row.code for row in later.silent} == {
        steady.code,
        closed_sunday.code,
        opened_thursday.code,
    }
    # Partway through the week, the days to come are not expected yet.
    partway = figures.reporting(
        hq_db, Scope.everything(), week, timely_days=2, today=MONDAY + dt.timedelta(days=3)
    )
    assert {row.code: row.expected for row in partway.stations}[steady.code] == 3
    assert {row.code: row.expected for row in partway.stations}[opened_thursday.code] == 0


def test_the_big_screen_shows_yesterday_and_the_week_so_far(
    hq_db: HqDatabase, three_districts: list[StationKey]
) -> None:
    today = MONDAY + dt.timedelta(days=4)  # Friday
    yesterday = today - dt.timedelta(days=1)

    live = figures.live_state(hq_db, Scope.everything(), today)

    one_day = Period(PeriodKind.RANGE, yesterday, yesterday)
    so_far = Period(PeriodKind.RANGE, MONDAY, yesterday)
    assert live.yesterday_visits.current == sql_sum(hq_db, one_day, "visits")
    assert live.week_visits.current == sql_sum(hq_db, so_far, "visits")
    assert live.week_visits.previous == sql_sum(
        hq_db,
        Period(PeriodKind.RANGE, MONDAY - dt.timedelta(days=7), yesterday - dt.timedelta(days=7)),
        "visits",
    )
    assert live.week_services == sql_sum(hq_db, so_far, "services", "%")
    with hq_db.engine.connect() as connection:
        last = dict(
            connection.execute(
                select(HqValue.station_code, func.max(HqValue.date)).group_by(HqValue.station_code)
            ).all()
        )
        visits = {
            (code, day): value
            for code, day, value in connection.execute(
                select(HqValue.station_code, HqValue.date, HqValue.value).where(
                    HqValue.metric == "visits", HqValue.dimension == "total"
                )
            )
        }
    assert len(live.stations) == 6
    for station in live.stations:
        assert station.last_day == last[station.code]
        assert station.last_day_visits == visits[(station.code, station.last_day)]
    assert live.stations_reported_yesterday == 6  # the history runs past this Friday


@needs_poppler
def test_the_monthly_rollup_pdf_names_occupations_and_adds_up(
    hq_db: HqDatabase, three_districts: list[StationKey], tmp_path: Path
) -> None:
    from station_app.hq.figures.pdf import rollup_pdf

    month = parse_month("2026-11")
    target = rollup_pdf(hq_db, Scope.everything(), month, tmp_path / "m.pdf", today=month.after_end)

    text_ = pdf_text(target)
    assert _("Monthly rollup of the stations") in text_
    assert _("Sanitation worker") in text_
    assert "sanitation" not in text_
    assert _("Total") in text_


def test_a_table_as_csv_opens_in_excel_as_it_is() -> None:
    data = figures.table_csv(
        ["驿站", "来访"],
        [["庐阳区一号站", 12], ['=HYPERLINK("http://x")', -3], ["+1", None], ["@a", True]],
    )

    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == "驿站,来访"
    assert lines[1] == "庐阳区一号站,12"
    assert lines[2] == '"\'=HYPERLINK(""http://x"")",-3'
    assert lines[3:] == ["'+1,", "'@a,1", ""]
