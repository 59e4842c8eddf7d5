"""The station's self-check: its facilities and duties, each found in order or not.

The default list follows the provincial station standards (the "六有/八有": a sign, shelter
from heat and cold, water, a place to sit, to charge a phone, first aid…). A self-check is
owed once per calendar quarter: the union's inspectors ask for the quarter's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from station_app.i18n import N_, _

# (code, English msgid): the code is stored, the label translated when shown, so a change of
# wording or language never rewrites an old self-check.
SELF_CHECK_ITEMS: tuple[tuple[str, str], ...] = (
    ("sign", N_("Station sign outside")),
    ("air_conditioning", N_("Air-conditioning")),
    ("fridge", N_("Fridge")),
    ("microwave", N_("Microwave oven")),
    ("hot_water", N_("Drinking and hot water")),
    ("charging", N_("Power sockets and phone charging")),
    ("seating", N_("Tables and chairs")),
    ("first_aid", N_("First-aid kit")),
    ("toilet", N_("Toilet nearby")),
    ("map", N_("Listed on the map apps")),
    ("hours_posted", N_("Opening hours posted")),
    ("rating_qr", N_("Rating QR code displayed")),
)
CODES = frozenset(code for code, _label in SELF_CHECK_ITEMS)
NOTE_MAX = 200


def item_label(code: str) -> str:
    """The item's name in the user's language (a code no longer in the list shows as is)."""
    for known, label in SELF_CHECK_ITEMS:
        if known == code:
            return _(label)
    return code


@dataclass(frozen=True)
class SelfCheckAnswer:
    code: str
    ok: bool  # True: there and working (有/正常); False: missing or broken (缺/故障)
    note: str = ""

    @property
    def label(self) -> str:
        return item_label(self.code)


@dataclass(frozen=True)
class SelfCheck:
    """A self-check as saved: the station's local day, who filled it in, every answer."""

    checked_on: dt.date
    checked_at: dt.datetime  # aware UTC
    by: str  # the attendant's name ("" for the command line)
    answers: tuple[SelfCheckAnswer, ...]

    @property
    def problems(self) -> list[SelfCheckAnswer]:
        """The items found missing or broken, in the list's order."""
        return [answer for answer in self.answers if not answer.ok]


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    start = quarter_start(day)
    following = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return following - dt.timedelta(days=1)


class DueState(StrEnum):
    DONE = "done"  # this quarter's self-check is done
    DUE = "due"  # last quarter's was done; this quarter's is still to do
    OVERDUE = "overdue"  # none last quarter (or never)


def due_state(last: dt.date | None, today: dt.date) -> DueState:
    if last is not None and last >= quarter_start(today):
        return DueState.DONE
    previous = quarter_start(quarter_start(today) - dt.timedelta(days=1))
    if last is not None and last >= previous:
        return DueState.DUE
    return DueState.OVERDUE


def due_sentence(last: dt.date | None, today: dt.date) -> str:
    """What the admin reads: when the last self-check was and whether one is owed now."""
    state = due_state(last, today)
    if last is None:
        return _("No self-check has been recorded yet: fill one in now.")
    done = last.isoformat()
    if state is DueState.DONE:
        following = quarter_end(quarter_end(today) + dt.timedelta(days=1))
        return _(
            "Last self-check: {last}. This quarter's is done; the next is due by {date}."
        ).format(last=done, date=following.isoformat())
    if state is DueState.DUE:
        return _("Last self-check: {last}. This quarter's self-check is due by {date}.").format(
            last=done, date=quarter_end(today).isoformat()
        )
    return _("Last self-check: {last}. The self-check is overdue: fill one in now.").format(
        last=done
    )
