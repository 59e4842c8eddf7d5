"""`station-app checkin`: a visitor checks in by card, or an anonymous visit is counted."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import positive
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.cli.runner import StationCommand, run_on_station
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    checkin = commands.add_parser(
        "checkin", help=_("check a visitor in by card, or count an anonymous visit")
    )
    checkin.add_argument(
        "code",
        nargs="?",
        metavar=_("CODE"),
        help=_("the card's QR text or its card number"),
    )
    checkin.add_argument(
        "--anonymous",
        metavar=_("CATEGORY"),
        help=_("count a visit without a card under this occupation category code"),
    )
    checkin.add_argument(
        "--count",
        type=positive,
        default=1,
        metavar=_("COUNT"),
        help=_("how many people (with --anonymous)"),
    )


def _checkin(station: Station, args: argparse.Namespace) -> int:
    from station_app.services.checkin.outcomes import CheckinStatus

    if (args.code is None) == (args.anonymous is None):
        print(_("Give either a card code or --anonymous CATEGORY, not both."), file=sys.stderr)
        return EXIT_REFUSED
    if args.anonymous is not None:
        result = station.checkin.anonymous(args.anonymous, args.count)
    else:
        result = station.checkin.scan(args.code)
    if result.status is CheckinStatus.REFUSED:
        print(result.message, file=sys.stderr)
        return EXIT_REFUSED
    print(result.message)
    return EXIT_OK


BODIES: dict[str, StationCommand] = {"checkin": _checkin}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
