"""Hand-built period reports for the PDF tests: a busy week, an empty one, long names."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from station_app.domain.period_report import (
    Count,
    DayCount,
    ExpiringLine,
    Figure,
    OverdueLine,
    PeriodReport,
    StockLine,
)
from station_app.domain.periods import Period, parse_month, parse_week

STATION_NAME = "合肥市庐阳区杏花村街道工会户外劳动者服务站点"
STATION_CODE = "HF-LY-007"
WEEK = parse_week("2026-W47")  # Monday 16 to Sunday 22 November 2026
GENERATED = dt.datetime(2026, 11, 24, 6, 5, tzinfo=dt.UTC)
AS_OF = dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC)  # midnight in Beijing

OCCUPATIONS = [
    ("sanitation", "环卫工人", 131, 120),
    ("food_delivery", "外卖骑手", 97, 101),
    ("courier", "快递员", 58, 44),
    ("ride_hailing", "网约车/出租车司机", 23, 30),
    ("construction", "建筑工人", 17, 9),
    ("custom_1", "园林绿化养护工人（含临时聘用）", 4, 0),
    ("other", "其他户外劳动者", 0, 3),
]
SERVICES = [
    ("hot_water", "热水", 211, 190),
    ("charging", "手机充电", 87, 93),
    ("microwave", "微波加热", 64, 51),
    ("rest", "休息纳凉", 40, 40),
    ("first_aid", "急救药品", 6, 2),
]
DAY_VISITS = [41, 47, 52, 38, 55, 60, 37]
HOURS = [0] * 6 + [5, 21, 33, 18, 12, 27, 44, 30, 14, 11, 19, 36, 25, 17, 9, 6, 3, 0]


def _counts(rows: list[tuple[str, str, int, int]]) -> list[Count]:
    return [Count(code, label, value, previous) for code, label, value, previous in rows]


def busy_week(period: Period = WEEK) -> PeriodReport:
    """A week with every section filled; each number is distinct enough to find in the text."""
    return PeriodReport(
        station_name=STATION_NAME,
        station_code=STATION_CODE,
        period=period,
        previous=period.previous(),
        generated_at=GENERATED,
        as_of=AS_OF,
        visits=Figure(330, 307),
        distinct_workers=Figure(118, 121),
        new_registrations=Figure(14, 9),
        union_members=Figure(76, 70),
        wants_to_join=Figure(23, 25),
        services=Figure(408, 376),
        card_visits=251,
        anonymous_visits=79,
        visits_by_day=[
            DayCount(day, value) for day, value in zip(period.dates(), DAY_VISITS, strict=False)
        ],
        by_occupation=_counts(OCCUPATIONS),
        by_hour=HOURS,
        services_by_type=_counts(SERVICES),
        stock=[
            stock_line(1, "饮用水", "瓶", (100, 48, 126, 0, 0, 2, -12), 24),
            stock_line(2, "藿香正气水", "盒", (19, 0, 6, 0, 0, 0, 0), 5),
            stock_line(3, "创可贴", "片", (211, 0, 31, 0, 0, 0, 0), 50),
            stock_line(4, "雨伞", "把", (8, 0, 0, 5, 4, 0, 0), 2),
            stock_line(
                5,
                "夏季防暑降温爱心大礼包（含毛巾、清凉油、风油精、藿香正气水）",
                "份",
                (12, 10, 19, 0, 0, 0, 0),
                10,
            ),
        ],
        expiring=[
            ExpiringLine("藿香正气水", "盒", dt.date(2026, 12, 3), 9),
            ExpiringLine("面包", "个", dt.date(2026, 12, 17), 22),
        ],
        overdue_loans=[
            OverdueLine(
                "充电宝",
                "李小龙",
                dt.datetime(2026, 11, 18, 1, 30, tzinfo=dt.UTC),
                dt.datetime(2026, 11, 18, 15, 59, tzinfo=dt.UTC),
                dt.timedelta(days=4, hours=3),
            ),
            OverdueLine(
                "雨伞",
                "匿名：押金 20 元",
                dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC),
                dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC),
                dt.timedelta(hours=7),
            ),
        ],
    )


def stock_line(
    item_id: int, name: str, unit: str, moves: tuple[int, int, int, int, int, int, int], least: int
) -> StockLine:
    """A line that balances: ``moves`` is (opening, received, issued, lent, returned,
    discarded, adjusted); the closing stock is worked out from them."""
    opening, received, issued, lent, returned, discarded, adjusted = moves
    closing = opening + received - issued - lent + returned - discarded + adjusted
    return StockLine(
        item_id, name, unit, opening, received, issued, lent, returned, discarded, adjusted,
        closing, least,
    )  # fmt: skip


def empty_week(period: Period = WEEK) -> PeriodReport:
    """A new station's first week: nothing happened."""
    zero = Figure(0, 0)
    return replace(
        busy_week(period),
        visits=zero,
        distinct_workers=zero,
        new_registrations=zero,
        union_members=zero,
        wants_to_join=zero,
        services=zero,
        card_visits=0,
        anonymous_visits=0,
        visits_by_day=[DayCount(day, 0) for day in period.dates()],
        by_occupation=[],
        by_hour=[0] * 24,
        services_by_type=[],
        stock=[],
        expiring=[],
        overdue_loans=[],
    )


def long_report() -> PeriodReport:
    """A month with many items: the stock table runs over pages."""
    month = parse_month("2026-11")
    report = busy_week(month)
    names = ["饮用水", "茶叶", "创可贴", "雨伞", "充电宝", "暖宝宝", "口罩", "毛巾"]
    stock = [
        stock_line(
            n,
            f"{names[n % len(names)]}（第{n}批捐赠物资，请优先发放给环卫工人）",
            "件",
            (40 + 2 * n, 0, n * 3, 0, 0, 0, 0),
            20,
        )
        for n in range(1, 46)
    ]
    days = [DayCount(d, 10 + (d.day * 7) % 23) for d in month.dates()]
    return replace(report, stock=stock, visits_by_day=days)
