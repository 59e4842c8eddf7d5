"""`station-app card issue|reissue|pdf|png`: workers' cards, and printing them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions, iso_date
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.cli.runner import StationCommand, run_on_station
from station_app.cli.terminal import TerminalProgress
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock
    from station_app.services.people.worker_data import CardView


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    card = commands.add_parser("card", help=_("issue and reissue workers' cards"))
    actions = add_actions(card)
    issue = actions.add_parser("issue", help=_("issue a card to a worker who has none"))
    issue.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    issue.add_argument(
        "--expires", type=iso_date, metavar=_("DATE"), help=_("last day the card is valid")
    )
    reissue = actions.add_parser(
        "reissue", help=_("replace a lost or damaged card; the old one stops working")
    )
    reissue.add_argument("worker_id", type=int, metavar=_("WORKER_ID"))
    reissue.add_argument(
        "--reason", required=True, metavar=_("REASON"), help=_("why, for example: lost")
    )
    reissue.add_argument(
        "--expires", type=iso_date, metavar=_("DATE"), help=_("last day the card is valid")
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


def _print_card(card: CardView) -> None:
    print(_("Card {card_no} issued.").format(card_no=card.card_no))
    print(card.qr_text)


def _issue(station: Station, args: argparse.Namespace) -> int:
    _print_card(station.cards.issue(args.worker_id, expires_on=args.expires))
    return EXIT_OK


def _reissue(station: Station, args: argparse.Namespace) -> int:
    _print_card(station.cards.reissue(args.worker_id, reason=args.reason, expires_on=args.expires))
    return EXIT_OK


def _pdf(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.cards import card_sheet_pdf, single_card_pdf

    cards = station.cards.for_print(args.worker_ids)
    if args.single:
        if len(cards) != 1:
            print(_("--single prints exactly one worker's card."), file=sys.stderr)
            return EXIT_REFUSED
        written = single_card_pdf(cards[0], args.output)
    else:
        written = card_sheet_pdf(cards, args.output, progress=TerminalProgress())
    print(_("{n} card(s) saved to {path}").format(n=len(cards), path=written))
    return EXIT_OK


def _png(station: Station, args: argparse.Namespace) -> int:
    from station_app.reports.ecard import ecard_png

    cards = station.cards.for_print([args.worker_id])
    if not cards:
        print(
            _("Worker {id} has no valid card of this station to show.").format(id=args.worker_id),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    print(_("E-card saved to {path}").format(path=ecard_png(cards[0], args.output)))
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "card issue": _issue,
    "card reissue": _reissue,
    "card pdf": _pdf,
    "card png": _png,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
