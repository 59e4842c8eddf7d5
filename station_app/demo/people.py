"""Demo data: the registered workers of a believable Hefei station.

Names, phones and employers are made up from short lists; employers are the kind a worker
of that occupation really has, so the worker list reads like a real station's.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from station_app.demo.calendar import local_moment

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波春梅德福宝林云飞"
    "鹏辉成亮新利庆家荣凤晓东永根发金生安兵俊峰翠琴燕"
)
# A station attendant writes down what people call each other (老王, 李师傅) as often as names.
NICKNAME_FORMS = ("老{s}", "小{s}", "{s}师傅", "{s}姐", "{s}哥", "{s}阿姨", "{s}大爷")

PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "158", "159", "173", "176", "177", "180", "181", "182", "185",
    "186", "187", "188", "189", "199",
)  # fmt: skip

EMPLOYERS: dict[str, tuple[str, ...]] = {
    "sanitation": ("庐阳区城管局环卫处", "庐阳区环卫作业公司", "侨银环保", "玉禾田环境"),
    "courier": ("顺丰", "中通", "圆通", "申通", "韵达", "京东物流", "极兔速递", "中国邮政"),
    "delivery_rider": ("美团", "饿了么", "闪送", "UU跑腿"),
    "taxi_driver": ("滴滴出行", "曹操出行", "T3出行", "庐阳出租汽车公司"),
    "truck_driver": ("货拉拉", "满帮", "个体运输户"),
    "domestic_worker": ("58到家", "天鹅到家", "社区家政服务中心"),
    "construction": ("安徽建工项目部", "中建三局项目部", "劳务分包队"),
    "traffic_warden": ("合肥市公安局交警支队庐阳大队",),
    "security_guard": ("万科物业", "保利物业", "庐阳保安服务公司"),
    "other": ("园林绿化公司", "市政维修队", "个体"),
}

# Share of registrations and how regularly each group passes by: street sweepers whose beat
# includes the station come almost daily, drivers only now and then.
OCCUPATION_WEIGHT = {
    "sanitation": 0.28, "delivery_rider": 0.22, "courier": 0.16, "taxi_driver": 0.07,
    "construction": 0.07, "truck_driver": 0.04, "domestic_worker": 0.04,
    "traffic_warden": 0.04, "security_guard": 0.05, "other": 0.03,
}  # fmt: skip
REGULARITY = {"sanitation": 1.8, "delivery_rider": 1.2, "courier": 1.1, "taxi_driver": 0.6}
UNION_SHARE = {"sanitation": 0.65, "traffic_warden": 0.8, "delivery_rider": 0.25, "courier": 0.3}
WANTS_TO_JOIN_SHARE = 0.35
STATION_OWN_WEIGHT = 0.02  # occupations a station added itself: a few workers each
MIN_PER_OCCUPATION = 3
WITH_PHONE_SHARE = 0.85
OPENING_DRIVE_SHARE = 0.5  # half register in the station's first days (a registration drive)


@dataclass(frozen=True)
class DemoWorker:
    id: int
    card_id: int
    card_no: str
    display_name: str
    phone: str | None
    occupation_code: str
    employer: str
    union_member: bool
    wants_to_join: bool
    registered_at: dt.datetime  # aware UTC
    registered_on: dt.date  # local date
    regularity: float  # relative chance of being the one who shows a card


def occupation_weight(code: str) -> float:
    return OCCUPATION_WEIGHT.get(code, STATION_OWN_WEIGHT)


def _name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.3:
        return rng.choice(NICKNAME_FORMS).format(s=surname)
    given_length = 1 if rng.random() < 0.4 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(given_length))


def _phone(rng: random.Random, taken: set[str]) -> str | None:
    if rng.random() >= WITH_PHONE_SHARE:
        return None
    while True:
        phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def _occupations(rng: random.Random, codes: list[str], count: int) -> list[str]:
    # Every category shows up a few times, so each row of a report has something in it.
    chosen = [code for code in codes for _ in range(MIN_PER_OCCUPATION)]
    weights = [occupation_weight(code) for code in codes]
    chosen += rng.choices(codes, weights=weights, k=max(0, count - len(chosen)))
    rng.shuffle(chosen)
    return chosen


def _registration_day(rng: random.Random, first_day: dt.date, days: int) -> dt.date:
    drive_days = max(1, min(14, days // 10))
    span = drive_days if rng.random() < OPENING_DRIVE_SHARE else days
    return first_day + dt.timedelta(days=rng.randrange(span))


def _card_numbers(station_code: str, first_id: int, count: int, taken: set[str]) -> list[str]:
    numbers: list[str] = []
    serial = first_id
    while len(numbers) < count:
        card_no = f"{station_code}-{serial:06d}"
        serial += 1
        if card_no not in taken:
            numbers.append(card_no)
    return numbers


def make_workers(
    rng: random.Random,
    *,
    count: int,
    occupations: list[str],
    first_day: dt.date,
    days: int,
    first_worker_id: int,
    first_card_id: int,
    station_code: str,
    taken_card_nos: set[str],
) -> list[DemoWorker]:
    """``count`` workers in the order they registered (ids grow with registration time)."""
    phones: set[str] = set()
    drafts: list[DemoWorker] = []
    for code in _occupations(rng, occupations, count):
        day = _registration_day(rng, first_day, days)
        member = rng.random() < UNION_SHARE.get(code, 0.4)
        drafts.append(
            DemoWorker(
                id=0,  # numbered below, once the workers are in registration order
                card_id=0,
                card_no="",
                display_name=_name(rng),
                phone=_phone(rng, phones),
                occupation_code=code,
                employer=rng.choice(EMPLOYERS.get(code, ("",))),
                union_member=member,
                wants_to_join=not member and rng.random() < WANTS_TO_JOIN_SHARE,
                registered_at=local_moment(day, 8 * 3600 + rng.randrange(11 * 3600)),
                registered_on=day,
                regularity=min(6.0, rng.lognormvariate(0, 0.9)) * REGULARITY.get(code, 0.8),
            )
        )
    drafts.sort(key=lambda draft: draft.registered_at)
    card_nos = _card_numbers(station_code, first_card_id, len(drafts), taken_card_nos)
    return [
        replace(draft, id=first_worker_id + i, card_id=first_card_id + i, card_no=card_nos[i])
        for i, draft in enumerate(drafts)
    ]
