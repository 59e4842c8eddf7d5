"""HQ's weekly or monthly rollup as an A4 PDF, in the current language (Chinese at HQ):
the key figures beside the previous period's, visits by station, what the union evaluates
the stations on (hours kept, expired medicine, the self-check, activities) by district and
station, visits by district, by occupation, services by type, items handed out, and the
stations that did not report — names, not codes, and a totals row under every table that
adds up. Its tables are the station reports' (``reports.tables``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph

from station_app.domain.periods import Period, PeriodKind
from station_app.hq.db import HqDatabase
from station_app.hq.figures.evaluation import evaluations
from station_app.hq.figures.model import Breakdown, Compared, Scope, StationTotal
from station_app.hq.figures.names import district_name
from station_app.hq.figures.queries import (
    DEFAULT_TIMELY_DAYS,
    overview,
    reporting,
    station_totals,
)
from station_app.hq.figures.standing import by_district, worst_first
from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.reports.output import atomic_output
from station_app.reports.page import Margins, build_a4
from station_app.reports.styles import paragraph_styles
from station_app.reports.tables import Align, Column, data_table, section, totalled


def _title(period: Period) -> str:
    if period.kind is PeriodKind.MONTH:
        return _("Monthly rollup of the stations")
    if period.kind is PeriodKind.WEEK:
        return _("Weekly rollup of the stations")
    return _("Rollup of the stations")


def _change(compared: Compared) -> str:
    percent = compared.change_percent
    if percent is None:
        return "—"
    return f"{percent:+.1f}%"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _breakdown_table(
    heading: str, name: str, rows: Sequence[Breakdown], width: float
) -> list[Flowable]:
    data, total = totalled(
        [
            [row.name, number(row.current), number(row.previous), _change(row.compared)]
            for row in rows
        ],
        [
            _("Total"),
            number(sum(row.current for row in rows)),
            number(sum(row.previous for row in rows)),
            _change(Compared(sum(r.current for r in rows), sum(r.previous for r in rows))),
        ],
    )
    return section(
        heading,
        [
            data_table(
                [
                    Column(name, 3),
                    Column(_("This period"), 1.2, Align.RIGHT),
                    Column(_("Previous period"), 1.2, Align.RIGHT),
                    Column(_("Change"), 1, Align.RIGHT),
                ],
                data,
                width,
                empty_text=_("Nothing reported."),
                emphasis=total,
            )
        ],
    )


def _standing_section(
    db: HqDatabase, scope: Scope, period: Period, totals: Sequence[StationTotal], width: float
) -> list[Flowable]:
    """What the union evaluates the stations on: per district with the total, then the
    stations worst first (those that reported the figures in format v2)."""
    evaluated = list(evaluations(db, scope, period).values())
    named = {total.code: total for total in totals}
    districts, everyone = by_district(evaluated, {t.code: t.district for t in totals})

    def check(on: dt.date | None) -> str:
        return on.isoformat() if on else _("none yet")

    def dash(value: int | None) -> str:
        return "—" if value is None else number(value)

    district_rows, total_row = totalled(
        [
            [
                district_name(row.district) if row.district else _("(no district)"),
                number(row.stations),
                number(row.missed_minutes),
                _percent(row.kept_percent),
                number(row.expired_batches),
                check(row.oldest_self_check),
                dash(row.activities),
                dash(row.activity_people),
            ]
            for row in districts
        ],
        [
            _("Total"),
            number(everyone.stations),
            number(everyone.missed_minutes),
            _percent(everyone.kept_percent),
            number(everyone.expired_batches),
            check(everyone.oldest_self_check),
            dash(everyone.activities),
            dash(everyone.activity_people),
        ],
    )

    def headings(self_check: str) -> list[Column]:
        return [
            Column(_("Posted minutes missed"), 1.2, Align.RIGHT),
            Column(_("Hours kept"), 1, Align.RIGHT),
            Column(_("Expired medicine and food batches"), 1.3, Align.RIGHT),
            Column(self_check, 1.3, Align.RIGHT),
            Column(_("Activities held"), 1, Align.RIGHT),
            Column(_("People reached by activities"), 1.2, Align.RIGHT),
        ]

    station_rows = [
        [
            named[row.code].name if row.code in named and named[row.code].name else row.code,
            number(row.missed_minutes),
            _percent(row.kept_percent),
            number(row.expired_batches),
            check(row.self_check_on),
            dash(row.activities),
            dash(row.activity_people),
        ]
        for row in worst_first(evaluated)
    ]
    styles = paragraph_styles()
    return [
        *section(
            _("Hours kept, medicine, self-check and activities by district"),
            [
                data_table(
                    [
                        Column(_("District"), 1.6),
                        Column(_("Stations"), 0.9, Align.RIGHT),
                        *headings(_("Oldest self-check")),
                    ],
                    district_rows,
                    width,
                    empty_text=_("No station reported these figures in this period."),
                    emphasis=total_row,
                )
            ],
        ),
        *section(
            _("Hours kept, medicine and self-check, worst first"),
            [
                data_table(
                    [Column(_("Station"), 2.6), *headings(_("Last self-check"))],
                    station_rows,
                    width,
                    empty_text=_("No station reported these figures in this period."),
                ),
                Paragraph(
                    _(
                        "Hours kept: minutes open of the minutes posted. Expired batches: on "
                        "the shelf on the last day reported. A dash: not reported."
                    ),
                    styles.small,
                ),
            ],
        ),
    ]


def _story(
    db: HqDatabase,
    scope: Scope,
    period: Period,
    width: float,
    *,
    today: dt.date,
    timely_days: int,
    zone: dt.tzinfo | None,
) -> list[Flowable]:
    styles = paragraph_styles()
    previous = period.previous()
    figures = overview(db, scope, period, previous=previous)
    totals = station_totals(db, scope, period)
    report = reporting(db, scope, period, timely_days=timely_days, today=today, zone=zone)
    expected = {row.code: row for row in report.stations}
    where = (
        _("All stations")
        if scope.districts is None
        else _("Districts: {districts}").format(
            districts="、".join(district_name(d) for d in sorted(scope.districts))
        )
    )
    story: list[Flowable] = [
        Paragraph(_title(period), styles.title),
        Paragraph(
            _(
                "{period}: {start} to {end}, compared with {previous_start} to "
                "{previous_end}. {where}: {n} stations."
            ).format(
                period=period.code(),
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                previous_start=previous.start.isoformat(),
                previous_end=previous.end.isoformat(),
                where=where,
                n=number(len(totals)),
            ),
            styles.body,
        ),
    ]
    key_rows = []
    for figure in figures.metrics:
        label = figure.label
        if figure.level:
            label = _("{label} (at the end of the period)").format(label=label)
        key_rows.append(
            [label, number(figure.current), number(figure.previous), _change(figure.compared)]
        )
    for label, compared in (
        (_("Card visits"), figures.card_visits),
        (_("Anonymous visits"), figures.anonymous_visits),
    ):
        key_rows.append(
            [label, number(compared.current), number(compared.previous), _change(compared)]
        )
    story += section(
        _("Key figures"),
        [
            data_table(
                [
                    Column(_("Figure"), 3),
                    Column(_("This period"), 1.2, Align.RIGHT),
                    Column(_("Previous period"), 1.2, Align.RIGHT),
                    Column(_("Change"), 1, Align.RIGHT),
                ],
                key_rows,
                width,
            )
        ],
    )
    station_rows = []
    for total in totals:
        row = expected.get(total.code)
        station_rows.append(
            [
                total.name or total.code,
                district_name(total.district),
                number(total.visits),
                number(total.services),
                f"{total.days_received} / {period.days}",
                _percent(row.completeness if row is not None else None),
            ]
        )
    station_rows, station_total = totalled(
        station_rows,
        [
            _("Total"),
            "",
            number(sum(t.visits for t in totals)),
            number(sum(t.services for t in totals)),
            number(sum(t.days_received for t in totals)),
            _percent(report.total.completeness),
        ],
    )
    story += section(
        _("Visits by station"),
        [
            data_table(
                [
                    Column(_("Station"), 3),
                    Column(_("District"), 1.4),
                    Column(_("Visits"), 1, Align.RIGHT),
                    Column(_("Services"), 1, Align.RIGHT),
                    Column(_("Days reported"), 1.2, Align.RIGHT),
                    Column(_("Completeness"), 1.2, Align.RIGHT),
                ],
                station_rows,
                width,
                empty_text=_("No station is registered yet."),
                emphasis=station_total,
            ),
            Paragraph(
                _(
                    "Completeness: days reported of the days each station was expected to "
                    "report (from its opening day, its regular closing days excepted)."
                ),
                styles.small,
            ),
        ],
    )
    story += _standing_section(db, scope, period, totals, width)
    for heading, name, rows in (
        (_("Visits by district"), _("District"), figures.by_district),
        (_("Visits by occupation"), _("Occupation"), figures.by_occupation),
        (_("Services by type"), _("Service"), figures.by_service),
        (_("Items handed out"), _("Item"), figures.by_item),
    ):
        story += _breakdown_table(heading, name, rows, width)
    received = {total.code: total.days_received for total in totals}
    missing = [
        row
        for row in report.stations
        if (row.expected and row.received < row.expected)
        or (row.active and not received.get(row.code))
    ]
    story += section(
        _("Stations with days not reported"),
        [
            data_table(
                [
                    Column(_("Station"), 3),
                    Column(_("District"), 1.4),
                    Column(_("Days reported"), 1.2, Align.RIGHT),
                    Column(_("Expected days missing"), 1.3, Align.RIGHT),
                    Column(_("Latest day received"), 1.4, Align.RIGHT),
                ],
                [
                    [
                        row.name or row.code,
                        district_name(row.district),
                        number(received.get(row.code, 0)),
                        number(len(row.missing)),
                        row.last_day.isoformat() if row.last_day else _("never"),
                    ]
                    for row in missing
                ],
                width,
                empty_text=_("Every station has reported every expected day."),
            )
        ],
    )
    return story


def rollup_pdf(
    db: HqDatabase,
    scope: Scope,
    period: Period,
    target: Path,
    *,
    today: dt.date | None = None,
    timely_days: int = DEFAULT_TIMELY_DAYS,
    zone: dt.tzinfo | None = None,
) -> Path:
    """Write the rollup of ``period`` (a week, a month or any range) for the stations in
    ``scope`` to ``target``, atomically; returns it. ``today`` (HQ's) bounds the days a
    station is expected to have reported (default: the day after the period)."""
    margins = Margins()
    width = A4[0] - margins.left - margins.right
    story = _story(
        db,
        scope,
        period,
        width,
        today=today or period.after_end,
        timely_days=timely_days,
        zone=zone,
    )
    with atomic_output(target) as stream:
        build_a4(
            story,
            stream,
            title=f"{_title(period)} {period.code()}",
            margins=margins,
        )
    return target
