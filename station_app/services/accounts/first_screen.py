"""The sign-in screen before the app is loaded: the station's name and who may sign in,
read with the standard library alone (``db/first_look.py``) once the start-up check has
passed, so the attendant can tap their name and type a PIN while the rest loads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from station_app.db.first_look import first_look
from station_app.domain.accounts import AttendantView
from station_app.domain.enums import Role


@dataclass(frozen=True)
class FirstScreen:
    station_code: str
    station_name: str
    on_duty: list[AttendantView]  # who may sign in, by name


def first_screen(database: Path) -> FirstScreen | None:
    """What the sign-in screen shows, for a set-up station at the newest revision; None
    for anything else (a new station, an upgrade to make, a file that does not read)."""
    look = first_look(database)
    if look is None:
        return None
    try:
        people = [
            AttendantView(id=id_, name=name, role=Role(role), active=True)
            for id_, name, role in look.attendants
        ]
    except ValueError:  # a role this version does not know
        return None
    return FirstScreen(look.station_code, look.station_name, people)
