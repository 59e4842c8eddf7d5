"""What the dashboard reads of the workers' feedback: ratings over a period (its days in
HQ's zone), open suggestions, each viewer's districts only, numbers masked."""

from __future__ import annotations

import datetime as dt

from station_app.domain.periods import day_range
from station_app.hq.db import HqDatabase
from station_app.hq.feedback import (
    Rating,
    RatingFigures,
    mask_phone,
    rating_cells,
    rating_figures,
    store_rating,
    suggestion_rows,
)
from station_app.hq.stations import add_station
from tests.clock_support import BEIJING
from tests.hq.batches import new_station

LONGGANG = "HF-LY-0001"
FUTIAN = "HF-FT-0002"
DAY = dt.date(2026, 11, 24)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), BEIJING)


def _stations(db: HqDatabase) -> None:
    for code, district in ((LONGGANG, "龙岗区"), (FUTIAN, "福田区")):
        key = new_station(code)
        add_station(db, code, name=code, district=district, key_text=key.key_file, now=_at(DAY, 8))


def _rate(db: HqDatabase, code: str, rating: int, at: dt.datetime, phone: str | None = None) -> str:
    return store_rating(db, code, Rating(rating, "", phone), client_key=at.isoformat(), now=at)


def test_ratings_count_within_the_periods_days_in_hqs_zone(hq_db: HqDatabase) -> None:
    _stations(hq_db)
    _rate(hq_db, LONGGANG, 2, _at(DAY, 0, 30))  # 16:30 UTC the day before: still this day
    _rate(hq_db, LONGGANG, 5, _at(DAY, 23, 59))
    _rate(hq_db, LONGGANG, 1, _at(DAY + dt.timedelta(days=1), 0, 0))  # the next day
    _rate(hq_db, FUTIAN, 4, _at(DAY, 12))

    found = rating_figures(hq_db, day_range(DAY, DAY), BEIJING, districts=None)

    assert found == {
        LONGGANG: RatingFigures(3.5, 2, 3),
        FUTIAN: RatingFigures(4.0, 1, 1),
    }
    assert rating_cells(found[LONGGANG]) == ["3.5", 3]
    assert rating_cells(None) == ["—", 0]


def test_a_viewer_sees_only_their_districts_feedback(hq_db: HqDatabase) -> None:
    _stations(hq_db)
    _rate(hq_db, LONGGANG, 3, _at(DAY, 9), phone="13812345678")
    _rate(hq_db, FUTIAN, 4, _at(DAY, 10))
    districts = frozenset({"龙岗区"})

    found = rating_figures(hq_db, day_range(DAY, DAY), BEIJING, districts=districts)
    rows = suggestion_rows(hq_db, _at(DAY, 12), districts=districts)

    assert set(found) == {LONGGANG}
    assert [(row.station_code, row.masked_phone) for row in rows] == [(LONGGANG, "138****5678")]


def test_a_number_is_masked_to_its_first_three_and_last_four_digits() -> None:
    assert (mask_phone("13812345678"), mask_phone(None), mask_phone("")) == (
        "138****5678",
        "",
        "",
    )
