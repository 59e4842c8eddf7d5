"""Running a command on the station: open it, run the command's body, close it, and turn
what went wrong into a message and an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from station_app.cli.exit_codes import EXIT_REFUSED, EXIT_UNUSABLE
from station_app.cli.terminal import print_unusable_folder
from station_app.domain.errors import ServiceError

if TYPE_CHECKING:  # the command groups import this module to build the parser: stay light
    from station_app.app import Station
    from station_app.clock import Clock

StationCommand = Callable[["Station", argparse.Namespace], int]


def command_name(args: argparse.Namespace) -> str:
    """The command and, for commands with actions, the action: "card issue"."""
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if action else str(args.command)


def run_on_station(
    args: argparse.Namespace, bodies: Mapping[str, StationCommand], clock: Clock
) -> int:
    """Run the body ``bodies[command_name(args)]`` on the station in ``args.data_dir``, opened
    on ``clock``."""
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
