"""Who the demo station is, and who signs in to it: known before anything else of the demo
(the sign-in screen shows the practice PINs before the app's heavier modules are loaded)."""

from __future__ import annotations

from station_app.domain.enums import Role
from station_app.domain.station import StationProfile

DEMO_PROFILE = StationProfile(
    code="HF-LY-0001",
    name="庐阳区环卫工人爱心驿站（演示）",
    district="合肥市庐阳区",
    address="合肥市庐阳区阜阳路与北一环交口东南角",
    opening_hours="周一至周五 07:00–19:00，周六、周日 08:00–18:00",
)

DEMO_ACCOUNTS = (("王站长", Role.ADMIN, "2580"), ("李明", Role.ATTENDANT, "1357"))


def is_demo(profile_code: str) -> bool:
    return profile_code == DEMO_PROFILE.code
