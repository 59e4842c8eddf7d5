"""`station-app backup` and `station-app restore`: a checked copy of the database, and
putting one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE
from station_app.cli.runner import StationCommand, run_on_station
from station_app.cli.terminal import print_folder_in_use, print_unusable_folder
from station_app.domain.errors import ServiceError
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    backup = commands.add_parser(
        "backup", help=_("take a checked backup of the database now (for a scheduled task)")
    )
    backup.add_argument(
        "--to",
        type=Path,
        metavar=_("FOLDER"),
        help=_("the folder to write to (default: the backup folder setting)"),
    )
    restore = commands.add_parser(
        "restore", help=_("replace the database with a backup, after checking the backup")
    )
    restore.add_argument("file", type=Path, metavar=_("FILE"))
    restore.add_argument(
        "--yes", action="store_true", help=_("confirm: the current database is replaced")
    )


def _backup(station: Station, args: argparse.Namespace) -> int:
    result = station.backups.back_up(args.to)
    if result.fallback:
        print(
            _("The backup folder {folder} is missing; the backup went to the data folder.").format(
                folder=station.backups.chosen_folder()
            ),
            file=sys.stderr,
        )
    print(_("Backup saved to {path}").format(path=result.path))
    if result.removed:
        print(_("Old backups removed: {n}").format(n=len(result.removed)))
    return EXIT_OK


def _restore(args: argparse.Namespace, clock: Clock) -> int:
    """Without opening the station: its database may be the damaged one being replaced."""
    from station_app.app import closed_station_backups
    from station_app.config.folder_lock import FolderInUse, FolderLock
    from station_app.config.logging_setup import configure_logging
    from station_app.config.paths import DataPaths

    paths = DataPaths(args.data_dir)
    try:
        paths.ensure()
        configure_logging(paths.logs, verbose=args.verbose)
    except OSError as exc:
        print_unusable_folder(args.data_dir, exc)
        return EXIT_UNUSABLE
    backups = closed_station_backups(args.data_dir, clock, language=args.lang)
    try:
        if not args.yes:
            info = backups.inspect(args.file)
            print(
                _(
                    "{path} is a good backup ({visits} visits, saved {when}). Restoring it "
                    "replaces the station's database; run the command again with --yes."
                ).format(path=info.path, visits=info.visits, when=f"{info.modified:%Y-%m-%d %H:%M}")
            )
            return EXIT_REFUSED
        # Never under a program that has the folder open: it would go on writing into the
        # replaced file, and what it acknowledged would end up nowhere.
        with FolderLock(args.data_dir, "station-app restore"):
            result = backups.restore(args.file)
            _note_restore(args, result.restored.path, clock)
    except FolderInUse as exc:
        print_folder_in_use(args.data_dir, exc.holder.program, exc.holder.pid)
        return EXIT_REFUSED
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(
        _("Restored {path} ({visits} visits).").format(
            path=result.restored.path, visits=result.restored.visits
        )
    )
    if result.previous is not None:
        print(_("The database it replaced is kept in {path}").format(path=result.previous))
    return EXIT_OK


def _note_restore(args: argparse.Namespace, source: Path, clock: Clock) -> None:
    """The restored file's audit trail says it was put back (on the command line)."""
    from station_app.app import open_station
    from station_app.domain.errors import DatabaseProblem

    try:
        station = open_station(args.data_dir, verbose=args.verbose, clock=clock, language=args.lang)
    except (DatabaseProblem, OSError):
        return  # the next start explains what is wrong
    try:
        station.audit.note_restored(source, "")
    finally:
        station.close()


BODIES: dict[str, StationCommand] = {"backup": _backup}


def run(args: argparse.Namespace, clock: Clock) -> int:
    if args.command == "restore":
        return _restore(args, clock)
    return run_on_station(args, BODIES, clock)
