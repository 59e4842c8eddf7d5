"""`station-app attendant list|add|reset-pin`: the way back when the only admin forgot
their PIN or left, from the station PC's own command line (trusted as the computer's user,
like every command; see ``domain.accounts.Duty``)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from station_app.cli.arguments import add_actions
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from station_app.cli.runner import StationCommand, run_on_station
from station_app.domain.enums import Role
from station_app.domain.errors import ValidationFailed
from station_app.i18n import _

if TYPE_CHECKING:
    from station_app.app import Station
    from station_app.clock import Clock


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    attendant = commands.add_parser(
        "attendant", help=_("list attendants, add one, or set a forgotten PIN")
    )
    actions = add_actions(attendant)
    actions.add_parser("list", help=_("list the attendants and their roles"))
    add = actions.add_parser("add", help=_("add an attendant (the PIN is asked for)"))
    add.add_argument("name", metavar=_("NAME"))
    add.add_argument("--admin", action="store_true", help=_("make them a station admin"))
    reset = actions.add_parser(
        "reset-pin", help=_("set a new PIN for an attendant and lift a lock (asked for)")
    )
    reset.add_argument("name", metavar=_("NAME"))


def _read_pin() -> tuple[str, str]:
    """Typed twice at a terminal, unseen; from a pipe, the first line serves for both."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        return line, line
    return getpass.getpass(_("PIN or password: ")), getpass.getpass(_("Again: "))


def _find(station: Station, name: str) -> int | None:
    for person in station.accounts.attendants():
        if person.name == name.strip():
            return person.id
    print(_("There is no attendant called {name}.").format(name=name), file=sys.stderr)
    return None


def _list(station: Station, _args: argparse.Namespace) -> int:
    people = station.accounts.attendants()
    if not people:
        print(_("No attendants yet: the first start of the app makes the station admin."))
    for person in people:
        role = _("admin") if person.role is Role.ADMIN else _("attendant")
        state = "" if person.active else "\t" + _("(stopped)")
        print(f"{person.name}\t{role}{state}")
    return EXIT_OK


def _add(station: Station, args: argparse.Namespace) -> int:
    secret, again = _read_pin()
    role = Role.ADMIN if args.admin else Role.ATTENDANT
    try:
        person = station.accounts.add(args.name, role, secret, again)
    except ValidationFailed as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(_("{name} can sign in now.").format(name=person.name))
    return EXIT_OK


def _reset_pin(station: Station, args: argparse.Namespace) -> int:
    attendant_id = _find(station, args.name)
    if attendant_id is None:
        return EXIT_REFUSED
    secret, again = _read_pin()
    try:
        station.accounts.reset_secret(attendant_id, secret, again)
    except ValidationFailed as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(_("New PIN set for {name}; the lock, if any, is lifted.").format(name=args.name))
    return EXIT_OK


BODIES: dict[str, StationCommand] = {
    "attendant list": _list,
    "attendant add": _add,
    "attendant reset-pin": _reset_pin,
}


def run(args: argparse.Namespace, clock: Clock) -> int:
    return run_on_station(args, BODIES, clock)
