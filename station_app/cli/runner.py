"""Running a command on the station: open it, run the command's body, close it, and turn
what went wrong into a message and an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from station_app.cli.exit_codes import EXIT_REFUSED, EXIT_UNUSABLE
from station_app.cli.terminal import print_folder_in_use, print_unusable_folder
from station_app.domain.errors import ServiceError

if TYPE_CHECKING:  # the command groups import this module to build the parser: stay light
    from station_app.app import Station
    from station_app.clock import Clock
    from station_app.config.folder_lock import FolderLock

StationCommand = Callable[["Station", argparse.Namespace], int]


def command_name(args: argparse.Namespace) -> str:
    """The command and, for commands with actions, the action: "card issue"."""
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if action else str(args.command)


# Commands that change nothing in the station's data: they take no lock on the data folder
# and run beside the open window (a report or a backup while the attendant scans). Every
# other command writes, and is refused while another program has the folder (the window, a
# restore, another writing command).
READ_ONLY_COMMANDS = frozenset(
    {
        "attendant list",
        "backup",
        "card pdf",
        "card png",
        "items export",
        "key export",
        "key list",
        "occupation list",
        "report monthly",
        "report range",
        "report weekly",
        "stock count-sheet",
        "stock list",
        "worker export",
        "worker list",
    }
)


def only_reads(args: argparse.Namespace) -> bool:
    """Whether the command in ``args`` leaves the station's data as it is."""
    if args.command == "sync":
        return bool(getattr(args, "status", False))
    return command_name(args) in READ_ONLY_COMMANDS


def folder_lock(args: argparse.Namespace) -> FolderLock | None:
    """The data folder's lock, taken for a command that writes (None for one that only
    reads); FolderInUse when another program has the folder, OSError if it is unusable."""
    from station_app.config.folder_lock import FolderLock

    if only_reads(args):
        return None
    lock = FolderLock(args.data_dir, f"station-app {command_name(args)}")
    lock.acquire()
    return lock


def run_on_station(
    args: argparse.Namespace, bodies: Mapping[str, StationCommand], clock: Clock
) -> int:
    """Run the body ``bodies[command_name(args)]`` on the station in ``args.data_dir``, opened
    on ``clock``."""
    from station_app.config.folder_lock import FolderInUse

    try:
        lock = folder_lock(args)
    except FolderInUse as exc:
        print_folder_in_use(args.data_dir, exc.holder.program, exc.holder.pid)
        return EXIT_REFUSED
    except OSError as exc:
        print_unusable_folder(args.data_dir, exc)
        return EXIT_UNUSABLE
    try:
        return _opened_and_run(args, bodies, clock)
    finally:
        if lock is not None:
            lock.release()


def _opened_and_run(
    args: argparse.Namespace, bodies: Mapping[str, StationCommand], clock: Clock
) -> int:
    from station_app.app import open_station
    from station_app.domain.errors import DatabaseProblem

    try:
        station = open_station(args.data_dir, verbose=args.verbose, clock=clock, language=args.lang)
    except DatabaseProblem as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print_unusable_folder(args.data_dir, exc)
        return EXIT_UNUSABLE
    try:
        return bodies[command_name(args)](station, args)
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        station.close()
