"""The sub-commands' bodies: open the station, call a service, print the outcome."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from station_app.app import Station, open_station
from station_app.cli import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE
from station_app.db.migrate import DatabaseProblem
from station_app.i18n import _
from station_app.services.errors import ServiceError


class TerminalProgress:
    """A one-line progress bar on stderr; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self._last = -1
        self._enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self._enabled:
            return
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if percent == self._last:
            return
        self._last = percent
        filled = percent // 4
        line = f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {message}"
        sys.stderr.write(line[:100].ljust(100))
        if percent == 100:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _demo(station: Station, args: argparse.Namespace) -> int:
    from station_app.services.demo import DemoService

    demo = DemoService(station.db)
    if args.if_empty and demo.has_visits():
        print(_("The station already has visits; demo data not added."))
        return EXIT_OK
    until = args.until or (dt.date.today() - dt.timedelta(days=1))
    summary = demo.fill(seed=args.seed, days=args.days, until=until, progress=TerminalProgress())
    print(
        _("Demo station ready: {workers} workers, {visits} visits, {services} services.").format(
            workers=summary.workers, visits=summary.visits, services=summary.services
        )
    )
    return EXIT_OK


HANDLERS = {"demo": _demo}


def run_command(args: argparse.Namespace) -> int:
    try:
        station = open_station(args.data_dir, verbose=args.verbose)
    except DatabaseProblem as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(
            _("Cannot use the data folder {folder}: {error}").format(
                folder=args.data_dir, error=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    try:
        return HANDLERS[args.command](station, args)
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        station.close()
