"""The rules for what a worker's record may hold (personal data kept minimal, PIPL)."""

from __future__ import annotations

import re

from station_app.i18n import _

NAME_MAX = 50
EMPLOYER_MAX = 100
_MOBILE = re.compile(r"^1\d{10}$")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]")  # spaces and dashes of all kinds


def normalize_phone(text: str) -> str:
    """The digits of a phone number as typed: 138 0000-1234 and +86 13800001234 both give
    13800001234. Whatever is not a mobile number comes back as typed, for the check to refuse."""
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits


def worker_problems(
    *, display_name: str, phone: str, employer: str, consent: bool
) -> dict[str, str]:
    """Field → translated problem for what can be checked without the database.

    ``display_name`` is expected stripped and ``phone`` normalized.
    """
    problems: dict[str, str] = {}
    if not display_name:
        problems["display_name"] = _("Enter the worker's name or a nickname.")
    elif len(display_name) > NAME_MAX:
        problems["display_name"] = _("A name can have at most {n} characters.").format(n=NAME_MAX)
    if phone and not _MOBILE.match(phone):
        problems["phone"] = _(
            "Enter an 11-digit mobile number starting with 1, or leave the phone empty."
        )
    if len(employer) > EMPLOYER_MAX:
        problems["employer"] = _("At most {n} characters.").format(n=EMPLOYER_MAX)
    if not consent:
        problems["consent"] = _(
            "The worker must agree to their details being kept before they can be registered. "
            "Without it, count their visit as anonymous."
        )
    return problems
