"""The daily summary a station sends to union HQ: formats v1 (``station-summary/1``) and v2
(``station-summary/2``), which adds what the union evaluates a station on.

One CSV file per station per closed local day (a "batch") and a signed JSON manifest; the
full contract is ``docs/summary-format-v1.md`` and, for what v2 adds,
``docs/summary-format-v2.md``. The manifest's ``schema`` says which version its file is;
v2 is v1 with more metrics, so a v1 file is read exactly as before. Counts only: no name,
phone, card number or worker id ever appears in either file. Both sides use this module:
the station writes with ``write_csv`` and ``sign``, HQ reads with ``read_csv``,
``check_against`` (or ``check_file``) and ``verify``, so the two can never disagree about
what a valid file is. Every JSON text a station sends (a manifest file, an upload's body)
is read by ``load_json``, the one strict reader, so HQ's two routes accept exactly the
same manifests.

A file is accepted or refused whole: ``SummaryFormatError.problems`` lists every bad line as
(line number, translated problem). Line 0 stands for the manifest (or the file as a whole).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from station_app.domain.cards import key_id_of
from station_app.i18n import N_, _

SCHEMA_V1 = "station-summary/1"
SCHEMA_V2 = "station-summary/2"
SCHEMA = SCHEMA_V2  # what a station writes now
SCHEMAS = (SCHEMA_V1, SCHEMA_V2)
COLUMNS = ("station_code", "date", "metric", "dimension", "value")
MANIFEST_LINE = 0  # the "line" of a problem with the manifest or the file as a whole
MAX_LISTED = 20  # in ``summary()``; ``problems`` keeps them all
# A row's value is at most MAX_VALUE and a file holds at most MAX_ROWS rows, so one file
# sums to at most 2 * 10**9 and any sum HQ makes over 100,000 stations and 100 years of days
# (7.3 * 10**18) still fits a signed 64-bit integer (9.2 * 10**18): no report can overflow.
MAX_VALUE = 999_999
MAX_VALUE_DIGITS = len(str(MAX_VALUE))
MAX_ROWS = 2_000
# The manifest's whole numbers (revision, row count) stay below this.
MAX_MANIFEST_NUMBER = 10**9
NAME_MAX = 100  # an item's name, as the inventory allows
# JSON read from a station (a manifest, an upload's body): nesting deeper than this is
# refused (the format needs three levels; deeper than the parser can recurse is refused too).
MAX_JSON_DEPTH = 8
# No field of the format is a longer whole number; a longer one costs time to convert.
MAX_JSON_INT_DIGITS = 18

# As ``domain.station`` checks the code HQ issues: letters, digits and dashes.
_STATION_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
# Occupation and service codes: the default lists' and a station's own (custom_1, own_3).
_CODE = re.compile(r"^[a-z0-9_]{1,32}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_VALUE = re.compile(r"^(0|[1-9][0-9]*)$")
_HOURS = frozenset(f"{hour:02d}" for hour in range(24))
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9A-F]{8}$")
_CREATED_AT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
_CREATED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Metric(StrEnum):
    VISITS = "visits"
    DISTINCT_WORKERS = "distinct_workers"
    NEW_REGISTRATIONS = "new_registrations"
    UNION_MEMBERS = "union_members"
    WANTS_TO_JOIN = "wants_to_join"
    SERVICES = "services"
    ITEMS_ISSUED = "items_issued"
    STOCK_LEVEL = "stock_level"
    OVERDUE_LOANS = "overdue_loans"
    # Format v2: what the union evaluates a station on, as counts and minutes.
    POSTED_MINUTES = "posted_minutes"
    OPEN_MINUTES = "open_minutes"
    MISSED_MINUTES = "missed_minutes"
    CLOSED_DAY = "closed_day"
    EXPIRED_BATCHES = "expired_batches"
    BELOW_MINIMUM = "below_minimum"
    SELF_CHECK_AGE_DAYS = "self_check_age_days"
    SELF_CHECK_MISSING = "self_check_missing"
    # Format v2, later: the activities held (legal advice, 送清凉…), whom they reached and
    # what they handed out. A v2 file written before them has none of their rows.
    ACTIVITIES = "activities"
    ACTIVITY_PEOPLE = "activity_people"
    ACTIVITY_ITEMS = "activity_items"


V1_METRICS = (
    Metric.VISITS,
    Metric.DISTINCT_WORKERS,
    Metric.NEW_REGISTRATIONS,
    Metric.UNION_MEMBERS,
    Metric.WANTS_TO_JOIN,
    Metric.SERVICES,
    Metric.ITEMS_ISSUED,
    Metric.STOCK_LEVEL,
    Metric.OVERDUE_LOANS,
)
V2_METRICS = tuple(metric for metric in Metric if metric not in V1_METRICS)
# The metrics of each format version.
SCHEMA_METRICS = {
    SCHEMA_V1: frozenset(V1_METRICS),
    SCHEMA_V2: frozenset(Metric),
}
MINUTES_A_DAY = 24 * 60
# v2's metrics whose value has a bound below MAX_VALUE: minutes of one day, a yes/no.
METRIC_CEILINGS = {
    Metric.POSTED_MINUTES: MINUTES_A_DAY,
    Metric.OPEN_MINUTES: MINUTES_A_DAY,
    Metric.MISSED_MINUTES: MINUTES_A_DAY,
    Metric.CLOSED_DAY: 1,
}
# Present both or neither: neither means no self-check was ever saved ("none yet").
SELF_CHECK_METRICS = (Metric.SELF_CHECK_AGE_DAYS, Metric.SELF_CHECK_MISSING)
# The activity metrics, broken down by type, occupation and item beside their totals; both
# totals are in every file that reports activities (none: written before they were added).
ACTIVITY_METRICS = (Metric.ACTIVITIES, Metric.ACTIVITY_PEOPLE, Metric.ACTIVITY_ITEMS)
ACTIVITY_TOTALS = (Metric.ACTIVITIES, Metric.ACTIVITY_PEOPLE)


METRIC_LABELS = {
    Metric.VISITS: N_("Visits"),
    Metric.DISTINCT_WORKERS: N_("Distinct card-holders"),
    Metric.NEW_REGISTRATIONS: N_("New registrations"),
    Metric.UNION_MEMBERS: N_("Union members among visitors"),
    Metric.WANTS_TO_JOIN: N_("Visitors wanting to join the union"),
    Metric.SERVICES: N_("Services delivered"),
    Metric.ITEMS_ISSUED: N_("Items handed out"),
    Metric.STOCK_LEVEL: N_("Stock at the end of the day"),
    Metric.OVERDUE_LOANS: N_("Overdue loans at the end of the day"),
    Metric.POSTED_MINUTES: N_("Posted opening minutes"),
    Metric.OPEN_MINUTES: N_("Minutes open within the posted hours"),
    Metric.MISSED_MINUTES: N_("Posted minutes missed"),
    Metric.CLOSED_DAY: N_("Declared closed day"),
    Metric.EXPIRED_BATCHES: N_("Expired medicine and food batches on the shelf"),
    Metric.BELOW_MINIMUM: N_("Items below their minimum"),
    Metric.SELF_CHECK_AGE_DAYS: N_("Days since the last self-check"),
    Metric.SELF_CHECK_MISSING: N_("Self-check items missing or broken"),
    Metric.ACTIVITIES: N_("Activities held"),
    Metric.ACTIVITY_PEOPLE: N_("People reached by activities"),
    Metric.ACTIVITY_ITEMS: N_("Items handed out at activities"),
}

TOTAL = "total"
# Metrics counted once for the day: their ``total`` row is always in the file, zero or not.
TOTAL_ONLY = frozenset(
    {
        Metric.DISTINCT_WORKERS,
        Metric.NEW_REGISTRATIONS,
        Metric.UNION_MEMBERS,
        Metric.WANTS_TO_JOIN,
        Metric.OVERDUE_LOANS,
        *(metric for metric in V2_METRICS if metric not in ACTIVITY_METRICS),
    }
)
SOURCES = ("card", "anonymous")


def clean_name(name: str) -> str:
    """An item's name as it may appear in a dimension: control characters and runs of
    white space become one space, none at either end (so every row is one line)."""
    visible = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in name)
    return " ".join(visible.split())


def occupation_dimension(code: str) -> str:
    return f"occupation:{code}"


def hour_dimension(hour: int) -> str:
    return f"hour:{hour:02d}"


def source_dimension(source: str) -> str:
    return f"source:{source}"


def service_dimension(code: str) -> str:
    return f"type:{code}"


def item_dimension(name: str) -> str:
    return f"item:{clean_name(name)}"


def dimension_problem(metric: Metric, dimension: str) -> str | None:
    """Why ``dimension`` cannot go with ``metric`` (translated), or None when it can."""
    kind, colon, value = dimension.partition(":")
    if metric in TOTAL_ONLY:
        ok = dimension == TOTAL
        expected = "total"
    elif metric == Metric.VISITS:
        ok = (
            dimension == TOTAL
            or (kind == "occupation" and colon and _CODE.match(value) is not None)
            or (kind == "hour" and value in _HOURS)
            or (kind == "source" and value in SOURCES)
        )
        expected = "total, occupation:<code>, hour:00…23, source:card, source:anonymous"
    elif metric == Metric.SERVICES:
        ok = kind == "type" and bool(colon) and _CODE.match(value) is not None
        expected = "type:<service code>"
    elif metric == Metric.ACTIVITIES:
        ok = dimension == TOTAL or (kind == "type" and _CODE.match(value) is not None)
        expected = "total, type:<activity type code>"
    elif metric == Metric.ACTIVITY_PEOPLE:
        ok = dimension == TOTAL or (kind == "occupation" and _CODE.match(value) is not None)
        expected = "total, occupation:<code>"
    else:  # items_issued, stock_level, activity_items
        ok = kind == "item" and bool(colon) and 0 < len(value) <= NAME_MAX
        ok = ok and clean_name(value) == value
        expected = "item:<item name>"
    if ok:
        return None
    return _("“{dimension}” is not a dimension of {metric} (expected {expected})").format(
        dimension=dimension[:60], metric=metric.value, expected=expected
    )


@dataclass(frozen=True)
class SummaryRow:
    """One figure: ``value`` of ``metric`` for ``dimension`` at a station on a local day."""

    station_code: str
    day: dt.date
    metric: Metric
    dimension: str
    value: int

    @property
    def key(self) -> tuple[str, dt.date, Metric, str]:
        """The natural key: a later revision replaces every row of (station, day)."""
        return (self.station_code, self.day, self.metric, self.dimension)


class SummaryFormatError(ValueError):
    """A summary file or manifest that cannot be used; nothing of it may be applied.

    ``problems`` lists (line number, translated problem); line 0 is the manifest or the
    file as a whole.
    """

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    def summary(self) -> str:
        lines = [
            problem
            if line == MANIFEST_LINE
            else _("line {line}: {problem}").format(line=line, problem=problem)
            for line, problem in self.problems[:MAX_LISTED]
        ]
        if len(self.problems) > MAX_LISTED:
            lines.append(_("… and {n} more lines").format(n=len(self.problems) - MAX_LISTED))
        return "\n".join(lines)


def _row_problem(row: SummaryRow) -> str | None:
    if not _STATION_CODE.match(row.station_code):
        return _("“{value}” is not a station code").format(value=row.station_code[:40])
    if isinstance(row.value, bool) or not isinstance(row.value, int) or row.value < 0:
        return _("the value “{value}” is not a whole number of 0 or more").format(
            value=str(row.value)[:30]
        )
    if row.value > MAX_VALUE:
        return _value_too_large(str(row.value))
    if row.value > METRIC_CEILINGS.get(row.metric, MAX_VALUE):
        return _above_bound(row.metric, str(row.value))
    return dimension_problem(row.metric, row.dimension)


def _above_bound(metric: Metric, text: str) -> str:
    return _("the value “{value}” of {metric} is above its bound of {bound}").format(
        value=text[:30], metric=metric.value, bound=METRIC_CEILINGS[metric]
    )


def _value_too_large(text: str) -> str:
    return _("the value “{value}” is above the format's ceiling of {ceiling}").format(
        value=text[:30], ceiling=MAX_VALUE
    )


def sort_key(row: SummaryRow) -> tuple[str, dt.date, str, str]:
    """The order of a file's rows: by metric, then dimension (code-point order)."""
    return (row.station_code, row.day, row.metric.value, row.dimension)


