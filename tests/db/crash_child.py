"""The process the crash-safety test kills: check-ins (and some stock issues) as fast as it
can, printing each one's id only after its commit returned, so every printed id is a
promise the database must keep. Run as ``python crash_child.py DATABASE ITEM_ID``."""

from __future__ import annotations

import sys
from pathlib import Path

from station_app.db.engine import Database
from station_app.services.checkin.checkin import CheckinService
from station_app.services.stock.inventory import InventoryService
from tests.clock_support import frozen_clock


def main() -> None:
    database, item_id = Path(sys.argv[1]), int(sys.argv[2])
    db = Database.open(database)
    clock = frozen_clock()  # every write at the same moment: only the commits matter here
    checkin = CheckinService(db, clock, lambda: 30)
    inventory = InventoryService(db, clock)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        for visit_id in checkin.anonymous("sanitation", 1 + n % 3).visit_ids:
            print(f"visit {visit_id}", flush=True)
        if n % 5 == 0:
            print(f"stock {inventory.issue(item_id, 1).movement_id}", flush=True)


if __name__ == "__main__":
    main()
