"""`station-app` and `python -m station_app`: the GUI by default, and sub-commands that use
the same services as the GUI (for scripts, scheduled tasks and kiosks)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from station_app import __version__, i18n
from station_app.cli import (
    attendants,
    backups,
    cards,
    checkin,
    demo,
    keys,
    occupations,
    reports,
    stock,
    sync,
    workers,
)
from station_app.cli.arguments import add_actions, positive
from station_app.config.paths import DataPaths, default_data_dir
from station_app.config.settings import Settings
from station_app.db.file_check import EarlyCheck
from station_app.i18n import _


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
        "--lang", choices=["zh_CN", "en"], help=_("language for this run (default: from settings)")
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
    _add_hq_commands(commands)
    sync.add_parser(commands)
    backups.add_parsers(commands)
    workers.add_retention_parser(commands)
    return parser


def _add_hq_commands(commands: argparse._SubParsersAction[Any]) -> None:
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


# The command groups, by command; "gui" and no command open the window instead.
_RUN: dict[str, Callable[[argparse.Namespace], int]] = {
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
    "sync": sync.run,
    "backup": backups.run,
    "restore": backups.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser is built, so --help is translated.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--data-dir", type=Path)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(args_list)
    data_dir = known.data_dir or default_data_dir()

    # As app.load_settings, without importing the whole app before the window's start.
    i18n.install(Settings.load(DataPaths(data_dir).settings).language)
    if known.lang in ("zh_CN", "en"):
        i18n.install(known.lang)
    translate_argparse()
    args = build_parser().parse_args(args_list)
    args.data_dir = data_dir

    if args.self_test:
        from station_app.self_test import run_self_test

        return run_self_test()
    if args.command in (None, "gui"):
        # The database's start-up check runs while the GUI's modules load (file_check.py).
        check = EarlyCheck(DataPaths(data_dir).database)
        # Qt and the window's frame first, painted at once; the app's heavy modules
        # (SQLAlchemy, the services, the pages) load once it is on screen (ui/launch.py).
        from station_app.ui.launch import run_gui

        return run_gui(
            data_dir,
            verbose=args.verbose,
            screenshot=args.screenshot,
            language=args.lang,
            early_check=check,
        )
    if args.command == "hq":  # headquarters' own database, not a station's
        from station_app.hq.commands import run_hq_command

        return run_hq_command(args)
    return _RUN[args.command](args)
