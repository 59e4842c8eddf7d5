"""`station-app` and `python -m station_app`: the GUI by default, and sub-commands that use
the same services as the GUI (for scripts, scheduled tasks and kiosks).

Each command group is a module here with its sub-parser and its bodies (``workers``,
``stock``, ``hq``…). All of them are imported to build the parser, at every start and the
window's too, so at the top they import only argparse, ``i18n`` and this package's light
helpers; a body imports its services, SQLAlchemy or reportlab when it runs. The groups never
import this module: it imports them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from station_app import __version__, i18n
from station_app.cli import (
    attendants,
    backups,
    cards,
    checkin,
    demo,
    hq,
    keys,
    occupations,
    reports,
    stock,
    sync,
    workers,
)
from station_app.clock import Clock, SystemClock
from station_app.config.paths import DataPaths, default_data_dir
from station_app.config.settings import LANGUAGES, Settings
from station_app.i18n import _
from station_app.services.station.file_check import EarlyCheck


def translate_argparse() -> None:
    """argparse looks up ``_`` in its module at call time; give it ours."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station-app",
        description=_("驿站 Station: check-in, services, stock and reports for a rest station."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar=_("FOLDER"),
        help=_("where the station's database, settings, logs and backups live"),
    )
    parser.add_argument(
        "--lang",
        choices=[code for code, _label in LANGUAGES],
        help=_("language for this run (default: from settings)"),
    )
    parser.add_argument("--verbose", action="store_true", help=_("write more detail to the log"))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check that this installation works (database, check-in, report) in a temporary "
            "folder, then exit"
        ),
    )
    # Saves a picture of the main window and exits: for the README and for headless checks.
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    commands.add_parser("gui", help=_("open the station window (the default)"))
    demo.add_parser(commands)
    workers.add_worker_parser(commands)
    attendants.add_parser(commands)
    cards.add_parser(commands)
    checkin.add_parser(commands)
    keys.add_parsers(commands)
    occupations.add_parser(commands)
    stock.add_parsers(commands)
    reports.add_parser(commands)
    hq.add_parser(commands)
    sync.add_parser(commands)
    backups.add_parsers(commands)
    workers.add_retention_parser(commands)
    return parser


# Which group runs a command; "gui" and no command open the window instead.
_RUN: dict[str, Callable[[argparse.Namespace, Clock], int]] = {
    "demo": demo.run,
    "worker": workers.run,
    "retention": workers.run,
    "attendant": attendants.run,
    "card": cards.run,
    "checkin": checkin.run,
    "key": keys.run,
    "revocations": keys.run,
    "occupation": occupations.run,
    "stock": stock.run,
    "items": stock.run,
    "report": reports.run,
    "hq": hq.run,  # headquarters' own database, not a station's
    "sync": sync.run,
    "backup": backups.run,
    "restore": backups.run,
}


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run the command line (or the GUI) on ``clock`` (default: the computer's; tests
    running in this process pass a ``FrozenClock``)."""
    clock = clock or SystemClock()
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser is built, so --help is translated.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--data-dir", type=Path)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(args_list)
    data_dir = known.data_dir or default_data_dir()

    # As app.load_settings, without importing the whole app before the window's start.
    i18n.install(Settings.load(DataPaths(data_dir).settings).language)
    if known.lang in {code for code, _label in LANGUAGES}:
        i18n.install(known.lang)
    translate_argparse()
    args = build_parser().parse_args(args_list)
    args.data_dir = data_dir

    if args.self_test:
        from station_app.cli.self_test import run_self_test

        return run_self_test(clock=clock)
    if args.command in (None, "gui"):
        # The database's start-up check runs while the GUI's modules load (file_check.py).
        check = EarlyCheck(DataPaths(data_dir).database, clock.now())
        # Qt and the window's frame first, painted at once; the app's heavy modules
        # (SQLAlchemy, the services, the pages) load once it is on screen (ui/launch.py).
        from station_app.ui.launch import run_gui

        return run_gui(
            data_dir,
            verbose=args.verbose,
            screenshot=args.screenshot,
            language=args.lang,
            early_check=check,
            clock=clock,
        )
    return _RUN[args.command](args, clock)
