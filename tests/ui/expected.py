"""What the tests expect an attendant to see: the sample station and the Chinese words."""

from __future__ import annotations

from station_app.domain.station import StationProfile

PROFILE = StationProfile(
    code="HF-LY-0012",
    name="庐阳区环卫工人爱心驿站",
    district="合肥市庐阳区",
    address="阜南路 88 号",
    opening_hours="07:00–20:00",
)

# The navigation as the zh_CN catalog has it, top to bottom (Ctrl+1 … Ctrl+9, Ctrl+0).
NAVIGATION = [
    "签到",
    "来访者",
    "来访记录",
    "库存",
    "服务",
    "活动",
    "报表",
    "同步",
    "设置",
    "操作日志",
]
PAGE_KEYS = [
    "checkin",
    "workers",
    "visits",
    "inventory",
    "services",
    "activities",
    "reports",
    "sync",
    "settings",
    "audit",
]


def has_chinese(text: str) -> bool:
    """True when ``text`` has at least one CJK ideograph (it was translated, not English)."""
    return any("\u4e00" <= char <= "\u9fff" for char in text)
