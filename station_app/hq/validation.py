"""HQ's validation rules: what a day's figures must satisfy, in the manner of DHIS2's.

Every rule has a stable id and one of two kinds:

- ``refuse``: the batch cannot be a sound station's day (its own sums disagree, or the day
  has not ended yet): it is refused whole (HTTP 422) naming the rule and the line, and
  nothing of it is stored;
- ``flag``: the figures are possible but doubtful (a value beyond what a station plausibly
  counts, a code HQ does not know): the day is stored and the finding is kept as a flag
  (``HqFlag``) for someone at HQ to follow up. A newer revision of the day replaces the
  day's flags with its own, so a corrected day is no longer flagged.

The rules are listed, with their ids, in the summary format's document ("What HQ checks").
Rules see a file that already passed the format's own checks (``summary_format.check_file``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.engine import Connection

from station_app.domain.catalog import OCCUPATIONS, SERVICE_TYPES
from station_app.domain.periods import Period
from station_app.domain.summary_format import (
    ACTIVITY_TOTALS,
    MANIFEST_LINE,
    MAX_VALUE,
    MINUTES_A_DAY,
    SELF_CHECK_METRICS,
    TOTAL,
    Metric,
    SummaryRow,
)
from station_app.hq.db import HqDatabase, HqFlag
from station_app.i18n import N_, _

# The latest zone on Earth is 14 hours ahead of UTC: a day is over everywhere it could be
# a station's day once it is over there, whatever HQ's own zone is.
EARLIEST_ZONE = dt.timezone(dt.timedelta(hours=14))

# What one station plausibly counts in a day, per row (visits and people are a rest room's
# queue, services and items a busy day's several per visit); above it the day is flagged.
PLAUSIBLE_PER_DAY: dict[Metric, int] = {
    Metric.VISITS: 3_000,
    Metric.DISTINCT_WORKERS: 3_000,
    Metric.NEW_REGISTRATIONS: 500,
    Metric.UNION_MEMBERS: 3_000,
    Metric.WANTS_TO_JOIN: 3_000,
    Metric.SERVICES: 10_000,
    Metric.ITEMS_ISSUED: 10_000,
    Metric.STOCK_LEVEL: 100_000,
    Metric.OVERDUE_LOANS: 1_000,
    # Format v2: the minutes and the yes/no are bounded by the format itself.
    Metric.POSTED_MINUTES: MINUTES_A_DAY,
    Metric.OPEN_MINUTES: MINUTES_A_DAY,
    Metric.MISSED_MINUTES: MINUTES_A_DAY,
    Metric.CLOSED_DAY: 1,
    Metric.EXPIRED_BATCHES: 1_000,
    Metric.BELOW_MINIMUM: 1_000,
    Metric.SELF_CHECK_AGE_DAYS: MAX_VALUE,  # a station that never did one since long ago
    Metric.SELF_CHECK_MISSING: 100,
    Metric.ACTIVITIES: 20,  # a day of several small activities, not more
    Metric.ACTIVITY_PEOPLE: 5_000,
    Metric.ACTIVITY_ITEMS: 10_000,
}

KNOWN_OCCUPATIONS = frozenset(entry.code for entry in OCCUPATIONS)
KNOWN_SERVICES = frozenset(entry.code for entry in SERVICE_TYPES)
# A station's own entries: custom_1, custom_2 … (occupations) and own_3 … (services; a
# trailing "_" is added when the number was taken).
_CUSTOM_OCCUPATION = re.compile(r"^custom_[0-9]+$")
_OWN_SERVICE = re.compile(r"^own_[0-9]+_*$")


class Kind(StrEnum):
    REFUSE = "refuse"
    FLAG = "flag"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    template: str  # N_() msgid, formatted with the finding's figures


_RULE_LIST = (
    Rule(
        "future_day",
        Kind.REFUSE,
        N_("the day {day} is not over yet anywhere (headquarters' time is {now} UTC)"),
    ),
    Rule(
        "visits_parts_above_total",
        Kind.REFUSE,
        N_("the visits by {breakdown} add up to {sum}, more than the total visits {total}"),
    ),
    Rule(
        "members_above_workers",
        Kind.REFUSE,
        N_("{members} union members among only {workers} distinct card-holders"),
    ),
    Rule(
        "wanting_above_workers",
        Kind.REFUSE,
        N_("{wanting} wanting to join among only {workers} distinct card-holders"),
    ),
    Rule(
        "visits_parts_below_total",
        Kind.FLAG,
        N_("the visits by {breakdown} add up to {sum}, less than the total visits {total}"),
    ),
    Rule(
        "open_and_missed_above_posted",
        Kind.REFUSE,
        N_("{open} minutes open and {missed} missed, more than the {posted} posted minutes"),
    ),
    Rule(
        "closed_day_with_hours",
        Kind.REFUSE,
        N_("a declared closed day with {posted} posted minutes"),
    ),
    Rule(
        "self_check_half",
        Kind.REFUSE,
        N_("{present} without {absent}: a self-check sends both, or neither before the first"),
    ),
    Rule(
        "activity_half",
        Kind.REFUSE,
        N_("{present} without {absent}: a day's activities send both totals, or neither"),
    ),
    Rule(
        "activity_parts_differ",
        Kind.REFUSE,
        N_("the rows of {metric} add up to {sum}, not to its total {total}"),
    ),
    Rule(
        "reached_without_activity",
        Kind.REFUSE,
        N_("{people} people reached, or items handed out, with no activity held"),
    ),
    Rule(
        "workers_above_visits",
        Kind.FLAG,
        N_("{workers} distinct card-holders but only {visits} card visits"),
    ),
    Rule(
        "unknown_occupation",
        Kind.FLAG,
        N_("“{code}” is not an occupation code headquarters knows"),
    ),
    Rule(
        "unknown_service",
        Kind.FLAG,
        N_("“{code}” is not a service code headquarters knows"),
    ),
    Rule(
        "implausible_value",
        Kind.FLAG,
        N_("{metric} {dimension} = {value}, more than a station plausibly counts in a day ({n})"),
    ),
)
RULES = {rule.id: rule for rule in _RULE_LIST}
# The breakdowns of visits, as the messages name them.
BREAKDOWNS = {
    "source": N_("card and anonymous"),
    "hour": N_("hour"),
    "occupation": N_("occupation"),
}


@dataclass(frozen=True)
class Finding:
    """One rule broken by one batch: ``line`` is the CSV line (1 = header, 0 = the file)."""

    rule: str
    line: int
    params: dict[str, str | int]

    @property
    def kind(self) -> Kind:
        return RULES[self.rule].kind

    def message(self) -> str:
        """In the current language."""
        params = dict(self.params)
        if "breakdown" in params:
            params["breakdown"] = _(BREAKDOWNS.get(str(params["breakdown"]), "?"))
        return _(RULES[self.rule].template).format(**params)


@dataclass(frozen=True)
class Flag:
    """A stored day's finding, for the dashboard."""

    station_code: str
    day: dt.date
    rule: str
    message: str
    line: int = MANIFEST_LINE


