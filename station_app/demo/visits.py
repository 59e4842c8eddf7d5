"""Demo data: who comes on a given day and which services they receive."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from station_app.demo.calendar import Day, visit_count, visit_seconds
from station_app.demo.duty import Shift, posted_seconds
from station_app.demo.people import DemoWorker, occupation_weight

# Share of visits made by card once every demo worker has registered; the opening drive
# registers half of them, so over the period about 40 % of visits are by card.
CARD_SHARE = 0.54
MIN_GAP = 30 * 60  # the check-in dedupe window: one card, one visit per half hour
MAX_VISITS_A_DAY = 3
PICK_ATTEMPTS = 6

# Weight of each service: all year, added at the height of summer, added in deep winter.
SERVICE_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "hot_water": (1.0, 0.0, 2.0),
    "microwave": (1.0, 0.0, 0.3),
    "phone_charging": (1.3, 0.0, 0.0),
    "rest_cooling": (0.4, 3.0, 0.0),
    "warming": (0.05, 0.0, 2.5),
    "drinking_water": (0.6, 2.5, 0.0),
    "toilet": (1.0, 0.0, 0.0),
    "first_aid": (0.03, 0.05, 0.0),
    "reading": (0.15, 0.0, 0.0),
    "repair_tools": (0.1, 0.0, 0.0),
    "legal_advice": (0.02, 0.0, 0.0),
}
# Riders live on their phones and e-bikes; sweepers bring their lunch box to heat up.
OCCUPATION_NEEDS: dict[str, dict[str, float]] = {
    "delivery_rider": {"phone_charging": 2.0, "repair_tools": 3.0},
    "courier": {"phone_charging": 1.5, "repair_tools": 2.0},
    "sanitation": {"hot_water": 1.4, "microwave": 1.5},
    "taxi_driver": {"toilet": 2.0, "microwave": 0.5},
    "construction": {"hot_water": 1.3, "rest_cooling": 1.3},
}
LUNCH = (10 * 3600 + 30 * 60, 13 * 3600 + 30 * 60)
SUPPER = (17 * 3600, 19 * 3600)
SERVICES_PER_VISIT = (1, 2, 3)
SERVICES_PER_VISIT_WEIGHTS = (0.5, 0.35, 0.15)


@dataclass(frozen=True)
class DemoVisit:
    id: int
    second: int  # after local midnight
    at: dt.datetime  # aware UTC
    occupation_code: str
    worker: DemoWorker | None
    services: tuple[str, ...]  # service type codes


class Regulars:
    """The workers who can show a card on a day: those registered before it."""

    def __init__(self, workers: Sequence[DemoWorker]) -> None:
        self._waiting = sorted(workers, key=lambda worker: worker.registered_at)
        self._total = sum(worker.regularity for worker in workers) or 1.0
        self._admitted: list[DemoWorker] = []
        self._cumulative: list[float] = []

    def admit_before(self, day: dt.date) -> None:
        while self._waiting and self._waiting[0].registered_on < day:
            worker = self._waiting.pop(0)
            self._admitted.append(worker)
            previous = self._cumulative[-1] if self._cumulative else 0.0
            self._cumulative.append(previous + worker.regularity)

    @property
    def share(self) -> float:
        """How much of the eventual card traffic the admitted workers make."""
        return self._cumulative[-1] / self._total if self._cumulative else 0.0

    def pick(self, rng: random.Random) -> DemoWorker:
        point = rng.random() * self._cumulative[-1]
        return self._admitted[bisect.bisect_right(self._cumulative, point)]


class ServiceMenu:
    """The station's services with seasonal, occupational and meal-time weights."""

    def __init__(self, codes: Sequence[str]) -> None:
        self._codes = [code for code in codes if code in SERVICE_WEIGHTS]

    def day_weights(self, day: Day) -> list[float]:
        return [
            year + summer * day.summer + winter * day.winter
            for year, summer, winter in (SERVICE_WEIGHTS[code] for code in self._codes)
        ]

    def choose(
        self, rng: random.Random, weights: list[float], occupation: str, second: int
    ) -> tuple[str, ...]:
        if not self._codes:
            return ()
        needs = OCCUPATION_NEEDS.get(occupation, {})
        meal = _meal_factor(second)
        adjusted = [
            weight * needs.get(code, 1.0) * (meal if code == "microwave" else 1.0)
            for code, weight in zip(self._codes, weights, strict=True)
        ]
        count = rng.choices(SERVICES_PER_VISIT, SERVICES_PER_VISIT_WEIGHTS)[0]
        chosen: list[str] = []
        for _ in range(min(count, len(self._codes))):
            index = _weighted_index(rng, adjusted)
            chosen.append(self._codes[index])
            adjusted[index] = 0.0
        return tuple(chosen)


