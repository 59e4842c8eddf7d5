"""`station-app hq serve|station add|user add|ingest|report|card|key`: headquarters' commands. They
use HQ's database, never a station's."""

from __future__ import annotations

import argparse
import getpass
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
    user = actions.add_parser("user", help=_("the staff accounts of HQ's dashboard"))
    user_actions = user.add_subparsers(dest="user_action", metavar=_("ACTION"), required=True)
    user_add = user_actions.add_parser(
        "add",
        help=_("create a dashboard account (the password is asked for twice, or read from stdin)"),
    )
    user_add.add_argument("name", metavar=_("NAME"))
    user_add.add_argument(
        "--role",
        choices=["admin", "viewer"],
        required=True,
        help=_("admin: everything; viewer: only the stations of one district"),
    )
    user_add.add_argument(
        "--district", default="", metavar=_("DISTRICT"), help=_("the district a viewer sees")
    )
    ingest = actions.add_parser(
        "ingest", help=_("store the summaries in a folder (a USB stick from a station)")
    )
    ingest.add_argument("folder", type=Path, metavar=_("FOLDER"))
    report = actions.add_parser(
        "report", help=_("the weekly or monthly rollup of all stations as a CSV or PDF file")
    )
    which = report.add_mutually_exclusive_group()
    which.add_argument(
        "--week", metavar=_("WEEK"), help=_("the week, for example 2026-W47 (default: last week)")
    )
    which.add_argument("--month", metavar=_("MONTH"), help=_("the month, for example 2026-11"))
    rebuild = actions.add_parser(
        "rebuild-rollups",
        help=_("make the dashboard's rollups again from the stored figures (a repair)"),
    )
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE"),
        help=_("the CSV (or, named .pdf, the PDF) to write (default: print the CSV)"),
    )
    trust_parsers = _add_trust_parsers(actions)
    for parser in (serve, add, user_add, ingest, report, rebuild, *trust_parsers):
        parser.add_argument(
            "--database",
            metavar=_("URL"),
            help=_(
                "headquarters' database: sqlite:///FILE or postgresql+psycopg://… "
                "(default: hq.sqlite3 in the data folder)"
            ),
        )


