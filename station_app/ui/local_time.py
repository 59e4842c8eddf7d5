"""Times on screen are the station's wall clock (its time-zone setting), never the PC's.

Like the language, the zone is the station's for the whole window: ``follow(station.clock)``
once the station is open, and every page, model and dialog shows a stored UTC time with
``local(moment)``. Until a station is open the setting's default zone is used.
"""

from __future__ import annotations

import datetime as dt

from station_app.clock import Clock, default_zone
from station_app.domain.days import to_local

_clock: list[Clock] = []  # the open station's clock, once there is one


def follow(clock: Clock) -> None:
    """Show times in ``clock``'s zone (the station's setting, followed as it changes)."""
    _clock[:] = [clock]


def zone() -> dt.tzinfo:
    return _clock[0].zone if _clock else default_zone()


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` on the station's wall clock."""
    return to_local(moment, zone())
