"""`station-app` and `python -m station_app`: the GUI by default, and sub-commands that use
the same services as the GUI (for scripts, scheduled tasks and kiosks)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from station_app import __version__, i18n
from station_app.account_commands import add_attendant_commands
from station_app.clock import Clock, SystemClock
from station_app.config.paths import DataPaths, default_data_dir
from station_app.config.settings import Settings
from station_app.db.file_check import EarlyCheck
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
    _add_worker_commands(commands)
    add_attendant_commands(commands)
    _add_card_commands(commands)
    _add_checkin_command(commands)
    _add_key_commands(commands)
    _add_occupation_commands(commands)
    _add_stock_commands(commands)
    _add_report_commands(commands)
    _add_hq_commands(commands)
    sync = commands.add_parser(
        "sync", help=_("send the closed days' summaries to headquarters (settings: sync)")
    )
    sync.add_argument(
        "--status", action="store_true", help=_("only show what is waiting to be sent")
    )
    _add_backup_commands(commands)
    commands.add_parser(
        "retention",
        help=_("erase workers not seen for the years in the retention setting (0: off)"),
    )
    return parser


def _add_backup_commands(commands: argparse._SubParsersAction[Any]) -> None:
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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number")) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be 1 or more"))
    return value


def _actions(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[Any]:
    return parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)


def _add_worker_commands(commands: argparse._SubParsersAction[Any]) -> None:
    worker = commands.add_parser("worker", help=_("register, list and erase workers"))
    actions = _actions(worker)
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


def _add_card_commands(commands: argparse._SubParsersAction[Any]) -> None:
    card = commands.add_parser("card", help=_("issue and reissue workers' cards"))
    actions = _actions(card)
    issue = actions.add_parser("issue", help=_("issue a card to a worker who has none"))
    issue.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    issue.add_argument(
        "--expires", type=_date, metavar=_("DATE"), help=_("last day the card is valid")
    )
    reissue = actions.add_parser(
        "reissue", help=_("replace a lost or damaged card; the old one stops working")
    )
    reissue.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    reissue.add_argument(
        "--reason", required=True, metavar=_("REASON"), help=_("why, for example: lost")
    )
    reissue.add_argument(
        "--expires", type=_date, metavar=_("DATE"), help=_("last day the card is valid")
    )
    pdf = actions.add_parser(
        "pdf", help=_("print workers' cards: an A4 sheet, or one card-size page with --single")
    )
    pdf.add_argument("worker_ids", type=int, nargs="+", metavar=_("WORKER_ID"))
    pdf.add_argument("-o", "--output", type=Path, required=True, metavar=_("FILE"))
    pdf.add_argument(
        "--single", action="store_true", help=_("one card on a card-size page (card printers)")
    )
    png = actions.add_parser("png", help=_("save a worker's e-card picture to keep on a phone"))
    png.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    png.add_argument("-o", "--output", type=Path, required=True, metavar=_("FILE"))


def _add_checkin_command(commands: argparse._SubParsersAction[Any]) -> None:
    checkin = commands.add_parser(
        "checkin", help=_("check a visitor in by card, or count an anonymous visit")
    )
    checkin.add_argument(
        "code",
        nargs="?",
        metavar=_("CODE"),
        help=_("the card's QR text or its card number"),
    )
    checkin.add_argument(
        "--anonymous",
        metavar=_("CATEGORY"),
        help=_("count a visit without a card under this occupation category code"),
    )
    checkin.add_argument(
        "--count",
        type=_positive,
        default=1,
        metavar=_("COUNT"),
        help=_("how many people (with --anonymous)"),
    )


def _add_key_commands(commands: argparse._SubParsersAction[Any]) -> None:
    key = commands.add_parser("key", help=_("the keys whose cards this station accepts"))
    actions = _actions(key)
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
    rev_actions = _actions(revocations)
    rev_import = rev_actions.add_parser("import", help=_("import a revocation list (CSV)"))
    rev_import.add_argument("file", type=Path, metavar=_("FILE"))


def _add_occupation_commands(commands: argparse._SubParsersAction[Any]) -> None:
    occupation = commands.add_parser(
        "occupation", help=_("list the occupation categories, add the station's own, hide some")
    )
    actions = _actions(occupation)
    actions.add_parser("list", help=_("list the categories with their codes, hidden ones too"))
    add = actions.add_parser("add", help=_("add a category at the end of the list"))
    add.add_argument(
        "name",
        metavar=_("CATEGORY_NAME"),
        help=_("the name the attendant sees, for example 园林绿化工"),
    )
    hide = actions.add_parser(
        "hide", help=_("take a category off the check-in page; past visits keep it")
    )
    hide.add_argument("code", metavar=_("CODE"))
    show = actions.add_parser("show", help=_("show a hidden category again"))
    show.add_argument("code", metavar=_("CODE"))


def _add_stock_commands(commands: argparse._SubParsersAction[Any]) -> None:
    stock = commands.add_parser("stock", help=_("see the stock, receive and issue items"))
    actions = _actions(stock)
    actions.add_parser("list", help=_("list the items with their stock"))
    item_help = _("the item's number, barcode or exact name")
    receive = actions.add_parser(
        "receive", help=_("receive items into stock: a purchase, or a donation with --donor")
    )
    receive.add_argument("item", metavar=_("ITEM"), help=item_help)
    receive.add_argument("quantity", type=_positive, metavar=_("QUANTITY"))
    receive.add_argument("--donor", default="", metavar=_("DONOR"), help=_("who donated it"))
    receive.add_argument(
        "--expires", type=_date, metavar=_("DATE"), help=_("the batch's expiry date")
    )
    issue = actions.add_parser("issue", help=_("issue items from stock, earliest expiry first"))
    issue.add_argument("item", metavar=_("ITEM"), help=item_help)
    issue.add_argument("quantity", type=_positive, metavar=_("QUANTITY"))
    count_sheet = actions.add_parser(
        "count-sheet", help=_("print the stocktake count sheet (A4 PDF) to count the shelves with")
    )
    count_sheet.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE"),
        help=_("the PDF to write (default: in the station's reports folder)"),
    )
    items = commands.add_parser("items", help=_("the item list as a CSV file"))
    item_actions = _actions(items)
    export = item_actions.add_parser("export", help=_("write the item list to a CSV file"))
    export.add_argument("file", type=Path, metavar=_("FILE"))
    imported = item_actions.add_parser(
        "import",
        help=_("add or update items from a CSV file; a file with any bad line is refused whole"),
    )
    imported.add_argument("file", type=Path, metavar=_("FILE"))


def _add_report_commands(commands: argparse._SubParsersAction[Any]) -> None:
    report = commands.add_parser(
        "report", help=_("print the station's report for a week, a month or a range of days")
    )
    actions = _actions(report)
    weekly = actions.add_parser("weekly", help=_("the weekly report (default: last full week)"))
    weekly.add_argument("--week", metavar=_("WEEK"), help=_("the week, for example 2026-W47"))
    monthly = actions.add_parser("monthly", help=_("the monthly report (default: last month)"))
    monthly.add_argument("--month", metavar=_("MONTH"), help=_("the month, for example 2026-11"))
    ranged = actions.add_parser("range", help=_("a report for any range of days"))
    ranged.add_argument(
        "--from", dest="start", type=_date, required=True, metavar=_("DATE"), help=_("first day")
    )
    ranged.add_argument(
        "--to", dest="end", type=_date, required=True, metavar=_("DATE"), help=_("last day")
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


def _add_hq_commands(commands: argparse._SubParsersAction[Any]) -> None:
    hq = commands.add_parser(
        "hq", help=_("the headquarters service that receives the stations' daily summaries")
    )
    actions = _actions(hq)
    serve = actions.add_parser("serve", help=_("receive summaries over HTTP until stopped"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    serve.add_argument("--port", type=_positive, default=8765, help=_("port to listen on"))
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
    if known.lang in ("zh_CN", "en"):
        i18n.install(known.lang)
    translate_argparse()
    args = build_parser().parse_args(args_list)
    args.data_dir = data_dir

    if args.self_test:
        from station_app.self_test import run_self_test

        return run_self_test(clock=clock)
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
            clock=clock,
        )
    from station_app.commands import run_command

    return run_command(args, clock)
