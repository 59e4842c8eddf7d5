"""`station-app demo`: fill the station with believable demo data."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import iso_date
from station_app.cli.exit_codes import EXIT_OK
from station_app.cli.runner import StationCommand, run_on_station
from station_app.cli.terminal import TerminalProgress
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    demo = commands.add_parser(
        "demo", help=_("fill the station with believable demo data to try the app")
    )
    demo.add_argument("--seed", type=int, default=1, help=_("the same seed gives the same data"))
    demo.add_argument("--days", type=int, default=365, help=_("how many days of visits"))
    demo.add_argument("--until", type=iso_date, help=_("last day of visits (default: yesterday)"))
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help=_("do nothing when the station already has visits"),
    )


def _demo(station: Station, args: argparse.Namespace) -> int:
    demo = station.demo
    if args.if_empty and demo.has_visits():
        print(_("The station already has visits; demo data not added."))
        return EXIT_OK
    until = args.until or (station.clock.today() - dt.timedelta(days=1))
    summary = demo.fill(seed=args.seed, days=args.days, until=until, progress=TerminalProgress())
    print(
        _("Demo station ready: {workers} workers, {visits} visits, {services} services.").format(
            workers=summary.workers, visits=summary.visits, services=summary.services
        )
    )
    return EXIT_OK


BODIES: dict[str, StationCommand] = {"demo": _demo}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
