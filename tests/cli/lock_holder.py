"""Another program on the data folder: takes its lock as the window does, says "locked",
and keeps it until a line arrives on its standard input (or it is killed).
Run as ``python lock_holder.py DATA_DIR PROGRAM``."""

from __future__ import annotations

import sys
from pathlib import Path

from station_app.config.folder_lock import FolderLock


def main() -> None:
    with FolderLock(Path(sys.argv[1]), sys.argv[2]):
        print("locked", flush=True)
        sys.stdin.readline()


if __name__ == "__main__":
    main()
