"""A table of the dashboard, built once for its page and for its CSV download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from station_app.hq.figures import Compared

Cell = str | int | None


@dataclass
class Table:
    key: str  # its name in the CSV's address
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] | None = None
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    row_classes: list[str] = field(default_factory=list)
    links: dict[int, str] = field(default_factory=dict)  # column -> "/stations/{}" pattern

    def csv_rows(self) -> list[Sequence[Cell]]:
        return [*self.rows, *([self.footer] if self.footer else [])]

    def row_class(self, index: int) -> str:
        return self.row_classes[index] if index < len(self.row_classes) else ""


def change(compared: Compared) -> str:
    """+12 (+8.5 %) or −3 (−20.0 %); the percentage only when there was a previous value."""
    sign = "+" if compared.change > 0 else ("−" if compared.change < 0 else "±")
    text = f"{sign}{abs(compared.change)}"
    if compared.change_percent is not None and compared.change:
        text += f" ({sign}{abs(compared.change_percent):.1f} %)"
    return text


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"
