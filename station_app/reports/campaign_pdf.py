"""A campaign's report (活动季报告) on A4: the period and its kit, how many activities handed
out kit items to how many people of which occupations, and per kit item what was handed out
and what is left in stock. Data in, file out: the caller reads the report
(``ActivityService.campaign_report``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from station_app.domain.activities import CampaignReport
from station_app.i18n import _, ngettext
from station_app.i18n.formatting import long_date, number, short_date
from station_app.reports.output import atomic_output
from station_app.reports.page import build_a4
from station_app.reports.styles import paragraph_styles
from station_app.reports.tables import Align, Column, data_table

WIDTH = 174 * mm  # A4 less the margins


def default_name(report: CampaignReport) -> str:
    """campaign-3-2026-11-01.pdf: ASCII, so every PC and USB stick takes it."""
    campaign = report.campaign
    return f"campaign-{campaign.id}-{campaign.starts_on.isoformat()}.pdf"


def campaign_report_pdf(
    report: CampaignReport, target: Path, *, station_name: str, day: dt.date
) -> Path:
    """Write the campaign's report to ``target``; returns ``target``. Raises ServiceError
    when the file cannot be written; ``target`` is left as it was."""
    styles = paragraph_styles()
    campaign = report.campaign
    said = ngettext(
        "{n} activity handed out kit items to {people} people.",
        "{n} activities handed out kit items to {people} people.",
        report.activities,
    ).format(n=number(report.activities), people=number(report.people))
    period = _("{first} to {last}").format(
        first=short_date(campaign.starts_on), last=short_date(campaign.ends_on)
    )
    story: list[Flowable] = [
        Paragraph(escape(campaign.name), styles.title),
        Paragraph(escape(f"{station_name} · {period}"), styles.body),
        Paragraph(escape(_("As of {day}.").format(day=long_date(day))), styles.small),
        Spacer(0, 4 * mm),
        Paragraph(escape(said), styles.body),
        Spacer(0, 3 * mm),
        Paragraph(escape(_("People who took part, by occupation")), styles.heading),
        data_table(
            [Column(_("Occupation"), 3), Column(_("People"), 1, Align.RIGHT)],
            [[row.label, number(row.value)] for row in report.by_occupation],
            WIDTH,
            empty_text=_("Nobody yet."),
        ),
        Spacer(0, 3 * mm),
        Paragraph(escape(_("Kit items")), styles.heading),
        data_table(
            [
                Column(_("Kit item"), 3),
                Column(_("Handed out"), 1, Align.RIGHT),
                Column(_("Left in stock"), 1, Align.RIGHT),
            ],
            [
                [line.name, f"{number(line.handed_out)} {line.unit}", number(line.left)]
                for line in report.kit
            ],
            WIDTH,
        ),
    ]
    with atomic_output(target) as stream:
        build_a4(story, stream, title=campaign.name, author=station_name)
    return target
