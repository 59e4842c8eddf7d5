"""The check-in dedupe rule: a card shown again soon after is one visit, not two.

A worker often shows the card on the way in and again at the water dispenser, or the
scanner reads it twice; counting those would inflate every figure HQ sees.
"""

from __future__ import annotations

import datetime as dt


def is_repeat(last: dt.datetime | None, now: dt.datetime, window_minutes: int) -> bool:
    """True when a visit at ``last`` makes a check-in at ``now`` the same visit.

    A last visit *after* ``now`` (the PC clock was set back) also counts as the same visit:
    better one visit missed than one counted twice. A window of 0 turns the rule off.
    """
    if last is None or window_minutes <= 0:
        return False
    return now - last < dt.timedelta(minutes=window_minutes)
