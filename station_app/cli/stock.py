"""`station-app stock list|receive|issue|count-sheet` and `station-app items export|import`:
the shelf and the item list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions, iso_date, positive
from station_app.cli.exit_codes import EXIT_OK
from station_app.cli.runner import StationCommand, run_on_station
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    stock = commands.add_parser("stock", help=_("see the stock, receive and issue items"))
    actions = add_actions(stock)
    actions.add_parser("list", help=_("list the items with their stock"))
    item_help = _("the item's number, barcode or exact name")
    receive = actions.add_parser(
        "receive", help=_("receive items into stock: a purchase, or a donation with --donor")
    )
    receive.add_argument("item", metavar=_("ITEM"), help=item_help)
    receive.add_argument("quantity", type=positive, metavar=_("QUANTITY"))
    receive.add_argument("--donor", default="", metavar=_("DONOR"), help=_("who donated it"))
    receive.add_argument(
        "--expires", type=iso_date, metavar=_("DATE"), help=_("the batch's expiry date")
    )
    issue = actions.add_parser("issue", help=_("issue items from stock, earliest expiry first"))
    issue.add_argument("item", metavar=_("ITEM"), help=item_help)
    issue.add_argument("quantity", type=positive, metavar=_("QUANTITY"))
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
    item_actions = add_actions(items)
    export = item_actions.add_parser("export", help=_("write the item list to a CSV file"))
    export.add_argument("file", type=Path, metavar=_("FILE"))
    imported = item_actions.add_parser(
        "import",
        help=_("add or update items from a CSV file; a file with any bad line is refused whole"),
    )
    imported.add_argument("file", type=Path, metavar=_("FILE"))


def _stock_list(station: Station, args: argparse.Namespace) -> int:
    items = station.inventory.items()
    if not items:
        print(_("No items yet."))
    for item in items:
        columns = [str(item.id), item.name, item.category_label, f"{item.stock} {item.unit}"]
        if item.on_loan:
            columns.append(_("{n} lent out").format(n=item.on_loan))
        if item.below_minimum:
            columns.append(_("below minimum ({n})").format(n=item.min_stock))
        print("\t".join(columns))
    return EXIT_OK


def _stock_receive(station: Station, args: argparse.Namespace) -> int:
    item = station.inventory.find(args.item)
    change = station.inventory.receive(
        item.id, args.quantity, donor=args.donor, expires_on=args.expires
    )
    print(
        _("Received {n} {unit} of {item}; {stock} in stock now.").format(
            n=args.quantity, unit=item.unit, item=item.name, stock=change.stock_after
        )
    )
    return EXIT_OK


def _stock_issue(station: Station, args: argparse.Namespace) -> int:
    item = station.inventory.find(args.item)
    change = station.inventory.issue(item.id, args.quantity)
    print(
        _("Issued {n} {unit} of {item}; {stock} left.").format(
            n=args.quantity, unit=item.unit, item=item.name, stock=change.stock_after
        )
    )
    return EXIT_OK


def _stock_count_sheet(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.count_sheet import count_sheet_pdf, default_name

    day = station.clock.today()
    target = args.output or station.paths.reports / default_name(day)
    profile = station.station.profile()
    lines = station.inventory.count_sheet()
    written = count_sheet_pdf(lines, target, station_name=profile.name if profile else "", day=day)
    print(_("Count sheet of {n} items saved to {path}").format(n=len(lines), path=written))
    return EXIT_OK


def _items_export(station: Station, args: argparse.Namespace) -> int:
    count = station.inventory.export_items(args.file)
    print(_("{n} items written to {path}.").format(n=count, path=args.file))
    return EXIT_OK


def _items_import(station: Station, args: argparse.Namespace) -> int:
    result = station.inventory.import_items(args.file)
    print(
        _("Items imported: {created} added, {updated} changed, {unchanged} unchanged.").format(
            created=result.created, updated=result.updated, unchanged=result.unchanged
        )
    )
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "stock list": _stock_list,
    "stock receive": _stock_receive,
    "stock issue": _stock_issue,
    "stock count-sheet": _stock_count_sheet,
    "items export": _items_export,
    "items import": _items_import,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
