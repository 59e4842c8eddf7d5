"""`station-app hq serve|station add|ingest|report`: headquarters' commands. They use HQ's
database, never a station's."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions, positive
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE
from station_app.cli.terminal import read_text, shown_safely
from station_app.domain.errors import ServiceError
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.clock import Clock
    from station_app.hq.db import HqDatabase

DATABASE_ENV = "STATION_HQ_DATABASE"


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    hq = commands.add_parser(
        "hq", help=_("the headquarters service that receives the stations' daily summaries")
    )
    actions = add_actions(hq)
    serve = actions.add_parser("serve", help=_("receive summaries over HTTP until stopped"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    serve.add_argument("--port", type=positive, default=8765, help=_("port to listen on"))
    station = actions.add_parser("station", help=_("the stations headquarters accepts"))
    station_actions = station.add_subparsers(
        dest="station_action", metavar=_("ACTION"), required=True
    )
    add = station_actions.add_parser(
        "add", help=_("register a station with its public key; prints its upload token once")
    )
    add.add_argument("code", metavar=_("CODE"), help=_("the station code, for example HF-LY-0012"))
    add.add_argument("--name", required=True, metavar=_("NAME"), help=_("the station's name"))
    add.add_argument("--district", default="", metavar=_("DISTRICT"), help=_("its district"))
    add.add_argument(
        "--key",
        type=Path,
        required=True,
        metavar=_("FILE"),
        help=_("the station's public key file (station-app key export)"),
    )
    ingest = actions.add_parser(
        "ingest", help=_("store the summaries in a folder (a USB stick from a station)")
    )
    ingest.add_argument("folder", type=Path, metavar=_("FOLDER"))
    report = actions.add_parser(
        "report", help=_("the weekly rollup of all stations as a CSV or PDF file")
    )
    report.add_argument(
        "--week", metavar=_("WEEK"), help=_("the week, for example 2026-W47 (default: last week)")
    )
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE"),
        help=_("the CSV (or, named .pdf, the PDF) to write (default: print the CSV)"),
    )
    for parser in (serve, add, ingest, report):
        parser.add_argument(
            "--database",
            metavar=_("URL"),
            help=_(
                "headquarters' database: sqlite:///FILE or postgresql+psycopg://… "
                "(default: hq.sqlite3 in the data folder)"
            ),
        )


def missing_extra() -> str:
    return _(
        'The headquarters service needs the optional "hq" packages. Install them with: '
        'pip install "station-app[hq]"'
    )


def database_url(args: argparse.Namespace) -> str:
    """--database, else $STATION_HQ_DATABASE, else hq.sqlite3 in the data folder."""
    if args.database:
        return str(args.database)
    if os.environ.get(DATABASE_ENV):
        return os.environ[DATABASE_ENV]
    args.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{args.data_dir / 'hq.sqlite3'}"


def _open(args: argparse.Namespace) -> HqDatabase:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from station_app.hq.db import HqDatabase

    url = database_url(args)
    try:
        return HqDatabase.open(url)
    except (ModuleNotFoundError, NoSuchModuleError):
        raise _Unusable(missing_extra()) from None
    except ArgumentError:
        raise _Unusable(
            _("“{url}” is not a database URL (sqlite:///FILE or postgresql+psycopg://…).").format(
                url=url
            )
        ) from None
    except OperationalError as error:
        raise _Unusable(
            _("Cannot use headquarters' database: {error}").format(error=error.orig or error)
        ) from None


class _Unusable(Exception):
    pass


def _serve(args: argparse.Namespace, clock: Clock) -> int:
    try:
        from station_app.hq.app import serve
    except ImportError:
        print(missing_extra(), file=sys.stderr)
        return EXIT_UNUSABLE
    url = database_url(args)
    _open(args).close()  # says what is wrong before the server starts
    print(
        _("Headquarters receives summaries at http://{host}:{port}/api/v1/batches").format(
            host=args.host, port=args.port
        )
    )
    serve(url, host=args.host, port=args.port, clock=clock)
    return EXIT_OK


def _station_add(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.hq.stations import add_station

    key_text = read_text(args.key)
    db = _open(args)
    try:
        added = add_station(
            db,
            args.code,
            name=args.name,
            district=args.district,
            key_text=key_text,
            now=clock.now(),
        )
    finally:
        db.close()
    print(
        _("Station {code} ({name}) registered with key {key_id}.").format(
            code=added.code, name=added.name, key_id=added.key_id
        )
    )
    print(
        _(
            "Its upload token is below. It is shown only this once: give it to the station. "
            "Headquarters keeps only its hash."
        )
    )
    print(added.token)
    return EXIT_OK


def _ingest(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.hq.ingest import ingest_folder

    if not args.folder.is_dir():
        print(_("{folder} is not a folder.").format(folder=args.folder), file=sys.stderr)
        return EXIT_REFUSED
    db = _open(args)
    try:
        reports = ingest_folder(db.sessions, args.folder, clock)
    finally:
        db.close()
    if not reports:
        print(
            _("No summaries (*.manifest.json) in {folder}.").format(folder=args.folder),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    for report in reports:
        # File names and problems quote the batch's own text: never raw to the terminal.
        print(shown_safely(f"{report.name}: {report.result.message()}"))
    refused = sum(1 for report in reports if not report.result.accepted)
    print(
        _("{n} batches read, {applied} stored, {refused} refused.").format(
            n=len(reports),
            applied=sum(1 for report in reports if report.result.applied),
            refused=refused,
        )
    )
    return EXIT_REFUSED if refused else EXIT_OK


def _report(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.domain.periods import PeriodError, last_full_week, parse_week
    from station_app.hq.rollup import rollup_csv, week_rollup, write_rollup_csv

    try:
        period = parse_week(args.week) if args.week else last_full_week(clock.today())
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    db = _open(args)
    try:
        rollup = week_rollup(db, period)
    finally:
        db.close()
    if args.output is None:
        sys.stdout.write(rollup_csv(rollup).decode("utf-8-sig"))
        return EXIT_OK
    if args.output.suffix.lower() == ".pdf":
        from station_app.hq.rollup_pdf import rollup_pdf

        rollup_pdf(rollup, args.output)
    else:
        write_rollup_csv(rollup, args.output)
    print(
        _(
            "Rollup of {week} saved to {path}: {visits} visits, {missing} stations not reported."
        ).format(
            week=period.code(),
            path=args.output,
            visits=rollup.visits,
            missing=len(rollup.not_reported),
        )
    )
    return EXIT_OK


BODIES: dict[str, Callable[[argparse.Namespace, Clock], int]] = {
    "serve": _serve,
    "station": _station_add,  # "add" is its only action
    "ingest": _ingest,
    "report": _report,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    try:
        return BODIES[args.action](args, clock)
    except _Unusable as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