class UnwritableDay(ValueError):
    """A day the format cannot carry: ``problem`` says why (translated), ``row`` is the row
    at fault (None when the file as a whole is)."""

    def __init__(self, problem: str, row: SummaryRow | None = None) -> None:
        super().__init__(f"{problem}: {row}" if row is not None else problem)
        self.problem, self.row = problem, row


def write_csv(rows: Iterable[SummaryRow]) -> bytes:
    """The CSV file's bytes: header, then the rows sorted by (metric, dimension).

    Raises UnwritableDay for a row the format cannot carry or a repeated natural key: the
    station must never send a file HQ would refuse.
    """
    ordered = sorted(rows, key=sort_key)
    if len(ordered) > MAX_ROWS:
        raise UnwritableDay(
            _("{n} rows, where a day's file holds at most {limit}").format(
                n=len(ordered), limit=MAX_ROWS
            )
        )
    seen: set[tuple[str, dt.date, Metric, str]] = set()
    for row in ordered:
        problem = _row_problem(row)
        if problem is None and row.key in seen:
            problem = _("the same metric and dimension appear twice")
        if problem is not None:
            raise UnwritableDay(problem, row)
        seen.add(row.key)
    text = io.StringIO(newline="")
    writer = csv.writer(text)  # the excel dialect: RFC 4180 quoting, CRLF line ends
    writer.writerow(COLUMNS)
    for row in ordered:
        writer.writerow(
            (row.station_code, row.day.isoformat(), row.metric.value, row.dimension, row.value)
        )
    return text.getvalue().encode("utf-8")


