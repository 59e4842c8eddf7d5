"""``time.sleep`` that works under libfaketime, imported first by ``tests/conftest.py``.

scripts/dev.sh also runs the whole suite on other dates under libfaketime, with the
monotonic clock left real (Qt's timers and every wait use it). libfaketime 0.9.10 (Debian
12's) still moves an *absolute* monotonic deadline by its offset, and Python's own
``time.sleep`` sleeps until such a deadline: it fails there with EINVAL. A relative wait is
left alone, so under libfaketime the tests sleep that way. Elsewhere nothing changes.
"""

from __future__ import annotations

import os
import select
import time


def relative_sleep(seconds: float) -> None:
    """``time.sleep`` made of relative waits."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


if "faketime" in os.environ.get("LD_PRELOAD", "") and (
    os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1"
):
    # Before the app is imported: a default argument bound to time.sleep gets this one.
    time.sleep = relative_sleep
