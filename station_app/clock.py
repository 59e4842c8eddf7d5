"""The app's one clock: the only place in ``station_app`` that reads the system time.

It is made in the composition root (``app.open_station``, HQ's app and commands) and handed to
every service and page that needs the time or today's date. Tests hand in a ``FrozenClock``,
so nothing they check depends on the day they run.

``zone`` is the station's time zone, in one place: the station setting
(``config.settings.STATION_ZONE``, Asia/Shanghai unless changed), followed by the clock once
``app.open_station`` has read the settings, so a change applies at once. It never depends on
the PC's zone. Durations are measured with ``time.monotonic``, not with this clock.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from zoneinfo import ZoneInfo

from station_app.config.settings import STATION_ZONE
from station_app.domain.days import as_utc, local_date, to_local


def default_zone() -> dt.tzinfo:
    """The station's zone until its settings are read: the setting's default."""
    return ZoneInfo(STATION_ZONE.default)


class Clock(ABC):
    """What time it is, and which day it is on the station's calendar."""

    def __init__(self, zone: dt.tzinfo | None = None) -> None:
        fixed = zone or default_zone()
        self._zone_of: Callable[[], dt.tzinfo] = lambda: fixed

    @property
    def zone(self) -> dt.tzinfo:
        """The station's time zone, now."""
        return self._zone_of()

    def follow_zone(self, zone_of: Callable[[], dt.tzinfo]) -> None:
        """Take the zone from ``zone_of`` at every use (the station's setting)."""
        self._zone_of = zone_of

    @abstractmethod
    def now(self) -> dt.datetime:
        """The current moment, aware UTC."""

    def today(self) -> dt.date:
        """The local calendar day at ``now()``."""
        return local_date(self.now(), self.zone)

    def local_now(self) -> dt.datetime:
        """``now()`` on the attendant's wall clock (aware, in ``zone``)."""
        return to_local(self.now(), self.zone)

    def or_now(self, given: dt.datetime | None) -> dt.datetime:
        """When a use case acts: ``given`` (a back-dated entry) as aware UTC, else ``now()``.
        A naive ``given`` is taken as wall-clock time in the station's zone."""
        return as_utc(given, self.zone) if given is not None else self.now()


class SystemClock(Clock):
    """The computer's clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FrozenClock(Clock):
    """A clock that stands still until told otherwise (tests, the demo, what-if runs)."""

    def __init__(self, moment: dt.datetime, zone: dt.tzinfo | None = None) -> None:
        super().__init__(zone)
        self._moment = self._checked(moment)

    @staticmethod
    def _checked(moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("naive datetime: give the clock an aware moment")
        return moment.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._moment

    def set(self, moment: dt.datetime) -> None:
        self._moment = self._checked(moment)

    def advance(self, by: dt.timedelta) -> None:
        self._moment += by
