"""`station-app key export|import|list` and `station-app revocations import`: whose cards
this station accepts, and the cards withdrawn since."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions
from station_app.cli.exit_codes import EXIT_OK
from station_app.cli.runner import StationCommand, run_on_station
from station_app.cli.terminal import read_text
from station_app.domain.errors import ServiceError
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    key = commands.add_parser("key", help=_("the keys whose cards this station accepts"))
    actions = add_actions(key)
    export = actions.add_parser("export", help=_("write this station's public key"))
    export.add_argument(
        "-o", "--output", type=Path, metavar=_("FILE"), help=_("file to write (default: print)")
    )
    imported = actions.add_parser(
        "import", help=_("trust the cards signed by the key in a key file")
    )
    imported.add_argument("file", type=Path, metavar=_("FILE"))
    imported.add_argument(
        "--kind",
        choices=["hq", "station"],
        default="hq",
        help=_("whose key it is: headquarters or another station"),
    )
    actions.add_parser("list", help=_("list the trusted keys"))
    revocations = commands.add_parser(
        "revocations", help=_("lists of withdrawn cards from headquarters or other stations")
    )
    rev_actions = add_actions(revocations)
    rev_import = rev_actions.add_parser("import", help=_("import a revocation list (CSV)"))
    rev_import.add_argument("file", type=Path, metavar=_("FILE"))


def _key_export(station: Station, args: argparse.Namespace) -> int:
    from station_app.services.people.keyring import DEMO_KEY_FILE_PREFIX

    line = station.keyring.export_public_key()
    if line.startswith(DEMO_KEY_FILE_PREFIX):
        print(
            _("This is a demo station's key: anyone can make it, and stations refuse to trust it."),
            file=sys.stderr,
        )
    if args.output is None:
        print(line)
        return EXIT_OK
    try:
        args.output.write_text(line + "\n", encoding="utf-8")
    except OSError as exc:
        raise ServiceError(
            _("Could not write {path}: {error}").format(path=args.output, error=exc.strerror or exc)
        ) from exc
    print(
        _("This station's public key {key_id} was written to {path}.").format(
            key_id=line.split()[1], path=args.output
        )
    )
    return EXIT_OK


def _key_import(station: Station, args: argparse.Namespace) -> int:
    key = station.keyring.import_key(read_text(args.file), kind=args.kind)
    print(
        _("Key {key_id} ({owner}) is trusted now: cards it signed are accepted.").format(
            key_id=key.key_id, owner=key.owner or key.kind_label
        )
    )
    return EXIT_OK


def _key_list(station: Station, args: argparse.Namespace) -> int:
    for key in station.keyring.list_keys():
        columns = [key.key_id, key.kind_label, key.owner]
        if key.demo:
            columns.append(_("(demo key)"))
        print("\t".join(columns))
    return EXIT_OK


def _revocations_import(station: Station, args: argparse.Namespace) -> int:
    added = station.keyring.import_revocations(args.file)
    print(_("{n} withdrawn cards added from {file}.").format(n=added, file=args.file.name))
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "key export": _key_export,
    "key import": _key_import,
    "key list": _key_list,
    "revocations import": _revocations_import,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
