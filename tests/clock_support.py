"""The moment every test's clock starts at, for fixtures that cannot take the ``clock``
fixture (module-scoped ones) and for subprocesses."""

from __future__ import annotations

import datetime as dt

from station_app.clock import FrozenClock

BEIJING = dt.timezone(dt.timedelta(hours=8))
# Tuesday 24 November 2026, 08:47 in Beijing (00:47 UTC, the same date in both zones).
# Tests move it with ``clock.advance`` or ``clock.set``.
START = dt.datetime(2026, 11, 24, 8, 47, tzinfo=BEIJING)


def frozen_clock() -> FrozenClock:
    """A new clock standing still at ``START``."""
    return FrozenClock(START)
