"""The default lists a new station starts with: occupations and service types.

Labels are English msgids marked with N_(); the zh_CN catalog holds the words the
attendant sees (环卫工人, 热水 …). A station can add its own entries, stored with a
free-text name that is shown as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from station_app.i18n import N_, _


@dataclass(frozen=True)
class Entry:
    code: str
    label: str  # N_() msgid


OCCUPATIONS: tuple[Entry, ...] = (
    Entry("sanitation", N_("Sanitation worker")),
    Entry("courier", N_("Courier")),
    Entry("delivery_rider", N_("Food-delivery rider")),
    Entry("taxi_driver", N_("Ride-hailing/taxi driver")),
    Entry("truck_driver", N_("Truck driver")),
    Entry("domestic_worker", N_("Domestic worker")),
    Entry("construction", N_("Construction worker")),
    Entry("traffic_warden", N_("Traffic police/warden")),
    Entry("security_guard", N_("Security guard")),
    Entry("other", N_("Other outdoor worker")),
)

# Visits whose occupation is unknown here (a foreign card's) count under it: never hidden.
FALLBACK_OCCUPATION = "other"
CUSTOM_NAME_MAX = 20  # a button label on the check-in page, not a description
# One-tap buttons on the check-in page: 12 fit in two columns on a 1024×700 screen.
SHOWN_MAX = 12
_CUSTOM_CODE = re.compile(r"^custom_([0-9]+)$")


def custom_code(existing: Iterable[str]) -> str:
    """The code of a station's next own entry: custom_1, custom_2 … (never reused).

    Cards carry the code, so it stays within the card format's ``[a-z0-9_]{1,32}``.
    """
    numbers = [int(found.group(1)) for code in existing if (found := _CUSTOM_CODE.match(code))]
    return f"custom_{max(numbers, default=0) + 1}"


def clean_name(name: str) -> str:
    """A name as stored: no spaces at the ends, one space where several were typed."""
    return " ".join(name.split())


def name_key(name: str) -> str:
    """What two names are compared by: no spaces, no letter case, full-width = half-width."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def custom_name_problem(name: str) -> str | None:
    """The translated problem with a cleaned name for a station's own entry, or None."""
    if not name:
        return _("Enter the name of the occupation category.")
    if len(name) > CUSTOM_NAME_MAX:
        return _("A category name can have at most {n} characters.").format(n=CUSTOM_NAME_MAX)
    if not name.isprintable():
        return _("A category name cannot contain control characters.")
    return None


SERVICE_TYPES: tuple[Entry, ...] = (
    Entry("hot_water", N_("Hot water")),
    Entry("microwave", N_("Meal heating")),
    Entry("phone_charging", N_("Phone charging")),
    Entry("rest_cooling", N_("Rest and cooling")),
    Entry("warming", N_("Warming up")),
    Entry("drinking_water", N_("Drinking water")),
    Entry("toilet", N_("Toilet")),
    Entry("first_aid", N_("First-aid medicine")),
    Entry("reading", N_("Books and reading")),
    Entry("repair_tools", N_("Repair tools")),
    Entry("legal_advice", N_("Legal advice")),
)

ITEM_CATEGORIES: tuple[Entry, ...] = (
    Entry("drinks", N_("Drinks")),
    Entry("food", N_("Food")),
    Entry("heatstroke", N_("Heatstroke relief")),
    Entry("first_aid", N_("First aid")),
    Entry("hygiene", N_("Hygiene")),
    Entry("rain_gear", N_("Rain gear")),
    Entry("tools", N_("Tools")),
    Entry("lendable", N_("Lendable equipment")),
    Entry("other", N_("Other")),
)


def too_many_shown() -> str:
    return _(
        "At most {n} categories can be shown on the check-in page at once. Hide one that is "
        "seldom used first."
    ).format(n=SHOWN_MAX)
