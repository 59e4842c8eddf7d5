"""The stocktake count sheet (盘点表): every item in use with the stock the books expect, a
blank box to write the count in and room for notes, signed by whoever counted.

The attendant walks the shelves with the printed sheet and types the counts into the
stocktake dialog afterwards, so the columns follow the dialog's order (category, then name).
Data in, file out: the caller gathers the lines (``InventoryService.count_sheet``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, Table, TableStyle

from station_app.domain.printables import CountLine
from station_app.i18n import _
from station_app.i18n.formatting import long_date, number
from station_app.reports.fonts import FONT
from station_app.reports.output import atomic_output
from station_app.reports.page import Margins, PageHook, PageInfo, build_a4
from station_app.reports.styles import INK, MUTED, ORANGE, ORANGE_PALE, RULE, paragraph_styles

MARGINS = Margins(top=26 * mm)
ROW_PADDING = 8  # points above and below a line of 12: a row of about 10 mm
# item, unit, expected, counted, notes: the widths add up to A4 less the margins (174 mm).
WIDTHS = (62 * mm, 18 * mm, 24 * mm, 26 * mm, 44 * mm)


def default_name(day: dt.date) -> str:
    """count-sheet-2026-11-24.pdf: ASCII, so every PC and USB stick takes it."""
    return f"count-sheet-{day.isoformat()}.pdf"


def _header(station_name: str, day: dt.date) -> PageHook:
    title = _("Stocktake count sheet")
    when = long_date(day)

    def draw(canvas: Canvas, page: PageInfo) -> None:
        top = page.height - 12 * mm
        left, right = MARGINS.left, page.width - MARGINS.right
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 13)
        canvas.drawString(left, top, title)
        canvas.setFont(FONT, 9)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, top, when)
        canvas.drawString(left, top - 5.5 * mm, station_name)
        canvas.setStrokeColor(ORANGE)
        canvas.setLineWidth(1.2)
        canvas.line(left, top - 8 * mm, right, top - 8 * mm)

    return draw


def _table(lines: Sequence[CountLine]) -> Table:
    styles = paragraph_styles()
    cell = styles.table_cell
    right = ParagraphStyle("number", cell, alignment=TA_RIGHT)
    head = styles.table_header
    head_centre = ParagraphStyle("head_centre", head, alignment=TA_CENTER)
    rows: list[list[object]] = [
        [
            Paragraph(_("Item"), head),
            Paragraph(_("Unit"), head),
            Paragraph(_("Expected"), head_centre),
            Paragraph(_("Counted"), head_centre),
            Paragraph(_("Notes"), head),
        ]
    ]
    for line in lines:
        rows.append(
            [
                Paragraph(escape(line.name), cell),
                Paragraph(escape(line.unit), cell),
                Paragraph(number(line.expected), right),
                "",
                "",
            ]
        )
    table = LongTable(
        rows,
        colWidths=list(WIDTHS),
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                # Empty cells too: reportlab would otherwise set them in Helvetica, which
                # is not embedded and would be listed in the PDF.
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), ORANGE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("ROWBACKGROUNDS", (0, 1), (2, -1), [None, ORANGE_PALE]),
                # The box to write in: a firm frame so it reads as a field, even on a faint
                # printer.
                ("BOX", (3, 1), (3, -1), 1.0, INK),
                ("INNERGRID", (3, 1), (3, -1), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                # Room to write a number by hand; a long name makes its row taller.
                ("TOPPADDING", (0, 1), (-1, -1), ROW_PADDING),
                ("BOTTOMPADDING", (0, 1), (-1, -1), ROW_PADDING),
            ]
        )
    )
    return table


def _signatures() -> Table:
    styles = paragraph_styles()
    label = styles.body
    line = ParagraphStyle("blank", label)
    cells = [
        [
            Paragraph(_("Counted by:"), label),
            Paragraph("", line),
            Paragraph(_("Checked by:"), label),
            Paragraph("", line),
            Paragraph(_("Date:"), label),
            Paragraph("", line),
        ]
    ]
    table = Table(
        cells, colWidths=[24 * mm, 40 * mm, 20 * mm, 40 * mm, 14 * mm, 36 * mm], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.8, INK),
                ("LINEBELOW", (3, 0), (3, 0), 0.8, INK),
                ("LINEBELOW", (5, 0), (5, 0), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def count_sheet_pdf(
    lines: Sequence[CountLine], target: Path, *, station_name: str, day: dt.date
) -> Path:
    """Write the A4 count sheet for ``lines`` to ``target``; returns ``target``.

    An empty list still prints (a header and the signature line), so a new station can try
    it. Raises ServiceError when the file cannot be written; ``target`` is left as it was.
    """
    styles = paragraph_styles()
    story: list[Flowable] = [
        Paragraph(
            _(
                "Count what is on the shelf (items lent out are not on it) and write the number "
                "in the box; leave it empty for an item not counted. Then type the counts into "
                "“Stocktake” on the Inventory page."
            ),
            styles.small,
        ),
        Spacer(0, 3 * mm),
        _table(lines),
        Spacer(0, 10 * mm),
        _signatures(),
    ]
    with atomic_output(target) as stream:
        build_a4(
            story,
            stream,
            title=_("Stocktake count sheet"),
            author=station_name,
            header=_header(station_name, day),
            margins=MARGINS,
        )
    return target
