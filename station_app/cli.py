"""`station-app` and `python -m station_app`: the GUI by default, and sub-commands that use
the same services as the GUI (for scripts, scheduled tasks and kiosks)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from station_app import __version__, i18n
from station_app.config.paths import default_data_dir
from station_app.i18n import _

EXIT_OK = 0
EXIT_REFUSED = 1  # the use case said no (bad input, a rule); the message says why
EXIT_UNUSABLE = 2  # the data folder or database cannot be used


def translate_argparse() -> None:
    """argparse looks up ``_`` in its module at call time; give it ours."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date in the form 2026-11-24")) from None


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
    # Saves a picture of the main window and exits: for the README and for headless checks.
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    commands.add_parser("gui", help=_("open the station window (the default)"))

    demo = commands.add_parser(
        "demo", help=_("fill the station with believable demo data to try the app")
    )
    demo.add_argument("--seed", type=int, default=1, help=_("the same seed gives the same data"))
    demo.add_argument("--days", type=int, default=365, help=_("how many days of visits"))
    demo.add_argument("--until", type=_date, help=_("last day of visits (default: yesterday)"))
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help=_("do nothing when the station already has visits"),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser is built, so --help is translated.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--data-dir", type=Path)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(args_list)
    data_dir = known.data_dir or default_data_dir()

    from station_app.app import load_settings

    settings = load_settings(data_dir)
    if known.lang in ("zh_CN", "en"):
        i18n.install(known.lang)
    translate_argparse()
    args = build_parser().parse_args(args_list)
    args.data_dir = data_dir
    del settings

    if args.command in (None, "gui"):
        from station_app.ui.launch import run_gui

        return run_gui(
            data_dir, verbose=args.verbose, screenshot=args.screenshot, language=args.lang
        )
    from station_app.commands import run_command

    return run_command(args)
