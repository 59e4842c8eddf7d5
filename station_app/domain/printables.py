"""What printed documents take in: plain values already in the user's language.

The services fill them; ``station_app.reports`` prints them without knowing the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CardPrint:
    """One card to print (PDF sheet, single card, PNG e-card)."""

    display_name: str
    occupation_label: str
    station_name: str
    card_no: str
    qr_text: str
    issued_on: dt.date
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class CountLine:
    """One line of the stocktake count sheet."""

    item_id: int
    name: str
    category_label: str
    unit: str
    barcode: str
    expected: int  # the books' stock, to compare with what is on the shelf
