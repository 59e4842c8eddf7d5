"""`station-app worker add|list|erase|export` and `station-app retention`: the workers the
station registered, and erasing those not seen for the years the settings keep them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.cli.runner import StationCommand, run_on_station
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_worker_parser(commands: argparse._SubParsersAction[Any]) -> None:
    worker = commands.add_parser("worker", help=_("register, list and erase workers"))
    actions = add_actions(worker)
    add = actions.add_parser("add", help=_("register a worker"))
    add.add_argument("--name", required=True, metavar=_("NAME"), help=_("name or nickname"))
    add.add_argument(
        "--occupation", required=True, metavar=_("CODE"), help=_("occupation category code")
    )
    add.add_argument("--phone", default="", metavar=_("PHONE"), help=_("mobile number (optional)"))
    add.add_argument(
        "--employer",
        default="",
        metavar=_("EMPLOYER"),
        help=_("employer or platform (optional)"),
    )
    add.add_argument("--member", action="store_true", help=_("the worker is a union member"))
    add.add_argument(
        "--wants-to-join", action="store_true", help=_("the worker would like to join the union")
    )
    add.add_argument(
        "--consent",
        action="store_true",
        help=_("the worker agreed to their details being kept (required)"),
    )
    listing = actions.add_parser("list", help=_("list or find workers"))
    listing.add_argument(
        "query",
        nargs="?",
        default="",
        metavar=_("QUERY"),
        help=_("part of a name, the last digits of a phone, or a card number"),
    )
    listing.add_argument("--all", action="store_true", help=_("include deactivated workers"))
    erase = actions.add_parser(
        "erase", help=_("erase a worker's personal data; their visits stay as anonymous counts")
    )
    erase.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    erase.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))
    export = actions.add_parser(
        "export", help=_("save everything the station holds about a worker (PIPL) as a JSON file")
    )
    export.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar=_("FILE"))


def add_retention_parser(commands: argparse._SubParsersAction[Any]) -> None:
    commands.add_parser(
        "retention",
        help=_("erase workers not seen for the years in the retention setting (0: off)"),
    )


def _worker_add(station: Station, args: argparse.Namespace) -> int:
    from station_app.services.people.worker_data import WorkerInput

    worker = station.workers.register(
        WorkerInput(
            display_name=args.name,
            occupation_code=args.occupation,
            phone=args.phone,
            employer=args.employer,
            union_member=args.member,
            wants_to_join=args.wants_to_join,
            consent=args.consent,
        )
    )
    print(
        _("Registered worker {id}: {name}, {occupation}.").format(
            id=worker.id, name=worker.display_name, occupation=worker.occupation_label
        )
    )
    return EXIT_OK


def _worker_list(station: Station, args: argparse.Namespace) -> int:
    workers = station.workers.find(args.query, include_inactive=args.all)
    if not workers:
        print(_("No workers found."))
    for worker in workers:
        columns = [
            str(worker.id),
            worker.display_name,
            worker.occupation_label,
            worker.phone_masked or "-",
            worker.card_no or "-",
        ]
        if not worker.active:
            columns.append(_("(deactivated)"))
        print("\t".join(columns))
    return EXIT_OK


def _worker_erase(station: Station, args: argparse.Namespace) -> int:
    if not args.yes:
        print(
            _(
                "Erasing worker {id} cannot be undone. Run the command again with --yes to confirm."
            ).format(id=args.worker_id),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    station.workers.erase(args.worker_id)
    print(
        _("Worker {id} erased; their visits remain as anonymous counts.").format(id=args.worker_id)
    )
    return EXIT_OK


def _worker_export(station: Station, args: argparse.Namespace) -> int:
    path = station.workers.save_personal_data(args.worker_id, args.output)
    print(_("Worker {id}'s personal data saved to {path}").format(id=args.worker_id, path=path))
    return EXIT_OK


def _retention(station: Station, args: argparse.Namespace) -> int:
    from station_app.config.settings import RETENTION_YEARS

    years = station.settings.get(RETENTION_YEARS)
    if not years:
        print(_("Retention is off (setting retention_years is 0); nothing was erased."))
        return EXIT_OK
    erased = station.workers.apply_retention()
    print(_("Workers not seen for {years} years erased: {n}.").format(years=years, n=erased))
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "worker add": _worker_add,
    "worker list": _worker_list,
    "worker erase": _worker_erase,
    "worker export": _worker_export,
    "retention": _retention,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
