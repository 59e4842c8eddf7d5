"""The revocation list file: withdrawn cards, as HQ or another station publishes them.

A UTF-8 CSV file (a byte-order mark is allowed) with this header and one card per line::

    key_id,card_no,revoked_on,reason
    3F9A0C12,HF-LY-0012-000031,2026-11-20,lost

``key_id`` is the issuer's key id (8 hex digits, as on the card), ``card_no`` the card
number, ``revoked_on`` an ISO date and ``reason`` free text (may be empty, at most 200
characters). Blank lines are ignored. A file with any bad line is refused as a whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from station_app.i18n import _

HEADER = ("key_id", "card_no", "revoked_on", "reason")
REASON_MAX = 200
MAX_LISTED = 20  # a message listing every line of a broken 100k-line file helps nobody
_KEY_ID = re.compile(r"^[0-9A-F]{8}$")
_CARD_NO = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


@dataclass(frozen=True)
class Revocation:
    key_id: str
    card_no: str
    revoked_on: dt.date
    reason: str


class RevocationListInvalid(ValueError):
    """The file cannot be used; ``problems`` lists (line number, translated problem)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    def summary(self) -> str:
        lines = [
            _("line {line}: {problem}").format(line=line, problem=problem)
            for line, problem in self.problems[:MAX_LISTED]
        ]
        if len(self.problems) > MAX_LISTED:
            lines.append(_("… and {n} more lines").format(n=len(self.problems) - MAX_LISTED))
        return "\n".join(lines)


def _line_problem(fields: list[str]) -> tuple[Revocation | None, str]:
    if len(fields) != len(HEADER):
        return None, _("expected 4 values (key_id, card_no, revoked_on, reason), found {n}").format(
            n=len(fields)
        )
    key_id, card_no, revoked_on, reason = (value.strip() for value in fields)
    key_id, card_no = key_id.upper(), card_no.upper()
    if not _KEY_ID.match(key_id):
        return None, _("the key id must be 8 hex digits, like 3F9A0C12")
    if not _CARD_NO.match(card_no):
        return None, _("“{value}” is not a card number").format(value=card_no[:50])
    try:
        day = dt.date.fromisoformat(revoked_on)
    except ValueError:
        return None, _("“{value}” is not a date like 2026-11-24").format(value=revoked_on[:50])
    if len(reason) > REASON_MAX:
        return None, _("the reason is longer than {n} characters").format(n=REASON_MAX)
    return Revocation(key_id, card_no, day, reason), ""


def parse_revocations(text: str) -> list[Revocation]:
    """Every line of the file, or RevocationListInvalid naming each bad line."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    problems: list[tuple[int, str]] = []
    revocations: list[Revocation] = []
    header_seen = False
    try:
        for fields in rows:
            line = rows.line_num
            if not any(value.strip() for value in fields):
                continue
            if not header_seen:
                header_seen = True
                if tuple(value.strip().lower() for value in fields) != HEADER:
                    problems.append(
                        (
                            line,
                            _("the first line must be the header key_id,card_no,revoked_on,reason"),
                        )
                    )
                    break
                continue
            revocation, problem = _line_problem(fields)
            if revocation is None:
                problems.append((line, problem))
            else:
                revocations.append(revocation)
    except csv.Error as exc:
        problems.append((rows.line_num, _("not readable as CSV ({detail})").format(detail=exc)))
    if not header_seen and not problems:
        problems.append((1, _("the file is empty")))
    if problems:
        raise RevocationListInvalid(problems)
    return revocations