def _date(text: str) -> dt.date | None:
    # fromisoformat alone would also take "20261123" and "2026-W48-1".
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _LineProblem(ValueError):
    """One line's problem, already translated."""


def _parse_line(fields_: list[str], schema: str) -> SummaryRow:
    if len(fields_) != len(COLUMNS):
        raise _LineProblem(
            _("expected 5 values ({columns}), found {n}").format(
                columns=",".join(COLUMNS), n=len(fields_)
            )
        )
    station_code, date_text, metric_text, dimension, value_text = fields_
    if not _STATION_CODE.match(station_code):
        raise _LineProblem(_("“{value}” is not a station code").format(value=station_code[:40]))
    day = _date(date_text)
    if day is None:
        raise _LineProblem(
            _("“{value}” is not a date like 2026-11-24").format(value=date_text[:40])
        )
    if metric_text not in SCHEMA_METRICS[schema]:
        raise _LineProblem(
            _("“{value}” is not a metric of format {schema}").format(
                value=metric_text[:40], schema=schema
            )
        )
    metric = Metric(metric_text)
    problem = dimension_problem(metric, dimension)
    if problem is not None:
        raise _LineProblem(problem)
    if not _VALUE.match(value_text):
        raise _LineProblem(
            _("the value “{value}” is not a whole number of 0 or more").format(
                value=value_text[:30]
            )
        )
    if len(value_text) > MAX_VALUE_DIGITS or int(value_text) > MAX_VALUE:
        raise _LineProblem(_value_too_large(value_text))
    if int(value_text) > METRIC_CEILINGS.get(metric, MAX_VALUE):
        raise _LineProblem(_above_bound(metric, value_text))
    return SummaryRow(station_code, day, metric, dimension, int(value_text))


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SummaryFormatError(
            [(line, _("the file is not UTF-8 text (a byte that UTF-8 does not allow)"))]
        ) from None
    if text.startswith("\ufeff"):
        raise SummaryFormatError([(1, _("the file starts with a byte-order mark (BOM)"))])
    return text


