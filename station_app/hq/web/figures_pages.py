"""The figures: Overview, Reporting, a station's figures, the big screen, the exports."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from starlette.responses import Response

from station_app.domain.periods import (
    Period,
    PeriodError,
    day_range,
    month_of,
    parse_month,
    parse_week,
    week_of,
)
from station_app.domain.summary_format import Metric
from station_app.hq import figures
from station_app.hq.feedback import rating_cells, rating_figures
from station_app.hq.figures import Breakdown, Compared, Scope
from station_app.hq.validation import flags
from station_app.hq.web import settings
from station_app.hq.web.core import Ctx, when
from station_app.hq.web.exports import csv_response
from station_app.hq.web.tables import Table, change, day, percent
from station_app.i18n import _

LONGEST_RANGE = 400  # days: a year and a bit, no more in one page
SCREEN_REFRESH_SECONDS = 60


# --- the period a page shows -----------------------------------------------------------


def parse_period(text: str) -> Period:
    """2026-W47, 2026-11 or 2026-11-01_2026-11-15 (what ``Period.code`` writes)."""
    text = text.strip()
    if "_" in text:
        first, _sep, last = text.partition("_")
        try:
            start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        except ValueError:
            raise PeriodError(_("Write the days like 2026-11-01_2026-11-15.")) from None
        if end < start or (end - start).days >= LONGEST_RANGE:
            raise PeriodError(
                _("Choose a range of 1 to {n} days, the first day first.").format(n=LONGEST_RANGE)
            )
        return day_range(start, end)
    if "W" in text.upper():
        return parse_week(text)
    return parse_month(text)


def chosen_period(ctx: Ctx, default: Period) -> tuple[Period, str]:
    """The period in the address (``?p=``), else ``default``; and what was wrong with it."""
    text = ctx.query("p")
    if not text:
        return default, ""
    try:
        return parse_period(text), ""
    except PeriodError as exc:
        return default, str(exc)


def _yesterday(ctx: Ctx) -> dt.date:
    return ctx.web.clock.today() - dt.timedelta(days=1)


def period_choices(ctx: Ctx) -> list[tuple[str, str]]:
    """Quick choices: (label, period code)."""
    yesterday = _yesterday(ctx)
    this_week = week_of(yesterday)
    this_month = month_of(yesterday)
    return [
        (_("This week"), this_week.code()),
        (_("Last week"), this_week.previous().code()),
        (_("This month"), this_month.code()),
        (_("Last month"), this_month.previous().code()),
        (_("Last 30 days"), day_range(yesterday - dt.timedelta(days=29), yesterday).code()),
    ]


def _scope(ctx: Ctx) -> Scope:
    return Scope(ctx.account.districts)


def _period_values(ctx: Ctx, period: Period, problem: str) -> dict[str, Any]:
    return {
        "period": period,
        "period_code": period.code(),
        "period_problem": problem,
        "choices": period_choices(ctx),
        "previous": period.previous(),
    }


# --- tables ----------------------------------------------------------------------------


def _compared_row(label: str, compared: Compared, code: str | None = None) -> list[Any]:
    lead: list[Any] = [code, label] if code is not None else [label]
    return [*lead, compared.current, compared.previous, change(compared)]


def _breakdown_table(
    key: str, title: str, what: str, rows: Sequence[Breakdown], *, with_code: bool = True
) -> Table:
    lead = [_("Code"), what] if with_code else [what]
    first_number = len(lead)
    return Table(
        key,
        title,
        [*lead, _("This period"), _("Previous period"), _("Change")],
        [_compared_row(row.name, row.compared, row.code if with_code else None) for row in rows],
        numeric=frozenset({first_number, first_number + 1, first_number + 2}),
    )


def overview_tables(ctx: Ctx, period: Period) -> tuple[figures.Overview, dict[str, Table]]:
    data = figures.overview(ctx.db, _scope(ctx), period, previous=period.previous())
    metric_rows = [_compared_row(m.label, m.compared) for m in data.metrics]
    metric_rows.insert(1, _compared_row(_("Visits with a card"), data.card_visits))
    metric_rows.insert(2, _compared_row(_("Visits without a card"), data.anonymous_visits))
    tables = [
        Table(
            "metrics",
            _("Every figure, beside the previous period"),
            [_("Figure"), _("This period"), _("Previous period"), _("Change")],
            metric_rows,
            numeric=frozenset({1, 2, 3}),
        ),
        Table(
            "days",
            _("Visits per day"),
            [_("Day"), _("Visits"), _("Same day of the previous period"), _("Visits")],
            [
                [row.day.isoformat(), row.visits, day(row.previous_day), row.previous_visits]
                for row in data.days
            ],
            numeric=frozenset({1, 3}),
        ),
        _breakdown_table(
            "occupation", _("Visits by occupation"), _("Occupation"), data.by_occupation
        ),
        _breakdown_table("service", _("Services by type"), _("Service"), data.by_service),
        _breakdown_table(
            "district",
            _("Visits by district"),
            _("District"),
            data.by_district,
            with_code=False,
        ),
        _breakdown_table("item", _("Items handed out"), _("Item"), data.by_item, with_code=False),
        _breakdown_table(
            "hour", _("Visits by hour of check-in"), _("Hour"), data.by_hour, with_code=False
        ),
        standing_table(
            figures.evaluations(ctx.db, _scope(ctx), period).values(),
            {row.code: row.district for row in figures.station_totals(ctx.db, _scope(ctx), period)},
        ),
    ]
    return data, {table.key: table for table in tables}


def _bars(rows: Sequence[Breakdown], title: str, now: str, before: str) -> dict[str, Any]:
    return {
        "type": "bar",
        "title": title,
        "categories": [row.name for row in rows],
        "series": [
            {"name": now, "data": [row.current for row in rows]},
            {"name": before, "data": [row.previous for row in rows]},
        ],
    }


def overview_charts(data: figures.Overview) -> list[dict[str, Any]]:
    now, before = _("This period"), _("Previous period")
    return [
        {
            "type": "line",
            "title": _("Visits per day"),
            "categories": [row.day.strftime("%m-%d") for row in data.days],
            "series": [
                {"name": now, "data": [row.visits for row in data.days]},
                {"name": before, "data": [row.previous_visits for row in data.days]},
            ],
        },
        _bars(data.by_occupation, _("Visits by occupation"), now, before),
        _bars(data.by_service, _("Services by type"), now, before),
        _bars(data.by_district, _("Visits by district"), now, before),
        {
            "type": "pie",
            "title": _("Visits with and without a card"),
            "series": [
                {
                    "name": now,
                    "data": [
                        {"name": _("Visits with a card"), "value": data.card_visits.current},
                        {
                            "name": _("Visits without a card"),
                            "value": data.anonymous_visits.current,
                        },
                    ],
                }
            ],
        },
    ]


def overview(ctx: Ctx) -> Response:
    period, problem = chosen_period(ctx, week_of(_yesterday(ctx)))
    data, tables = overview_tables(ctx, period)
    cards = [
        (m.label, m.compared)
        for m in data.metrics
        if m.metric
        in (
            Metric.VISITS,
            Metric.DISTINCT_WORKERS,
            Metric.NEW_REGISTRATIONS,
            Metric.UNION_MEMBERS,
            Metric.WANTS_TO_JOIN,
            Metric.SERVICES,
        )
    ]
    cards.insert(1, (_("Visits with a card"), data.card_visits))
    cards.insert(2, (_("Visits without a card"), data.anonymous_visits))
    return ctx.render(
        "overview.html",
        cards=cards,
        tables=list(tables.values()),
        charts=overview_charts(data),
        export="overview",
        **_period_values(ctx, period, problem),
    )


def reporting_tables(ctx: Ctx, period: Period) -> tuple[figures.Reporting, dict[str, Table]]:
    timely = settings.timely_days(ctx.db)
    data = figures.reporting(
        ctx.db,
        _scope(ctx),
        period,
        timely_days=timely,
        today=ctx.web.clock.today(),
        zone=ctx.web.clock.zone,
    )
    clock = ctx.web.clock

    def district_row(row: figures.DistrictReporting, name: str) -> list[Any]:
        return [
            name,
            row.stations,
            row.expected,
            row.received,
            percent(row.completeness),
            row.on_time,
            percent(row.timeliness),
            row.silent,
        ]

    districts = Table(
        "districts",
        _("By district"),
        [
            _("District"),
            _("Stations"),
            _("Days expected"),
            _("Days received"),
            _("Completeness"),
            _("On time"),
            _("Timeliness"),
            _("Silent stations"),
        ],
        [district_row(row, row.district or _("(no district)")) for row in data.districts],
        footer=district_row(data.total, _("Total")),
        numeric=frozenset(range(1, 8)),
    )
    stations = Table(
        "stations",
        _("By station"),
        [
            _("Code"),
            _("Station name"),
            _("District"),
            _("Days expected"),
            _("Days received"),
            _("Completeness"),
            _("On time"),
            _("Timeliness"),
            _("Days missing"),
            _("Last day received"),
            _("Last contact"),
        ],
        [
            [
                row.code,
                row.name,
                row.district,
                row.expected,
                row.received,
                percent(row.completeness),
                row.on_time,
                percent(row.timeliness),
                " ".join(missing.strftime("%m-%d") for missing in row.missing) or "—",
                day(row.last_day),
                when(row.last_contact, clock),
            ]
            for row in data.stations
        ],
        numeric=frozenset({3, 4, 5, 6, 7}),
        row_classes=[
            "silent" if row.silent else ("inactive" if not row.active else "")
            for row in data.stations
        ],
        links={0: "/stations/{}"},
    )
    silent = Table(
        "silent",
        _("Silent stations"),
        [_("Code"), _("Station name"), _("District"), _("Last day received"), _("Last contact")],
        [
            [row.code, row.name, row.district, day(row.last_day), when(row.last_contact, clock)]
            for row in data.silent
        ],
        links={0: "/stations/{}"},
    )
    codes = [row.code for row in data.stations]
    flag_table = Table(
        "flags",
        _("Figures flagged for follow-up"),
        [_("Day"), _("Code"), _("Rule"), _("Finding")],
        [
            [flag.day.isoformat(), flag.station_code, flag.rule, flag.message]
            for flag in flags(ctx.db, codes, period)
        ],
        links={1: "/stations/{}"},
    )
    evaluated = figures.evaluations(ctx.db, _scope(ctx), period).values()
    ranked = figures.worst_first(evaluated)
    named = {row.code: row for row in data.stations}
    rated = rating_figures(
        ctx.db, period, ctx.web.clock.zone, districts=ctx.account.districts, codes=named
    )
    by_district = standing_table(evaluated, {row.code: row.district for row in data.stations})
    kept = Table(
        "evaluation",
        _("Hours kept, medicine and self-check, worst first"),
        [
            _("Code"),
            _("Station name"),
            _("District"),
            _("Days reported"),
            _("Posted minutes missed"),
            _("Hours kept"),
            _("Expired medicine and food batches"),
            _("Items below their minimum"),
            _("Last self-check"),
            _("Self-check items missing or broken"),
            _("Activities held"),
            _("People reached by activities"),
            _("As of"),
            _("Average rating"),
            _("Open suggestions"),
        ],
        [
            [
                row.code,
                named[row.code].name if row.code in named else "",
                named[row.code].district if row.code in named else "",
                *_evaluation_cells(row),
                *rating_cells(rated.get(row.code)),
            ]
            for row in ranked
        ],
        numeric=frozenset({3, 4, 5, 6, 7, 9, 10, 11, 13, 14}),
        row_classes=[
            "silent" if row.missed_minutes or row.expired_batches else "" for row in ranked
        ],
        links={0: "/stations/{}"},
    )
    tables = [silent, districts, stations, by_district, kept, flag_table]
    return data, {table.key: table for table in tables}


def standing_table(rows: Iterable[figures.Evaluation], district_of: dict[str, str]) -> Table:
    """Hours kept, medicine, self-check and activities per district, with their total."""
    districts, total = figures.by_district(rows, district_of)

    def cells(row: figures.DistrictStanding, name: str) -> list[Any]:
        return [
            name,
            row.stations,
            row.missed_minutes,
            percent(row.kept_percent),
            row.expired_batches,
            row.with_expired,
            day(row.oldest_self_check) if row.oldest_self_check else _("none yet"),
            row.self_check_due,
            "—" if row.activities is None else row.activities,
            "—" if row.activity_people is None else row.activity_people,
        ]

    return Table(
        "standing",
        _("Hours kept, medicine, self-check and activities by district"),
        [
            _("District"),
            _("Stations reporting"),
            _("Posted minutes missed"),
            _("Hours kept"),
            _("Expired medicine and food batches"),
            _("Stations with expired stock"),
            _("Oldest self-check"),
            _("Stations without this quarter's self-check"),
            _("Activities held"),
            _("People reached by activities"),
        ],
        [cells(row, row.district or _("(no district)")) for row in districts],
        footer=cells(total, _("Total")) if districts else None,
        numeric=frozenset({1, 2, 3, 4, 5, 7, 8, 9}),
    )


def _evaluation_cells(row: figures.Evaluation) -> list[Any]:
    """Days reported, minutes missed, hours kept, expired batches, items short, self-check
    date and items missing, activities and people reached (a dash: not reported), and the
    day the levels are of."""
    return [
        row.days,
        row.missed_minutes,
        percent(row.kept_percent),
        row.expired_batches,
        row.below_minimum,
        day(row.self_check_on) if row.self_check_on else _("none yet"),
        "—" if row.self_check_missing is None else row.self_check_missing,
        "—" if row.activities is None else row.activities,
        "—" if row.activity_people is None else row.activity_people,
        row.last_day.isoformat(),
    ]


def reporting_page(ctx: Ctx) -> Response:
    period, problem = chosen_period(ctx, week_of(_yesterday(ctx)))
    data, tables = reporting_tables(ctx, period)
    return ctx.render(
        "reporting.html",
        data=data,
        total=data.total,
        completeness=percent(data.total.completeness),
        timeliness=percent(data.total.timeliness),
        tables=list(tables.values()),
        export="reporting",
        **_period_values(ctx, period, problem),
    )


def station_tables(
    ctx: Ctx, code: str, period: Period
) -> tuple[figures.StationFigures, dict[str, Table]]:
    data = figures.station_figures(ctx.db, code, period, scope=_scope(ctx))
    day_headers = [
        _("Day"),
        _("Received"),
        _("Visits"),
        _("With a card"),
        _("Without a card"),
        _("Distinct card-holders"),
        _("New registrations"),
        _("Union members among visitors"),
        _("Visitors wanting to join the union"),
        _("Services delivered"),
        _("Items handed out"),
        _("Stock at the end of the day"),
        _("Overdue loans at the end of the day"),
    ]
    days = Table(
        "days",
        _("Day by day"),
        day_headers,
        [
            [
                row.day.isoformat(),
                when(row.first_received_at, ctx.web.clock) if row.received else _("not received"),
                row.visits,
                row.card_visits,
                row.anonymous_visits,
                row.distinct_workers,
                row.new_registrations,
                row.union_members,
                row.wants_to_join,
                row.services,
                row.items_issued,
                row.stock_level,
                row.overdue_loans,
            ]
            for row in data.days
        ],
        numeric=frozenset(range(2, 13)),
        row_classes=["" if row.received else "silent" for row in data.days],
    )
    metrics = Table(
        "metrics",
        _("Every figure, beside the previous period"),
        [_("Figure"), _("This period"), _("Previous period"), _("Change")],
        [_compared_row(m.label, m.compared) for m in data.metrics],
        numeric=frozenset({1, 2, 3}),
    )
    stock = Table(
        "stock",
        _("Stock: latest levels reported, lowest first"),
        [_("Item"), _("Stock"), _("Reported for")],
        [[row.item, row.level, row.day.isoformat()] for row in data.stock],
        numeric=frozenset({1}),
        row_classes=["silent" if row.level <= 0 else "" for row in data.stock],
    )
    flag_table = Table(
        "flags",
        _("Figures flagged for follow-up"),
        [_("Day"), _("Rule"), _("Finding")],
        [
            [flag.day.isoformat(), flag.rule, flag.message]
            for flag in flags(ctx.db, [data.code], period)
        ],
    )
    evaluation = figures.evaluations(ctx.db, _scope(ctx), period, codes=[data.code]).get(data.code)
    kept = Table(
        "evaluation",
        _("What the union evaluates the station on"),
        [
            _("Days reported"),
            _("Posted minutes missed"),
            _("Hours kept"),
            _("Expired medicine and food batches"),
            _("Items below their minimum"),
            _("Last self-check"),
            _("Self-check items missing or broken"),
            _("Activities held"),
            _("People reached by activities"),
            _("As of"),
        ],
        [_evaluation_cells(evaluation)] if evaluation is not None else [],
        numeric=frozenset({0, 1, 2, 3, 4, 6, 7, 8}),
    )
    tables = [
        kept,
        metrics,
        days,
        _breakdown_table(
            "occupation", _("Visits by occupation"), _("Occupation"), data.by_occupation
        ),
        _breakdown_table("service", _("Services by type"), _("Service"), data.by_service),
        _breakdown_table("item", _("Items handed out"), _("Item"), data.by_item, with_code=False),
        stock,
        flag_table,
    ]
    return data, {table.key: table for table in tables}


def station_default_period(ctx: Ctx) -> Period:
    yesterday = _yesterday(ctx)
    return day_range(yesterday - dt.timedelta(days=29), yesterday)


def station_charts(data: figures.StationFigures) -> list[dict[str, Any]]:
    return [
        {
            "type": "line",
            "title": _("Visits per day"),
            "categories": [row.day.strftime("%m-%d") for row in data.days],
            "series": [
                {"name": _("Visits"), "data": [row.visits for row in data.days]},
                {
                    "name": _("Distinct card-holders"),
                    "data": [row.distinct_workers for row in data.days],
                },
                {"name": _("Services delivered"), "data": [row.services for row in data.days]},
            ],
        }
    ]


def station_figure_values(ctx: Ctx, code: str) -> dict[str, Any]:
    """What the station's page shows below its details (see ``station_pages``)."""
    period, problem = chosen_period(ctx, station_default_period(ctx))
    data, tables = station_tables(ctx, code, period)
    return {
        "figures": data,
        "tables": list(tables.values()),
        "charts": station_charts(data),
        "export": f"station/{code}",
        **_period_values(ctx, period, problem),
    }


