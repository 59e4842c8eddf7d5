"""A second program writing to the station's file while the test's process scans: it counts
anonymous visitors on the last few days (so the summaries of those days change under the
sync), then prints how many visits it wrote. Run as ``python writer_child.py DATABASE N``;
it starts writing when a line arrives on its standard input."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from station_app.db.engine import Database
from station_app.services.checkin.checkin import CheckinService
from tests.clock_support import START, frozen_clock


def main() -> None:
    database, count = Path(sys.argv[1]), int(sys.argv[2])
    db = Database.open(database)
    checkin = CheckinService(db, frozen_clock(), lambda: 30)
    print("ready", flush=True)
    sys.stdin.readline()
    written = 0
    for n in range(count):
        moment = START - dt.timedelta(days=1 + n % 3, hours=n % 5)
        written += len(checkin.anonymous("sanitation", 1, now=moment).visit_ids)
    print(f"wrote {written}", flush=True)
    db.close()


if __name__ == "__main__":
    main()