def read_csv(data: bytes, schema: str = SCHEMA) -> list[SummaryRow]:
    """Every row of a summary file, in file order, or SummaryFormatError naming each bad line.
    ``schema`` (its manifest's) says which metrics the file may hold.

    Row ``i`` of the result was line ``i + 2`` of the file (a valid row never spans lines).
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[tuple[int, str]] = []
    rows: list[SummaryRow] = []
    first_line: dict[tuple[str, dt.date, Metric, str], int] = {}
    station: tuple[str, int] | None = None
    line = 0
    try:
        for fields_ in reader:
            start, line = line + 1, reader.line_num
            if start - 1 > MAX_ROWS:
                problems.append((start, _("a file holds at most {n} rows").format(n=MAX_ROWS)))
                break
            if start == 1:
                if tuple(fields_) != COLUMNS:
                    problems.append(
                        (
                            1,
                            _("the first line must be the header {header}").format(
                                header=",".join(COLUMNS)
                            ),
                        )
                    )
                    break
                continue
            try:
                row = _parse_line(fields_, schema)
            except _LineProblem as problem:
                problems.append((start, str(problem)))
                continue
            if row.key in first_line:
                problems.append(
                    (
                        start,
                        _("the same metric and dimension as line {line}").format(
                            line=first_line[row.key]
                        ),
                    )
                )
                continue
            if station is None:
                station = (row.station_code, start)
            elif row.station_code != station[0]:
                problems.append(
                    (
                        start,
                        _(
                            "station {code} differs from {first} on line {line}: one file "
                            "holds one station"
                        ).format(code=row.station_code, first=station[0], line=station[1]),
                    )
                )
                continue
            first_line[row.key] = start
            rows.append(row)
    except csv.Error as exc:
        problems.append((line + 1, _("not readable as CSV ({detail})").format(detail=exc)))
    if line == 0 and not problems:
        problems.append((1, _("the file is empty")))
    if problems:
        raise SummaryFormatError(problems)
    return rows


@dataclass(frozen=True)
class Manifest:
    """What a batch is: whose, which days, which revision, and the CSV's hash; signed."""

    batch_id: str  # a new uuid4 for every revision; the same when a revision is re-sent
    station_code: str
    period_start: dt.date
    period_end: dt.date
    revision: int
    row_count: int
    sha256: str  # hex of the CSV file's bytes
    created_at: dt.datetime  # aware; kept in UTC, to the second
    key_id: str = ""  # set by ``sign``
    signature: str = ""  # base64 Ed25519 signature over ``signing_bytes``
    schema: str = SCHEMA

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be an aware datetime")
        # The manifest carries seconds in UTC; holding exactly that keeps a round trip equal.
        utc = self.created_at.astimezone(dt.UTC).replace(microsecond=0)
        object.__setattr__(self, "created_at", utc)

    def to_dict(self) -> dict[str, Any]:
        """The manifest as a JSON object (what HTTP bodies carry)."""
        return {
            "schema": self.schema,
            "batch_id": self.batch_id,
            "station_code": self.station_code,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "revision": self.revision,
            "row_count": self.row_count,
            "sha256": self.sha256,
            "created_at": self.created_at.strftime(_CREATED_AT_FORMAT),
            "key_id": self.key_id,
            "signature": self.signature,
        }

    def to_json(self) -> str:
        """The ``.manifest.json`` file's text (write it as UTF-8)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: object) -> Manifest:
        """A manifest from a parsed JSON object; SummaryFormatError (line 0) naming every
        missing, extra or mistyped field."""
        return _manifest_from(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Manifest:
        """A manifest from its file's text or bytes (UTF-8, no BOM), read by ``load_json``."""
        return _manifest_from(load_json(text, _("the manifest")))