def _add_trust_parsers(actions: argparse._SubParsersAction[Any]) -> list[argparse.ArgumentParser]:
    card = actions.add_parser("card", help=_("cards withdrawn at headquarters for every station"))
    card_actions = card.add_subparsers(dest="card_action", metavar=_("ACTION"), required=True)
    revoke = card_actions.add_parser(
        "revoke", help=_("withdraw a card: every station refuses it after its next sync")
    )
    revoke.add_argument(
        "key_id", metavar="KEY_ID", help=_("the issuer's key id printed on the card")
    )
    revoke.add_argument("card_no", metavar=_("CARD_NO"), help=_("the card number"))
    revoke.add_argument(
        "--reason", required=True, metavar=_("TEXT"), help=_("why (lost, replaced, misused)")
    )
    listing = card_actions.add_parser("list", help=_("the cards withdrawn at headquarters"))
    key = actions.add_parser("key", help=_("headquarters' own signing key"))
    key_actions = key.add_subparsers(dest="key_action", metavar=_("ACTION"), required=True)
    export = key_actions.add_parser(
        "export",
        help=_("write headquarters' public key file, which every station imports as hq"),
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar=_("FILE"), help=_("the file (default: print it)")
    )
    return [revoke, listing, export]


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
    print(
        _(
            "Its dashboard is at http://{host}:{port}/ (create the first admin with: "
            "station-app hq user add NAME --role admin)"
        ).format(host=args.host, port=args.port)
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


def _read_password() -> tuple[str, str]:
    """Typed twice at a terminal, unseen; from a pipe (a script), the first line for both."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        return line, line
    return getpass.getpass(_("Password: ")), getpass.getpass(_("Again: "))


def _user_add(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.domain.errors import ValidationFailed
    from station_app.hq.accounts import HqRole, add_user
    from station_app.hq.stations import CONSOLE

    password, again = _read_password()
    if password != again:
        print(_("The two passwords differ; nothing was changed."), file=sys.stderr)
        return EXIT_REFUSED
    db = _open(args)
    try:
        account = add_user(
            db,
            args.name,
            role=HqRole(args.role),
            district=args.district,
            password=password,
            by=CONSOLE,
            now=clock.now(),
        )
    except ValidationFailed as exc:
        for problem in exc.problems.values():
            print(problem, file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.close()
    print(
        _("Account {name} created; it can sign in to the dashboard now.").format(name=account.name)
    )
    return EXIT_OK


def _ingest(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.hq.ingest import ingest_folder

    if not args.folder.is_dir():
        print(_("{folder} is not a folder.").format(folder=args.folder), file=sys.stderr)
        return EXIT_REFUSED
    db = _open(args)
    try:
        reports = ingest_folder(db.sessions, args.folder, clock)
        _write_trust(db, args.folder, clock)
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


def _write_trust(db: HqDatabase, folder: Path, clock: Clock) -> None:
    """The stick goes back to the station with HQ's current trust bundle on it."""
    from station_app.hq.trust import write_bundle

    try:
        path = write_bundle(db, folder, now=clock.now())
    except OSError as error:
        print(
            _(
                "Could not write the list of withdrawn cards into {folder} ({error}); the "
                "station gets it with a later stick."
            ).format(folder=folder, error=error.strerror or error),
            file=sys.stderr,
        )
        return
    print(
        _("The list of withdrawn cards and trusted keys for the station is in {path}.").format(
            path=path
        )
    )


def _card(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.hq.stations import CONSOLE
    from station_app.hq.trust import list_revocations, revoke_card

    db = _open(args)
    try:
        if args.card_action == "revoke":
            revoke_card(db, args.key_id, args.card_no, args.reason, by=CONSOLE, now=clock.now())
            print(
                _(
                    "Card {card_no} of key {key_id} is withdrawn; every station refuses it "
                    "after its next sync."
                ).format(card_no=args.card_no.strip().upper(), key_id=args.key_id.strip().upper())
            )
            return EXIT_OK
        revocations = list_revocations(db)
    finally:
        db.close()
    if not revocations:
        print(_("No card is withdrawn at headquarters."))
    for row in revocations:
        columns = [
            row.key_id,
            row.card_no,
            row.revoked_at.date().isoformat(),
            _printable(row.issuer),
            _printable(row.reason),
        ]
        print("\t".join(columns))
    return EXIT_OK


def _printable(text: str) -> str:
    # Typed on the dashboard by anyone: a control character must not steer the terminal.
    return "".join(char if char.isprintable() else "\ufffd" for char in text)


def _key(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.atomic_file import atomic_write
    from station_app.hq.trust import hq_public_key_file

    db = _open(args)
    try:
        text = hq_public_key_file(db, now=clock.now())
    finally:
        db.close()
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    with atomic_write(args.output) as stream:
        stream.write(text.encode("utf-8"))
    print(
        _(
            "Headquarters' public key is in {path}. Each station imports it with: "
            "station-app key import FILE --kind hq"
        ).format(path=args.output)
    )
    return EXIT_OK


def _report(args: argparse.Namespace, clock: Clock) -> int:
    from station_app.domain.periods import PeriodError, last_full_week, parse_month, parse_week
    from station_app.hq.figures import Scope, reporting, station_totals
    from station_app.hq.figures.pdf import rollup_pdf
    from station_app.hq.figures.queries import DEFAULT_TIMELY_DAYS
    from station_app.hq.figures.rollup_csv import rollup_csv
    from station_app.reports.output import atomic_output

    try:
        if args.month:
            period = parse_month(args.month)
        else:
            period = parse_week(args.week) if args.week else last_full_week(clock.today())
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    today = min(clock.today(), period.after_end)
    everything = Scope.everything()
    db = _open(args)
    try:
        if args.output is not None and args.output.suffix.lower() == ".pdf":
            rollup_pdf(db, everything, period, args.output, today=today, zone=clock.zone)
        else:
            data = rollup_csv(db, everything, period, today=today, zone=clock.zone)
            if args.output is None:
                sys.stdout.write(data.decode("utf-8-sig"))
                return EXIT_OK
            with atomic_output(args.output) as stream:
                stream.write(data)
        visits = sum(total.visits for total in station_totals(db, everything, period))
        report = reporting(
            db, everything, period, timely_days=DEFAULT_TIMELY_DAYS, today=today, zone=clock.zone
        )
    finally:
        db.close()
    missing = sum(1 for row in report.stations if row.expected and not row.received)
    print(
        _(
            "Rollup of {week} saved to {path}: {visits} visits, {missing} stations not reported."
        ).format(week=period.code(), path=args.output, visits=visits, missing=missing)
    )
    return EXIT_OK


def _rebuild_rollups(args: argparse.Namespace, _clock: Clock) -> int:
    from station_app.hq.figures import rebuild

    db = _open(args)
    try:
        rebuild(db)
    finally:
        db.close()
    print(_("The rollups were made again from the stored figures."))
    return EXIT_OK


BODIES: dict[str, Callable[[argparse.Namespace, Clock], int]] = {
    "serve": _serve,
    "station": _station_add,  # "add" is its only action
    "user": _user_add,  # "add" is its only action
    "ingest": _ingest,
    "report": _report,
    "rebuild-rollups": _rebuild_rollups,
    "card": _card,
    "key": _key,
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
