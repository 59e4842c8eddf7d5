"""Activities and campaigns: what a station holds besides its daily rest service.

An activity (a legal-advice day, a health check, 送清凉…) has a day, a partner organisation,
how many people of each occupation took part (counts only) and the items it handed out from
stock. A campaign is a named period with its kit items; its report adds up the activities of
the period that handed out kit items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from station_app.i18n import N_

# (code, English msgid) of the built-in types, as revision 0015 stored them.
ACTIVITY_TYPES: tuple[tuple[str, str], ...] = (
    ("legal_advice", N_("Legal advice")),
    ("health_check", N_("Health check")),
    ("haircut", N_("Free haircut")),
    ("union_drive", N_("Union membership drive")),
    ("summer_cooling", N_("Summer cooling (送清凉)")),
    ("winter_warmth", N_("Winter warmth (送温暖)")),
)
PARTNER_MAX = 100
TYPE_NAME_MAX = 20
CAMPAIGN_NAME_MAX = 40
# The most people one activity may count: more is a typing slip for a rest station.
PARTICIPANTS_MAX = 10_000


@dataclass(frozen=True)
class ActivityTypeView:
    code: str
    label: str  # in the user's language
    builtin: bool


@dataclass(frozen=True)
class HandOut:
    """Units of one item handed out at an activity."""

    item_id: int
    quantity: int


@dataclass(frozen=True)
class ActivityInput:
    held_on: dt.date
    type_code: str
    partner: str
    participants: dict[str, int]  # occupation code → people
    items: tuple[HandOut, ...] = ()


@dataclass(frozen=True)
class Tally:
    """One row of a table: a type, an occupation, an item, with its figure."""

    label: str
    value: int
    unit: str = ""


@dataclass(frozen=True)
class ActivityView:
    id: int
    held_on: dt.date
    type_label: str
    partner: str
    people: int
    participants: tuple[Tally, ...]  # by occupation
    items: tuple[Tally, ...]


@dataclass(frozen=True)
class ActivitiesSummary:
    """The activities of a period, for the weekly report."""

    count: int
    people: int
    by_type: tuple[Tally, ...]  # activities per type, most first
    by_occupation: tuple[Tally, ...]  # people per occupation, most first
    items: tuple[Tally, ...]  # units handed out per item, most first


@dataclass(frozen=True)
class CampaignView:
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    kit: tuple[str, ...]  # the kit items' names


@dataclass(frozen=True)
class KitLine:
    name: str
    unit: str
    handed_out: int  # at the campaign's activities
    left: int  # in stock now


@dataclass(frozen=True)
class CampaignReport:
    campaign: CampaignView
    activities: int
    people: int
    by_occupation: tuple[Tally, ...]
    kit: tuple[KitLine, ...]


def most_first(counts: dict[str, int], units: dict[str, str] | None = None) -> tuple[Tally, ...]:
    """Rows with a figure, most first (then by label, so the order is stable)."""
    return tuple(
        Tally(label, value, (units or {}).get(label, ""))
        for label, value in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if value
    )