class _JsonRefused(ValueError):
    """Why a JSON text is refused, already translated."""


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads would keep the last of two "revision" fields; the signer may have meant either.
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            raise _JsonRefused(
                _("the field {field} appears twice").format(field=json.dumps(key)[:60])
            )
        seen.add(key)
    return dict(pairs)


def _no_constant(name: str) -> object:
    raise _JsonRefused(_("{value} is not a number JSON allows").format(value=name))


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise _JsonRefused(_("the number {value}… is too long").format(value=text[:20]))
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _JsonRefused(_("the number {value}… is too large").format(value=text[:20]))
    return value


def _check_tree(data: object) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and text that is not Unicode (an unpaired
    surrogate escape such as \\ud800 decodes to a string no UTF-8 writer can write)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            texts: list[str] = [value]
        elif isinstance(value, dict):
            texts = list(value)
        else:
            texts = []
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise _JsonRefused(_("a text holds an unpaired surrogate escape")) from None
        children: list[object] = []
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        if children and depth >= MAX_JSON_DEPTH:
            raise _JsonRefused(_("nested more than {n} levels deep").format(n=MAX_JSON_DEPTH))
        stack.extend((child, depth + 1) for child in children)


def load_json(text: str | bytes, what: str) -> object:
    """JSON from a station (a manifest file, an upload's body), read the one strict way both
    of HQ's routes share: UTF-8 without a BOM, no field twice in an object, no NaN or
    Infinity, no number too long to be a field, no unpaired surrogate, at most
    MAX_JSON_DEPTH levels. ``what`` names the text in the problem (translated).

    SummaryFormatError (line 0) when refused.
    """

    def refused(detail: str) -> SummaryFormatError:
        return SummaryFormatError(
            [
                (
                    MANIFEST_LINE,
                    _("{what} is not the JSON expected ({detail})").format(
                        what=what, detail=detail
                    ),
                )
            ]
        )

    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise refused(_("not UTF-8 text")) from None
    if text.startswith("\ufeff"):
        raise refused(_("it starts with a byte-order mark (BOM)"))
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_repeats,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
        _check_tree(data)
    except _JsonRefused as exc:
        raise refused(str(exc)) from None
    except RecursionError:
        raise refused(_("nested more than {n} levels deep").format(n=MAX_JSON_DEPTH)) from None
    except ValueError as exc:
        raise refused(json.dumps(str(exc))[1:-1][:100]) from None
    return data