def check(rows: Sequence[SummaryRow], day: dt.date, now: dt.datetime) -> list[Finding]:
    """Every rule ``rows`` (one day's file, in file order) break, received at HQ's ``now``."""
    findings: list[Finding] = []
    end_everywhere = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), EARLIEST_ZONE)
    if now < end_everywhere:
        findings.append(
            Finding(
                "future_day",
                MANIFEST_LINE,
                {"day": day.isoformat(), "now": now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")},
            )
        )
    # (metric, dimension) -> (value, line); a file's row i is its line i + 2.
    found = {(row.metric, row.dimension): (row.value, index + 2) for index, row in enumerate(rows)}
    findings += _sums(found)
    findings += _evaluation(found)
    findings += _codes_and_ceilings(rows)
    return sorted(findings, key=lambda finding: finding.line)


_Found = dict[tuple[Metric, str], tuple[int, int]]


def _sums(found: _Found) -> list[Finding]:
    """The rules on how a day's figures add up (the format's "How the sums relate")."""
    findings: list[Finding] = []

    def value(metric: Metric, dimension: str = TOTAL) -> int:
        return found.get((metric, dimension), (0, 0))[0]

    def line(metric: Metric, dimension: str = TOTAL) -> int:
        return found.get((metric, dimension), (0, MANIFEST_LINE))[1]

    total = value(Metric.VISITS)
    by_kind: dict[str, int] = {}
    for (metric, dimension), (amount, _line) in found.items():
        if metric is Metric.VISITS and dimension != TOTAL:
            kind = dimension.partition(":")[0]
            by_kind[kind] = by_kind.get(kind, 0) + amount
    # Every visit is counted once in each breakdown: more than the total is impossible, less
    # means visits went uncounted there. A breakdown the file does not carry at all is not
    # checked: only its presence makes a claim (zero rows may be left out).
    for kind in BREAKDOWNS:
        if kind in by_kind and by_kind[kind] != total:
            rule = (
                "visits_parts_above_total" if by_kind[kind] > total else "visits_parts_below_total"
            )
            findings.append(
                Finding(
                    rule,
                    line(Metric.VISITS),
                    {"breakdown": kind, "sum": by_kind[kind], "total": total},
                )
            )
    workers = value(Metric.DISTINCT_WORKERS)
    card_visits = value(Metric.VISITS, "source:card") if "source" in by_kind else total
    if workers > card_visits:
        findings.append(
            Finding(
                "workers_above_visits",
                line(Metric.DISTINCT_WORKERS),
                {"workers": workers, "visits": card_visits},
            )
        )
    for metric, rule, name in (
        (Metric.UNION_MEMBERS, "members_above_workers", "members"),
        (Metric.WANTS_TO_JOIN, "wanting_above_workers", "wanting"),
    ):
        if value(metric) > workers:
            findings.append(Finding(rule, line(metric), {name: value(metric), "workers": workers}))
    return findings


def _evaluation(found: _Found) -> list[Finding]:
    """How format v2's figures of the day relate (none of them in a v1 file: all zero)."""
    findings: list[Finding] = []

    def value(metric: Metric) -> int:
        return found.get((metric, TOTAL), (0, 0))[0]

    def line(metric: Metric) -> int:
        return found.get((metric, TOTAL), (0, MANIFEST_LINE))[1]

    posted = value(Metric.POSTED_MINUTES)
    opened, missed = value(Metric.OPEN_MINUTES), value(Metric.MISSED_MINUTES)
    if opened + missed > posted:
        findings.append(
            Finding(
                "open_and_missed_above_posted",
                line(Metric.OPEN_MINUTES),
                {"open": opened, "missed": missed, "posted": posted},
            )
        )
    if value(Metric.CLOSED_DAY) and posted:
        findings.append(
            Finding("closed_day_with_hours", line(Metric.CLOSED_DAY), {"posted": posted})
        )
    present = [metric for metric in SELF_CHECK_METRICS if (metric, TOTAL) in found]
    if len(present) == 1:
        (absent,) = set(SELF_CHECK_METRICS) - set(present)
        findings.append(
            Finding(
                "self_check_half",
                line(present[0]),
                {"present": present[0].value, "absent": absent.value},
            )
        )
    return findings + _activities(found)


def _activities(found: _Found) -> list[Finding]:
    """How a day's activity figures relate: both totals or neither, each breakdown adding up
    to its total, and nobody reached and nothing handed out without an activity."""
    present = [metric for metric in ACTIVITY_TOTALS if (metric, TOTAL) in found]
    lines = {metric: found.get((metric, TOTAL), (0, MANIFEST_LINE))[1] for metric in Metric}
    if len(present) == 1:
        (absent,) = set(ACTIVITY_TOTALS) - set(present)
        return [
            Finding(
                "activity_half",
                lines[present[0]],
                {"present": present[0].value, "absent": absent.value},
            )
        ]
    findings: list[Finding] = []
    sums: dict[Metric, int] = {}
    first_line: dict[Metric, int] = {}
    for (metric, dimension), (amount, line) in found.items():
        if metric in ACTIVITY_TOTALS and dimension != TOTAL:
            sums[metric] = sums.get(metric, 0) + amount
            first_line.setdefault(metric, line)
    for metric, parts in sums.items():
        total = found.get((metric, TOTAL), (0, 0))[0]
        if parts != total:
            findings.append(
                Finding(
                    "activity_parts_differ",
                    first_line[metric],
                    {"metric": metric.value, "sum": parts, "total": total},
                )
            )
    held = found.get((Metric.ACTIVITIES, TOTAL), (0, 0))[0]
    items = [line for (metric, _d), (_v, line) in found.items() if metric is Metric.ACTIVITY_ITEMS]
    people = found.get((Metric.ACTIVITY_PEOPLE, TOTAL), (0, 0))[0]
    if not held and (people or items):
        line = lines[Metric.ACTIVITY_PEOPLE] if people else min(items)
        findings.append(Finding("reached_without_activity", line, {"people": people}))
    return findings


def _unknown_code(row: SummaryRow) -> tuple[str, str] | None:
    """(rule, code) when ``row`` names an occupation or service HQ does not know."""
    kind, _colon, code = row.dimension.partition(":")
    if row.metric is Metric.VISITS and kind == "occupation":
        known = code in KNOWN_OCCUPATIONS or _CUSTOM_OCCUPATION.match(code) is not None
        return None if known else ("unknown_occupation", code)
    if row.metric is Metric.SERVICES and kind == "type":
        known = code in KNOWN_SERVICES or _OWN_SERVICE.match(code) is not None
        return None if known else ("unknown_service", code)
    return None


def _codes_and_ceilings(rows: Sequence[SummaryRow]) -> list[Finding]:
    findings: list[Finding] = []
    for index, row in enumerate(rows):
        unknown = _unknown_code(row)
        if unknown is not None:
            findings.append(Finding(unknown[0], index + 2, {"code": unknown[1]}))
        ceiling = PLAUSIBLE_PER_DAY[row.metric]
        if row.value > ceiling:
            findings.append(
                Finding(
                    "implausible_value",
                    index + 2,
                    {
                        "metric": row.metric.value,
                        "dimension": row.dimension,
                        "value": row.value,
                        "n": ceiling,
                    },
                )
            )
    return findings


def refusals(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.kind is Kind.REFUSE]


_CLEAR_FLAGS = delete(HqFlag).where(
    HqFlag.station_code == bindparam("code"), HqFlag.date == bindparam("day")
)
_INSERT_FLAGS = insert(HqFlag)


def clear_flags(connection: Connection, code: str, day: dt.date) -> None:
    """Forget the day's flags: called in the transaction that applies a newer revision."""
    connection.execute(_CLEAR_FLAGS, {"code": code, "day": day})


def add_flags(
    connection: Connection, code: str, day: dt.date, batch_id: str, findings: Iterable[Finding]
) -> None:
    """Keep ``findings`` of kind ``flag`` as the day's flags, in the transaction that applies
    the batch ``batch_id``."""
    values = [
        {
            "station_code": code,
            "date": day,
            "rule": finding.rule,
            "line": finding.line,
            "params": json.dumps(finding.params, ensure_ascii=False),
            "batch_id": batch_id,
        }
        for finding in findings
        if finding.kind is Kind.FLAG
    ]
    if values:
        connection.execute(_INSERT_FLAGS, values)


def flags(db: HqDatabase, codes: Iterable[str] | None, period: Period) -> list[Flag]:
    """The flags on the days of ``period`` of the stations ``codes`` (None: every station),
    by day, station and line; messages in the current language."""
    statement = select(HqFlag).where(HqFlag.date >= period.start, HqFlag.date <= period.end)
    if codes is not None:
        statement = statement.where(HqFlag.station_code.in_(list(codes)))
    statement = statement.order_by(HqFlag.date, HqFlag.station_code, HqFlag.line, HqFlag.id)
    with db.sessions() as session:
        stored = list(session.scalars(statement))
    return [
        Flag(row.station_code, row.date, row.rule, _stored_message(row), row.line) for row in stored
    ]


def _stored_message(row: HqFlag) -> str:
    """The flag's message in the current language; its rule id when a flag stored by another
    version of HQ no longer fits a rule of this one."""
    try:
        return Finding(row.rule, row.line, json.loads(row.params)).message()
    except (KeyError, IndexError, ValueError):
        return row.rule
