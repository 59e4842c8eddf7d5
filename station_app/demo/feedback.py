"""Workers' feedback for the demo station: ratings and suggestions from HQ's page over the
period (most answered, the newest two still open, one asking for a call back) and a few
given in person. Rows for ``feedback``, as a sync and the attendant would have left them."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from station_app.demo.calendar import CLOSES, OPENS, local_moment

Row = dict[str, Any]

# (rating, what the worker wrote, what the station did)
SUGGESTIONS: tuple[tuple[int, str, str], ...] = (
    (2, "热水不够热，冬天喝着凉", "换了饮水机加热管，水温已恢复"),
    (5, "值班阿姨很热情，谢谢", "已转告值班员，继续保持"),
    (3, "充电插座太少，高峰时要排队", "加装了一个六孔插排"),
    (4, "希望多放几把椅子", "从街道借来四把折叠椅"),
    (2, "厕所下午没人打扫", "下午三点加一次清扫，已排进值班表"),
    (4, "微波炉很方便，能不能再加一台", "已向街道工会申请第二台微波炉"),
    (5, "下雨天能借伞太好了", "已转告值班员，继续保持"),
    (3, "晚上关门太早，希望开到八点", "已报告街道工会，冬季延长到七点半"),
    (4, "药箱里的创可贴用完了", "补了两盒创可贴，纳入每周检查"),
    (1, "空调坏了一个星期没人修", "报修后已修好，并留了物业电话备用"),
)
OPEN_SUGGESTIONS: tuple[tuple[int | None, str, str | None], ...] = (
    (2, "门口台阶太高，推电动车进不来", "13805512345"),
    (4, "能不能放个手机充电柜，骑手要用", None),
)
IN_PERSON: tuple[tuple[int | None, str, str], ...] = (
    (5, "茶叶蛋和姜茶暖心", "谢谢夸奖，冬季继续供应"),
    (None, "希望有个放工具的地方", "在门边腾出一个工具角"),
    (4, "报纸能不能每天换新", "已联系邮局每日送报"),
)


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    return local_moment(day, rng.randrange(OPENS, CLOSES))


def _row(
    rng: random.Random,
    source: str,
    received: dt.datetime,
    rating: int | None,
    text: str,
    *,
    phone: str | None = None,
    action: str = "",
    answered_at: dt.datetime | None = None,
) -> Row:
    sent = 1 if source == "in_person" or action else 0
    return {
        "id": _id(rng),
        "source": source,
        "received_at": received,
        "rating": rating,
        "text": text,
        "phone": phone,
        "action": action,
        "answered_at": answered_at,
        "answered_by_id": None,
        "recorded_at": received,
        "revision": sent,
        "sent_revision": sent,
    }


def demo_feedback(rng: random.Random, first_day: dt.date, days: int) -> list[Row]:
    """The period's feedback, answered a day or two after it came (none in the future)."""
    last_day = first_day + dt.timedelta(days=days - 1)
    rows: list[Row] = []
    spread = max(days - 3, 1)
    for n, (rating, text, action) in enumerate(SUGGESTIONS):
        day = first_day + dt.timedelta(days=spread * n // len(SUGGESTIONS))
        received = _moment(rng, day)
        answered = min(day + dt.timedelta(days=rng.randint(1, 2)), last_day)
        rows.append(
            _row(
                rng, "hq", received, rating, text,
                action=action, answered_at=max(_moment(rng, answered), received),
            )
        )  # fmt: skip
    for n, (score, said, phone) in enumerate(OPEN_SUGGESTIONS):
        day = max(last_day - dt.timedelta(days=1 - n), first_day)
        rows.append(_row(rng, "hq", _moment(rng, day), score, said, phone=phone))
    for n, (score, said, done) in enumerate(IN_PERSON):
        day = first_day + dt.timedelta(days=spread * (2 * n + 1) // (2 * len(IN_PERSON)))
        received = _moment(rng, day)
        rows.append(
            _row(
                rng, "in_person", received, score, said,
                action=done, answered_at=received + dt.timedelta(hours=2),
            )
        )  # fmt: skip
    return rows
