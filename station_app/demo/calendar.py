"""Demo data: when outdoor workers come to a station in Hefei.

The shapes are the ones a statistician at headquarters expects to see in real data: a summer
heat peak (送清凉 season), a smaller winter cold peak (送温暖), fewer visits at weekends and
around the Spring Festival when many migrant workers go home, and two peaks in the day —
the lunch break and the end of the afternoon shift.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

# China keeps one time zone and no daylight saving time, so a fixed offset is exact.
CHINA = dt.timezone(dt.timedelta(hours=8), "UTC+08:00")
OPENS = 7 * 3600  # seconds after local midnight: the earliest the station opens
CLOSES = 19 * 3600  # and the latest it closes (the profile's weekday hours)

BASE_VISITS = 88.0  # an ordinary spring weekday
WEEKDAY_FACTOR = (1.0, 1.02, 1.0, 1.02, 1.05, 0.72, 0.62)  # Monday first
SUMMER_BOOST = 0.6
WINTER_BOOST = 0.3
# Chance of rain by month in Hefei; the plum-rain season (梅雨) is June to mid-July.
RAIN_CHANCE = (0.25, 0.28, 0.33, 0.35, 0.35, 0.45, 0.45, 0.33, 0.25, 0.22, 0.22, 0.2)

SPRING_FESTIVAL = {
    2020: dt.date(2020, 1, 25), 2021: dt.date(2021, 2, 12), 2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 6), 2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13), 2030: dt.date(2030, 2, 3),
}  # fmt: skip
FESTIVAL_FACTOR = 0.6

# (share, centre, spread) of the day's visits, in seconds after midnight; the rest are
# spread evenly over the opening hours.
HOUR_PEAKS = (
    (0.10, 8 * 3600 + 15 * 60, 35 * 60),  # after the early sweeping shift
    (0.34, 12 * 3600, 45 * 60),  # lunch break
    (0.24, 17 * 3600 + 40 * 60, 40 * 60),  # end of the afternoon shift
)


def local_moment(day: dt.date, seconds: int) -> dt.datetime:
    """``seconds`` after local midnight of ``day``, as the aware UTC time the database keeps."""
    midnight = dt.datetime.combine(day, dt.time(), CHINA)
    return (midnight + dt.timedelta(seconds=seconds)).astimezone(dt.UTC)


def summer_level(day: dt.date) -> float:
    """0 in spring and autumn, near 1 at the end of July."""
    return math.exp(-(((day.timetuple().tm_yday - 210) / 32) ** 2))


def winter_level(day: dt.date) -> float:
    """0 from March to November, near 1 in mid-January."""
    distance = abs(day.timetuple().tm_yday - 10)
    distance = min(distance, 365 - distance)
    return math.exp(-((distance / 30) ** 2))


def festival_factor(day: dt.date) -> float:
    festival = SPRING_FESTIVAL.get(day.year)  # always in late January or February
    if festival and -5 <= (day - festival).days <= 7:
        return FESTIVAL_FACTOR
    return 1.0


@dataclass(frozen=True)
class Day:
    """One day of the demo period with its season and weather."""

    date: dt.date
    summer: float  # 0..1
    winter: float  # 0..1
    heat: float  # temperature anomaly in standard deviations; + hotter than usual
    rain: float  # 0 when dry, else 0.5 (drizzle) .. 3 (downpour)

    @property
    def expected_visits(self) -> float:
        level = (
            1
            + SUMMER_BOOST * self.summer * (1 + 0.15 * self.heat)
            + WINTER_BOOST * self.winter * (1 - 0.15 * self.heat)
        )
        weekday = WEEKDAY_FACTOR[self.date.weekday()]
        return BASE_VISITS * level * weekday * festival_factor(self.date)

    def moment(self, seconds: int) -> dt.datetime:
        return local_moment(self.date, seconds)


class Weather:
    """Day-to-day weather with memory: heat waves and rainy spells last several days."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._heat = 0.0
        self._raining = False

    def day(self, date: dt.date) -> Day:
        rng = self._rng
        self._heat = 0.7 * self._heat + rng.gauss(0, 0.7)
        chance = RAIN_CHANCE[date.month - 1]
        chance = min(0.9, chance * 1.6) if self._raining else chance * 0.7
        self._raining = rng.random() < chance
        return Day(
            date=date,
            summer=summer_level(date),
            winter=winter_level(date),
            heat=self._heat,
            rain=rng.uniform(0.5, 3.0) if self._raining else 0.0,
        )


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count; the normal approximation above 30 keeps big days cheap."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def visit_count(rng: random.Random, day: Day, busy: float = 1.0) -> int:
    # Day-to-day variation is wider than pure chance: a street market, a road closure…
    return poisson(rng, busy * day.expected_visits * rng.lognormvariate(0, 0.08))


PEAK_TRIES = 12  # a peak outside a short day's hours gives way to an even spread


def _second_of_day(rng: random.Random, opens: int, closes: int) -> int:
    pick = rng.random()
    for share, centre, spread in HOUR_PEAKS:
        if pick < share:
            for _ in range(PEAK_TRIES):
                second = round(rng.gauss(centre, spread))
                if opens <= second < closes:
                    return second
            break
        pick -= share
    return rng.randrange(opens, closes)


def visit_seconds(
    rng: random.Random, count: int, opens: int = OPENS, closes: int = CLOSES
) -> list[int]:
    """``count`` check-in times (seconds after local midnight) while the station is open
    (from ``opens`` to ``closes``), sorted."""
    return sorted(_second_of_day(rng, opens, closes) for _ in range(count))
