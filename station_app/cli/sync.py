"""`station-app sync`: send the closed days' summaries to headquarters."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.cli.runner import StationCommand, run_on_station
from station_app.cli.terminal import TerminalProgress
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    sync = commands.add_parser(
        "sync", help=_("send the closed days' summaries to headquarters (settings: sync)")
    )
    sync.add_argument(
        "--status", action="store_true", help=_("only show what is waiting to be sent")
    )


def _sync(station: Station, args: argparse.Namespace) -> int:
    """Queue and deliver; the exit code is non-zero while any day is still waiting."""
    if args.status:
        status = station.sync.status()
        print(
            _("Waiting to be sent: {n} days {days}")
            .format(n=status.pending, days=" ".join(day.isoformat() for day in status.pending_days))
            .strip()
        )
        if status.last_error:
            print(status.last_error)
        if status.trust:
            print(status.trust)
        if status.feedback:
            print(status.feedback)
        return EXIT_OK if status.pending == 0 else EXIT_REFUSED
    outcome = station.sync.sync_now(TerminalProgress())
    print(outcome.message)
    sending = station.sync.status().mode != "off"
    return EXIT_OK if outcome.failed == 0 and sending else EXIT_REFUSED


BODIES: dict[str, StationCommand] = {"sync": _sync}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