def _meal_factor(second: int) -> float:
    if LUNCH[0] <= second < LUNCH[1]:
        return 3.0
    if SUPPER[0] <= second < SUPPER[1]:
        return 1.5
    return 0.2


def _weighted_index(rng: random.Random, weights: list[float]) -> int:
    point = rng.random() * sum(weights)
    for index, weight in enumerate(weights):
        point -= weight
        if point < 0 and weight > 0:
            return index
    return max(range(len(weights)), key=weights.__getitem__)


class VisitMaker:
    """Makes each day's visits, numbered in check-in order across the whole period."""

    def __init__(
        self,
        rng: random.Random,
        *,
        workers: Sequence[DemoWorker],
        occupations: Sequence[str],
        service_codes: Sequence[str],
        first_id: int,
        busy: float = 1.0,
    ) -> None:
        self._rng = rng
        self._busy = busy
        self._regulars = Regulars(workers)
        self._occupations = list(occupations)
        self._occupation_weights = list(
            itertools.accumulate(occupation_weight(code) for code in occupations)
        )
        self._menu = ServiceMenu(service_codes)
        self._ids = itertools.count(first_id)

    def day(self, day: Day, shift: Shift) -> list[DemoVisit]:
        """The visits while the station was open that day (fewer when it opened late or
        closed early; none in a hand-over's minute with nobody signed in)."""
        rng = self._rng
        self._regulars.admit_before(day.date)
        card_chance = CARD_SHARE * self._regulars.share
        weights = self._menu.day_weights(day)
        seen: dict[int, list[int]] = {}
        visits: list[DemoVisit] = []
        posted_open, posted_close = posted_seconds(day.date)
        share = min(1.0, (shift.closes - shift.opens) / (posted_close - posted_open))
        count = visit_count(rng, day, self._busy * share)
        seconds = [shift.serving(s) for s in visit_seconds(rng, count, shift.opens, shift.closes)]
        for second in seconds:
            worker = self._card_holder(second, seen) if rng.random() < card_chance else None
            occupation = worker.occupation_code if worker else self._anonymous_occupation()
            visits.append(
                DemoVisit(
                    id=next(self._ids),
                    second=second,
                    at=day.moment(second),
                    occupation_code=occupation,
                    worker=worker,
                    services=self._menu.choose(rng, weights, occupation, second),
                )
            )
        return visits

    def _anonymous_occupation(self) -> str:
        return self._rng.choices(self._occupations, cum_weights=self._occupation_weights)[0]

    def _card_holder(self, second: int, seen: dict[int, list[int]]) -> DemoWorker | None:
        """A registered worker free to check in now, or None (the visitor came without one)."""
        for _ in range(PICK_ATTEMPTS):
            worker = self._regulars.pick(self._rng)
            earlier = seen.setdefault(worker.id, [])
            if len(earlier) < MAX_VISITS_A_DAY and all(
                abs(second - other) >= MIN_GAP for other in earlier
            ):
                earlier.append(second)
                return worker
        return None
