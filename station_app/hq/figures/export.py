"""Any dashboard table as a CSV file Excel opens as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is a formula to a spreadsheet (and a way to run one
# from text a station or a person typed); a leading apostrophe makes it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)  # numbers stay numbers, a minus sign included
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def table_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as CSV bytes: UTF-8 with a byte-order mark (so Excel reads the Chinese),
    CRLF line ends, and text that a spreadsheet would take for a formula made inert."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