def _matching(pattern: re.Pattern[str]) -> Callable[[str], object | None]:
    return lambda text: text if pattern.match(text) else None


def _uuid4(text: str) -> str | None:
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return None
    return text if parsed.version == 4 and str(parsed) == text else None


def _utc_second(text: str) -> dt.datetime | None:
    if not _CREATED_AT.match(text):
        return None
    try:
        return dt.datetime.strptime(text, _CREATED_AT_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


# Each text field: its parser (None when the value is bad) and what a good value looks like.
_TEXT_FIELDS: dict[str, tuple[Callable[[str], object | None], str]] = {
    "schema": (lambda text: text if text in SCHEMAS else None, " / ".join(SCHEMAS)),
    "batch_id": (_uuid4, N_("a UUID (version 4) in lower case with dashes")),
    "station_code": (_matching(_STATION_CODE), N_("a station code such as HF-LY-0012")),
    "period_start": (_date, N_("a date like 2026-11-24")),
    "period_end": (_date, N_("a date like 2026-11-24")),
    "sha256": (_matching(_SHA256), N_("64 lower-case hex digits")),
    "created_at": (_utc_second, N_("a UTC time like 2026-11-24T01:00:00Z")),
    "key_id": (_matching(_KEY_ID), N_("8 upper-case hex digits")),
    # Any text is a signature that may or may not verify: that is ``verify``'s business.
    "signature": (lambda text: text, ""),
}
_MINIMUM = {"revision": 1, "row_count": 0}


def _manifest_field(name: str, value: object) -> tuple[object, str | None]:
    """(parsed value, None) or (None, what a valid value looks like, translated)."""
    if name in _MINIMUM:
        minimum = _MINIMUM[name]
        whole = isinstance(value, int) and not isinstance(value, bool)
        if whole and minimum <= value < MAX_MANIFEST_NUMBER:  # type: ignore[operator]
            return value, None
        return None, _("a whole number from {n} to {most}").format(
            n=minimum, most=MAX_MANIFEST_NUMBER - 1
        )
    if not isinstance(value, str):
        return None, _("a text string")
    parse, expected = _TEXT_FIELDS[name]
    parsed = parse(value)
    return (parsed, None) if parsed is not None else (None, _(expected))


MANIFEST_FIELDS = (
    "schema",
    "batch_id",
    "station_code",
    "period_start",
    "period_end",
    "revision",
    "row_count",
    "sha256",
    "created_at",
    "key_id",
    "signature",
)


def _manifest_from(data: object) -> Manifest:
    if not isinstance(data, dict):
        raise SummaryFormatError([(MANIFEST_LINE, _("the manifest is not a JSON object"))])
    problems: list[str] = []
    values: dict[str, object] = {}
    for name in MANIFEST_FIELDS:
        if name not in data:
            problems.append(_("the manifest has no field “{field}”").format(field=name))
            continue
        value, expected = _manifest_field(name, data[name])
        if expected is not None:
            problems.append(
                _("the manifest's field “{field}” must be {expected}, not {value}").format(
                    field=name, expected=expected, value=json.dumps(data[name])[:60]
                )
            )
        values[name] = value
    for name in sorted(set(data) - set(MANIFEST_FIELDS), key=str):
        problems.append(
            _("the manifest has a field “{field}” that format {schema} does not know").format(
                field=str(name)[:40],
                schema=values.get("schema") or SCHEMA,
            )
        )
    if not problems and values["period_end"] < values["period_start"]:  # type: ignore[operator]
        problems.append(_("the manifest's period ends before it starts"))
    if problems:
        raise SummaryFormatError([(MANIFEST_LINE, problem) for problem in problems])
    return Manifest(**values)  # type: ignore[arg-type]


def check_against(rows: list[SummaryRow], manifest: Manifest) -> None:
    """Raise SummaryFormatError unless ``rows`` (as ``read_csv`` returned them) belong to the
    manifest's station and period and are as many as it says."""
    problems: list[tuple[int, str]] = []
    for index, row in enumerate(rows):
        line = index + 2
        if row.station_code != manifest.station_code:
            problems.append(
                (
                    line,
                    _("station {code} is not the manifest's station {expected}").format(
                        code=row.station_code, expected=manifest.station_code
                    ),
                )
            )
        elif not manifest.period_start <= row.day <= manifest.period_end:
            problems.append(
                (
                    line,
                    _("the date {day} is outside the manifest's period {start} to {end}").format(
                        day=row.day.isoformat(),
                        start=manifest.period_start.isoformat(),
                        end=manifest.period_end.isoformat(),
                    ),
                )
            )
    if len(rows) != manifest.row_count:
        problems.append(
            (
                MANIFEST_LINE,
                _("the file has {n} rows but the manifest says {expected}").format(
                    n=len(rows), expected=manifest.row_count
                ),
            )
        )
    if problems:
        raise SummaryFormatError(problems)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_file(data: bytes, manifest: Manifest) -> list[SummaryRow]:
    """The rows of a received CSV file, checked against its manifest (hash, rows, station,
    period). The signature is ``verify``'s business: it needs the station's key."""
    if sha256_hex(data) != manifest.sha256:
        raise SummaryFormatError(
            [
                (
                    MANIFEST_LINE,
                    _(
                        "the file's SHA-256 does not match the manifest: it was changed "
                        "or damaged on the way"
                    ),
                )
            ]
        )
    rows = read_csv(data, manifest.schema)
    check_against(rows, manifest)
    return rows


def signing_bytes(manifest: Manifest) -> bytes:
    """The bytes the signature covers: the manifest without ``signature``, as canonical JSON."""
    unsigned = manifest.to_dict()
    del unsigned["signature"]
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _raw_public(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(manifest: Manifest, private_key: Ed25519PrivateKey) -> Manifest:
    """The manifest with ``key_id`` (that of ``private_key``) and ``signature`` set."""
    unsigned = replace(manifest, key_id=key_id_of(_raw_public(private_key)), signature="")
    signature = private_key.sign(signing_bytes(unsigned))
    return replace(unsigned, signature=base64.b64encode(signature).decode("ascii"))


def verify(manifest: Manifest, public_key: bytes) -> bool:
    """Whether ``manifest`` was signed by the raw Ed25519 ``public_key`` (32 bytes, as the
    keyring stores it) and names that key's id."""
    if key_id_of(public_key) != manifest.key_id:
        return False
    try:
        signature = base64.b64decode(manifest.signature.encode("ascii"), validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signing_bytes(manifest))
    except (InvalidSignature, ValueError):  # bad base64 or key: binascii.Error is one
        return False
    return True


def file_stem(station_code: str, day: dt.date, revision: int) -> str:
    """``HF-LY-0001_2026-11-23_r1``: add ``.csv`` and ``.manifest.json``."""
    return f"{station_code}_{day.isoformat()}_r{revision}"


def counts_by(rows: Iterable[SummaryRow]) -> Mapping[tuple[Metric, str], int]:
    """(metric, dimension) → value, for one station's day (handy to compare two files)."""
    return {(row.metric, row.dimension): row.value for row in rows}
