"""`station-app occupation list|add|hide|show`: the occupation categories of the check-in
page, the station's own ones among them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions
from station_app.cli.exit_codes import EXIT_OK
from station_app.cli.runner import StationCommand, run_on_station
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    occupation = commands.add_parser(
        "occupation", help=_("list the occupation categories, add the station's own, hide some")
    )
    actions = add_actions(occupation)
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


def _list(station: Station, args: argparse.Namespace) -> int:
    for entry in station.station.all_occupations():
        columns = [entry.code, entry.label]
        if not entry.active:
            columns.append(_("(hidden)"))
        print("\t".join(columns))
    return EXIT_OK


def _add(station: Station, args: argparse.Namespace) -> int:
    added = station.station.add_occupation(args.name)
    print(
        _("Added occupation category {label}, code {code}.").format(
            label=added.label, code=added.code
        )
    )
    return EXIT_OK


def _show_or_hide(station: Station, args: argparse.Namespace) -> int:
    active = args.action == "show"
    station.station.set_occupation_active(args.code, active)
    label = next(e.label for e in station.station.all_occupations() if e.code == args.code)
    message = (
        _("{label} is shown again on the check-in page.")
        if active
        else _("{label} is hidden. Past visits and registered workers keep it.")
    )
    print(message.format(label=label))
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "occupation list": _list,
    "occupation add": _add,
    "occupation hide": _show_or_hide,
    "occupation show": _show_or_hide,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
