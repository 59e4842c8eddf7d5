"""`station-app report weekly|monthly|range`: the station's report as a PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions, iso_date
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.cli.runner import StationCommand, run_on_station
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock
    from station_app.domain.periods import Period


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    report = commands.add_parser(
        "report", help=_("print the station's report for a week, a month or a range of days")
    )
    actions = add_actions(report)
    weekly = actions.add_parser("weekly", help=_("the weekly report (default: last full week)"))
    weekly.add_argument("--week", metavar=_("WEEK"), help=_("the week, for example 2026-W47"))
    monthly = actions.add_parser("monthly", help=_("the monthly report (default: last month)"))
    monthly.add_argument("--month", metavar=_("MONTH"), help=_("the month, for example 2026-11"))
    ranged = actions.add_parser("range", help=_("a report for any range of days"))
    ranged.add_argument(
        "--from", dest="start", type=iso_date, required=True, metavar=_("DATE"), help=_("first day")
    )
    ranged.add_argument(
        "--to", dest="end", type=iso_date, required=True, metavar=_("DATE"), help=_("last day")
    )
    for parser in (weekly, monthly, ranged):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar=_("FILE"),
            help=_("the PDF to write (default: in the station's reports folder)"),
        )
        parser.add_argument(
            "--notes", default="", metavar=_("TEXT"), help=_("notes to print on the report")
        )


def _period(args: argparse.Namespace, today: dt.date) -> Period:
    """The period a ``report`` command asks for; PeriodError (translated) if it makes no sense."""
    from station_app.domain.periods import (
        day_range,
        last_full_week,
        month_of,
        parse_month,
        parse_week,
    )

    if args.action == "weekly":
        return parse_week(args.week) if args.week else last_full_week(today)
    if args.action == "monthly":
        return (
            parse_month(args.month)
            if args.month
            else month_of(today.replace(day=1) - dt.timedelta(days=1))
        )
    return day_range(args.start, args.end)


def _report(station: Station, args: argparse.Namespace) -> int:
    from station_app.domain.periods import PeriodError
    from station_app.reports.period_pdf import period_report_pdf
    from station_app.services.reporting.report_files import report_file_name

    try:
        period = _period(args, station.clock.today())
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    report = station.reports.period_report(period)
    target = args.output or station.paths.reports / report_file_name(report.station_code, period)
    period_report_pdf(report, target, notes=args.notes, zone=station.clock.zone)
    print(_("Report saved to {path}").format(path=target))
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "report weekly": _report,
    "report monthly": _report,
    "report range": _report,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
