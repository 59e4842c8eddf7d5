"""Argument types and the ``ACTION`` sub-parser that the command groups share."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from station_app.i18n import _


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date in the form 2026-11-24")) from None


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number")) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be 1 or more"))
    return value


def add_actions(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[Any]:
    """The required ``ACTION`` of a command such as ``worker add``."""
    return parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
