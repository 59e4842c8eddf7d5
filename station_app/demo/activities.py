"""Demo data: the activities a station holds besides its daily rest service, and the
union's two seasonal campaigns.

A legal-advice morning every month, a free haircut on the last Saturday, a health check each
quarter, a membership drive in spring and autumn; every Friday of July and August a 送清凉
hand-out from the summer campaign's kit, and every Friday from December to February a 送温暖
one from the winter's. Who comes depends on the activity: riders ask about wages and
accidents, sweepers come for the haircut.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from station_app.demo.people import occupation_weight

FRIDAY, SATURDAY, WEDNESDAY, THURSDAY = 4, 5, 2, 3


@dataclass(frozen=True)
class ActivityPlan:
    code: str  # a built-in activity type
    label: str  # its Chinese name, as the stock journal's reason shows it
    partners: tuple[str, ...]
    people: tuple[int, int]  # fewest, most
    favours: dict[str, float] = field(default_factory=dict)  # occupation → extra weight
    kit: dict[str, float] = field(default_factory=dict)  # item name → units per person


LEGAL = ActivityPlan(
    "legal_advice",
    "法律咨询",
    ("庐阳区法律援助中心", "安徽皖大律师事务所"),
    (8, 20),
    {"delivery_rider": 3.0, "courier": 2.0, "construction": 2.0},
)
HAIRCUT = ActivityPlan(
    "haircut", "义剪", ("爱心理发志愿服务队",), (12, 28), {"sanitation": 3.0, "security_guard": 1.5}
)
HEALTH = ActivityPlan(
    "health_check",
    "健康体检",
    ("庐阳区人民医院", "逍遥津街道社区卫生服务中心"),
    (25, 50),
    {"sanitation": 2.0, "taxi_driver": 1.5},
)
DRIVE = ActivityPlan(
    "union_drive",
    "工会入会宣传",
    ("庐阳区总工会",),
    (20, 40),
    {"delivery_rider": 2.5, "courier": 2.0, "domestic_worker": 1.5},
)
SUMMER = ActivityPlan(
    "summer_cooling",
    "送清凉",
    ("合肥市总工会", "庐阳区总工会", "爱心企业"),
    (30, 60),
    {"sanitation": 1.5, "construction": 2.0, "delivery_rider": 1.5},
    {"饮用水": 2.0, "藿香正气水": 0.5, "清凉油": 0.5, "防晒霜": 0.1},
)
WINTER = ActivityPlan(
    "winter_warmth",
    "送温暖",
    ("庐阳区总工会", "逍遥津街道社区", "爱心企业"),
    (25, 50),
    {"sanitation": 2.0, "delivery_rider": 1.5, "courier": 1.2},
    {"暖宝宝": 2.0, "口罩": 1.0, "饼干": 1.0},
)


DEFINED_AHEAD = dt.timedelta(days=11)  # the admin sets a campaign up before it starts


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    kit: tuple[str, ...]  # item names

    @property
    def defined_on(self) -> dt.date:
        return self.starts_on - DEFINED_AHEAD


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def summer(day: dt.date) -> bool:
    return day.month in (7, 8)


def winter(day: dt.date) -> bool:
    return day.month in (12, 1, 2)


def planned_on(day: dt.date) -> list[ActivityPlan]:
    """The activities planned for ``day`` (held on the next open day if the station is
    closed that day)."""
    plans = []
    if day == _nth_weekday(day.year, day.month, WEDNESDAY, 2):
        plans.append(LEGAL)
    if day == _last_weekday(day.year, day.month, SATURDAY):
        plans.append(HAIRCUT)
    if day.month in (3, 6, 9, 12) and day == _nth_weekday(day.year, day.month, THURSDAY, 3):
        plans.append(HEALTH)
    if day.month in (4, 10) and day == _nth_weekday(day.year, day.month, FRIDAY, 3):
        plans.append(DRIVE)
    if day.weekday() == FRIDAY and summer(day):
        plans.append(SUMMER)
    if day.weekday() == FRIDAY and winter(day):
        plans.append(WINTER)
    return plans


def campaigns(first_day: dt.date, last_day: dt.date) -> list[CampaignPlan]:
    """Each summer's and winter's campaign set up by ``last_day`` that ends in the period,
    the earliest first; the winter one runs from December to February."""
    plans = []
    for year in range(first_day.year - 1, last_day.year + 1):
        plans.append(
            CampaignPlan(
                f"{year}年夏送清凉",
                dt.date(year, 7, 1),
                dt.date(year, 8, 31),
                tuple(SUMMER.kit),
            )
        )
        plans.append(
            CampaignPlan(
                f"{year}—{year + 1}年冬送温暖",
                dt.date(year, 12, 1),
                dt.date(year + 1, 3, 1) - dt.timedelta(days=1),
                tuple(WINTER.kit),
            )
        )
    return [plan for plan in plans if plan.defined_on <= last_day and plan.ends_on >= first_day]


def participants(
    rng: random.Random, plan: ActivityPlan, occupations: Sequence[str]
) -> dict[str, int]:
    """Occupation code → people who took part."""
    weights = [occupation_weight(code) * plan.favours.get(code, 1.0) for code in occupations]
    people = rng.randint(*plan.people)
    counts: dict[str, int] = {}
    for code in rng.choices(list(occupations), weights, k=people):
        counts[code] = counts.get(code, 0) + 1
    return {code: counts[code] for code in occupations if code in counts}


def kit_wanted(plan: ActivityPlan, people: int) -> dict[str, int]:
    """Item name → units the activity hands out to ``people``."""
    wanted = {name: round(people * share) for name, share in plan.kit.items()}
    return {name: units for name, units in wanted.items() if units > 0}