# --- the big screen --------------------------------------------------------------------


def screen(ctx: Ctx) -> Response:
    state = figures.live_state(ctx.db, _scope(ctx), ctx.web.clock.today())
    occupation = _bars(
        state.week_by_occupation,
        _("This week by occupation"),
        _("This week"),
        _("Same days last week"),
    )
    return ctx.render(
        "screen.html",
        state=state,
        charts=[occupation],
        refresh=SCREEN_REFRESH_SECONDS,
        shown_at=when(ctx.now, ctx.web.clock),
    )


# --- downloads -------------------------------------------------------------------------

Builder = Callable[[Ctx, Period], tuple[Any, dict[str, Table]]]


def _export(ctx: Ctx, name: str, builder: Builder, default: Period) -> Response:
    period, _problem = chosen_period(ctx, default)
    _data, tables = builder(ctx, period)
    table = tables.get(ctx.request.path_params["table"])
    if table is None:
        return ctx.render("error.html", status=404, message=_("No such table."))
    return csv_response(f"{name}-{table.key}-{period.code()}.csv", table.headers, table.csv_rows())


def overview_csv(ctx: Ctx) -> Response:
    return _export(ctx, "overview", overview_tables, week_of(_yesterday(ctx)))


def reporting_csv(ctx: Ctx) -> Response:
    return _export(ctx, "reporting", reporting_tables, week_of(_yesterday(ctx)))


def station_csv(ctx: Ctx) -> Response:
    code = ctx.request.path_params["code"]
    try:
        return _export(
            ctx,
            code,
            lambda c, p: station_tables(c, code, p),
            station_default_period(ctx),
        )
    except figures.UnknownStation:
        return ctx.render("error.html", status=404, message=_("No such station."))


def rollup_pdf(ctx: Ctx) -> Response:
    """The weekly or monthly rollup of the stations this account may see, as a PDF."""
    period, problem = chosen_period(ctx, week_of(_yesterday(ctx)).previous())
    if problem:
        return ctx.render("error.html", status=400, message=problem)
    with tempfile.TemporaryDirectory(prefix="hq-rollup-") as folder:
        target = Path(folder) / "rollup.pdf"
        figures_pdf(ctx, period, target)
        content = target.read_bytes()
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="rollup-{period.code()}.pdf"'},
    )


def figures_pdf(ctx: Ctx, period: Period, target: Path) -> None:
    from station_app.hq.figures.pdf import rollup_pdf as write_pdf

    write_pdf(
        ctx.db,
        _scope(ctx),
        period,
        target,
        today=ctx.web.clock.today(),
        timely_days=settings.timely_days(ctx.db),
        zone=ctx.web.clock.zone,
    )
