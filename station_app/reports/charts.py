"""Bar charts for printed reports, drawn with reportlab's own graphics (vector, no images).

Each chart is a ``Drawing`` (a flowable) the full width of the text column. Every label is
set in the bundled font (reportlab's default Helvetica has no Chinese and would not be
embedded); bars are the union's orange with a dark outline and their value printed beside
them, so a chart still reads on a black-and-white laser printer. A period without any
visits gets an empty axis and a sentence saying so, never a division by zero.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm

from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.reports.fonts import FONT, register_fonts, text_width
from station_app.reports.styles import INK, MUTED, ORANGE, RULE
from station_app.reports.textfit import fit_text

LABEL_SIZE = 7.5
VALUE_SIZE = 7
BAR_STROKE = INK  # an outline keeps pale bars visible in greyscale
MAX_DAY_BARS = 31  # more bars than a month has days are too thin to carry their values


def _weekday(day: dt.date) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return names[day.weekday()]


def _month_day(day: dt.date) -> str:
    return _("{month}/{day}").format(month=day.month, day=day.day)


def _scale(largest: int, ticks: int = 4) -> tuple[int, int]:
    """A round top for the value axis and its step: 0–5–10–15–20 rather than 0–4.6–9.2."""
    if largest <= 0:
        return 4, 1  # an empty chart still shows a baseline and a few gridlines
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1, math.ceil(step))
    top = step * math.ceil(largest / step)
    if top == largest:  # room above the tallest bar for its value label
        top += step
    return top, step


def _value_label(value: float) -> str:
    return number(int(value)) if value else ""


def _value_label_with_zero(value: float) -> str:
    return number(int(value))


def _style_bars(
    chart: VerticalBarChart | HorizontalBarChart,
    values: Sequence[int],
    label: Callable[[float], str],
) -> None:
    top, step = _scale(max(values, default=0))
    chart.data = [list(values)]
    chart.bars[0].fillColor = ORANGE
    chart.bars[0].strokeColor = BAR_STROKE
    chart.bars[0].strokeWidth = 0.4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = LABEL_SIZE - 0.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = lambda v: number(int(v))
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.gridStrokeDashArray = (1, 2)
    chart.categoryAxis.strokeColor = INK
    chart.categoryAxis.strokeWidth = 0.6
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    chart.barLabelFormat = label
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = VALUE_SIZE
    chart.barLabels.fillColor = INK


def _finish(
    drawing: Drawing,
    chart: VerticalBarChart | HorizontalBarChart,
    values: Sequence[int],
    empty_text: str,
) -> Drawing:
    """Add the chart; over a chart of zeros, say so in its middle rather than leave it bare."""
    drawing.add(chart)
    if not any(values):
        x, y = chart.x + chart.width / 2, chart.y + chart.height / 2
        note = String(x, y, empty_text, fontName=FONT, fontSize=9, fillColor=MUTED)
        note.textAnchor = "middle"
        drawing.add(note)
    return drawing


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # Otherwise the drawing starts in Helvetica, listed in the PDF unembedded.
    drawing.initialFontName = FONT
    drawing.initialFontSize = LABEL_SIZE
    return drawing


def _grouped_days(days: Sequence[tuple[dt.date, int]]) -> tuple[list[str], list[int]]:
    """Labels and values for the day chart: a bar a day up to a month, then a bar a week
    (labelled by its first day), then a bar a month, so bars stay wide enough to read."""
    if len(days) <= 14:
        names = [f"{_month_day(d)}\n{_weekday(d)}" for d, _v in days]
        return names, [v for _d, v in days]
    if len(days) <= MAX_DAY_BARS:
        # A date under each Monday, and under the first day unless a Monday follows so
        # soon that the two dates would collide.
        names = [
            _month_day(d) if d.weekday() == 0 or (i == 0 and d.weekday() < 4) else ""
            for i, (d, _v) in enumerate(days)
        ]
        return names, [v for _d, v in days]
    by_week = len(days) <= MAX_DAY_BARS * 7
    groups: list[tuple[dt.date, int]] = []
    for day, value in days:
        starts = day.weekday() == 0 if by_week else day.day == 1
        if not groups or starts:
            groups.append((day, 0))
        groups[-1] = (groups[-1][0], groups[-1][1] + value)
    step = max(1, math.ceil(len(groups) / 12))
    names = [
        (_month_day(d) if by_week else f"{d.year}-{d.month:02d}") if i % step == 0 else ""
        for i, (d, _v) in enumerate(groups)
    ]
    return names, [v for _d, v in groups]


def visits_per_day_chart(days: Sequence[tuple[dt.date, int]], width: float) -> Drawing:
    """Visits per day, vertical bars with their values, dates and weekdays below
    (11/16 周一); a long range gets a bar per week or per month instead."""
    register_fonts()
    names, values = _grouped_days(days)
    two_lines = len(days) <= 14
    height = 62 * mm
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, (11 if two_lines else 7) * mm
    chart.width, chart.height = width - chart.x - 2 * mm, height - chart.y - 4 * mm
    _style_bars(
        chart, values, _value_label_with_zero if len(values) <= MAX_DAY_BARS else _value_label
    )
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    chart.categoryAxis.labels.leading = LABEL_SIZE + 2
    chart.barLabels.nudge = 6
    chart.barLabels.boxAnchor = "s"  # above the bar
    chart.barLabels.dy = -3
    chart.barSpacing = 0
    chart.groupSpacing = 8 if len(values) <= 14 else 2
    if len(values) > 14:
        chart.barLabels.fontSize = VALUE_SIZE - 1
    return _finish(drawing, chart, values, _("No visits in this period."))


def by_category_chart(
    entries: Sequence[tuple[str, int]], width: float, *, empty_text: str
) -> Drawing:
    """Horizontal bars, largest at the top, the category's name left of its bar."""
    register_fonts()
    rows = list(entries) or [("", 0)]
    label_width = min(42 * mm, max(text_width(name, LABEL_SIZE) for name, _v in rows) + 3 * mm)
    bar_pitch = 6.2 * mm if len(rows) <= 10 else 4.6 * mm
    height = len(rows) * bar_pitch + 10 * mm
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 2 * mm, 6 * mm
    chart.width, chart.height = width - chart.x - 12 * mm, height - chart.y - 3 * mm
    # reportlab puts the first category at the bottom; the report reads top-down.
    ordered = list(reversed(rows))
    _style_bars(chart, [v for _n, v in ordered], _value_label_with_zero)
    chart.categoryAxis.categoryNames = [
        fit_text(
            name,
            text_width,
            label_width - 2 * mm,
            largest=LABEL_SIZE,
            smallest=LABEL_SIZE,
        ).text
        for name, _v in ordered
    ]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabels.nudge = 0
    chart.barSpacing = 0
    chart.groupSpacing = 3
    return _finish(drawing, chart, [v for _n, v in rows], empty_text)


def hour_label(hour: int) -> str:
    return _("{hour}:00").format(hour=hour)


def busiest_hours_chart(by_hour: Sequence[int], width: float) -> Drawing:
    """Visits by hour of the day: 24 bars, an hour under every third one."""
    register_fonts()
    height = 48 * mm
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 7 * mm
    chart.width, chart.height = width - chart.x - 2 * mm, height - chart.y - 4 * mm
    values = list(by_hour) + [0] * (24 - len(by_hour))
    _style_bars(chart, values[:24], _value_label)
    chart.categoryAxis.categoryNames = [hour_label(h) if h % 3 == 0 else "" for h in range(24)]
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.nudge = 6
    chart.barLabels.dy = -3
    chart.barLabels.fontSize = VALUE_SIZE - 0.5
    chart.barSpacing = 0
    chart.groupSpacing = 3
    return _finish(drawing, chart, values, _("No visits in this period."))
