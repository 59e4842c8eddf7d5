"""HQ's weekly rollup as an A4 PDF: visits by station and district, by occupation, services
by type, and the stations that sent nothing that week."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.reports.output import atomic_output
from station_app.reports.page import Margins, build_a4
from station_app.reports.styles import paragraph_styles
from station_app.reports.tables import Align, Column, data_table

if TYPE_CHECKING:
    from station_app.hq.rollup import Rollup


def _story(rollup: Rollup, width: float) -> list[Flowable]:
    styles = paragraph_styles()
    # A heading never ends a page without the start of its table.
    keep_with_table = ParagraphStyle("rollup_heading", styles.heading, keepWithNext=1)
    period = rollup.period
    story: list[Flowable] = [
        Paragraph(_("Weekly rollup of the stations"), styles.title),
        Paragraph(
            _("{week}: {start} to {end}. {visits} visits at {n} stations.").format(
                week=period.code(),
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                visits=number(rollup.visits),
                n=number(len(rollup.stations)),
            ),
            styles.body,
        ),
        Spacer(0, 4 * mm),
        Paragraph(_("Visits by station"), keep_with_table),
        data_table(
            [
                Column(_("Station code"), 1.2),
                Column(_("Station"), 2),
                Column(_("District"), 1.2),
                Column(_("Visits"), 0.8, Align.RIGHT),
                Column(_("Days reported"), 0.9, Align.RIGHT),
            ],
            [
                [s.code, s.name, s.district, number(s.visits), f"{s.days_reported} / {period.days}"]
                for s in rollup.stations
            ],
            width,
            empty_text=_("No station is registered yet."),
        ),
    ]
    story += [
        Spacer(0, 4 * mm),
        Paragraph(_("Stations that have not reported this week"), keep_with_table),
        data_table(
            [Column(_("Station code"), 1.2), Column(_("Station"), 2), Column(_("District"), 1.2)],
            [[s.code, s.name, s.district] for s in rollup.not_reported],
            width,
            empty_text=_("Every station has reported."),
        ),
    ]
    sections = (
        (_("Visits by district"), _("District"), _("Visits"), rollup.by_district),
        (_("Visits by occupation"), _("Occupation code"), _("Visits"), rollup.by_occupation),
        (_("Services by type"), _("Service code"), _("Services"), rollup.by_service),
    )
    for heading, name, value, pairs in sections:
        story += [
            Spacer(0, 4 * mm),
            Paragraph(heading, keep_with_table),
            data_table(
                [Column(name, 3), Column(value, 1, Align.RIGHT)],
                [[key or "—", number(count)] for key, count in pairs],
                width,
                empty_text=_("Nothing reported."),
            ),
        ]
    return story


def rollup_pdf(rollup: Rollup, target: Path) -> Path:
    """Write the rollup to ``target`` (atomically); returns it."""
    margins = Margins()
    width = A4[0] - margins.left - margins.right
    with atomic_output(target) as stream:
        build_a4(
            _story(rollup, width),
            stream,
            title=_("Weekly rollup {week}").format(week=rollup.period.code()),
            margins=margins,
        )
    return target
