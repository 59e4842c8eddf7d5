"""The station profile and the rules for its fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from station_app.i18n import _

# HQ issues codes such as "HF-LY-0012": letters, digits and dashes.
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
MAX_TEXT = 200


@dataclass(frozen=True)
class StationProfile:
    code: str
    name: str
    district: str = ""
    address: str = ""
    opening_hours: str = ""

    def normalized(self) -> StationProfile:
        return StationProfile(
            code=self.code.strip().upper(),
            name=self.name.strip(),
            district=self.district.strip(),
            address=self.address.strip(),
            opening_hours=self.opening_hours.strip(),
        )


def validate_profile(profile: StationProfile) -> dict[str, str]:
    """Field name → translated problem; empty when the profile can be saved."""
    problems: dict[str, str] = {}
    if not profile.code:
        problems["code"] = _("Enter the station code issued by headquarters.")
    elif not _CODE.match(profile.code):
        problems["code"] = _(
            "A station code has 3 to 32 letters, digits or dashes, for example HF-LY-0012."
        )
    if not profile.name:
        problems["name"] = _("Enter the station's name.")
    for field in ("name", "district", "address", "opening_hours"):
        if len(getattr(profile, field)) > MAX_TEXT:
            problems[field] = _("At most {n} characters.").format(n=MAX_TEXT)
    return problems
