"""The default lists a new station starts with (see shared GLOSSARY.md).

Labels are English msgids marked with N_(); the zh_CN catalog holds the words the
attendant sees (环卫工人, 热水 …). A station can add its own entries, stored with a
free-text name that is shown as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.i18n import N_


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
