"""One table look for every printed report: a dark header, pale orange stripes, numbers
aligned right, the header repeated on each page the table runs onto.

Text cells are Paragraphs, so a long Chinese item name wraps inside its column instead of
running into the next one (a plain string in a reportlab table never wraps).
Paragraph text is mini-markup, so plain text is escaped (``xml.sax.saxutils.escape``, as in
every document): a name like "<雨伞> & 雨衣" prints as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table, TableStyle

from station_app.reports.fonts import FONT
from station_app.reports.styles import INK, ORANGE_PALE, RULE, WHITE, paragraph_styles


class Align(Enum):
    LEFT = TA_LEFT
    RIGHT = TA_RIGHT
    CENTER = TA_CENTER


@dataclass(frozen=True)
class Column:
    """A column's heading, its share of the table's width and how its cells align."""

    heading: str
    weight: float = 1.0
    align: Align = Align.LEFT


Cell: TypeAlias = str | Flowable


def _aligned(style: ParagraphStyle, align: Align) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}_{align.name}", style, alignment=align.value)


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    width: float,
    *,
    empty_text: str = "",
    emphasis: Sequence[int] = (),
) -> Flowable:
    """A table ``width`` points wide; ``rows`` hold plain text (escaped and wrapped) or
    ready flowables. ``emphasis`` lists rows to set off (a bold rule above a total, or a
    warning row), which print darker than the stripes. With no rows, ``empty_text``."""
    styles = paragraph_styles()
    if not rows:
        return Paragraph(escape(empty_text), styles.small)
    head_styles = [_aligned(styles.table_header, c.align) for c in columns]
    cell_styles = [_aligned(styles.table_cell, c.align) for c in columns]

    def cell(value: Cell, style: ParagraphStyle) -> Flowable:
        return value if isinstance(value, Flowable) else Paragraph(escape(value), style)

    data: list[list[Flowable]] = [
        [Paragraph(escape(c.heading), s) for c, s in zip(columns, head_styles, strict=True)]
    ]
    data += [[cell(v, s) for v, s in zip(row, cell_styles, strict=True)] for row in rows]
    total = sum(c.weight for c in columns)
    widths = [width * c.weight / total for c in columns]
    commands: list[tuple[object, ...]] = [
        # A cell's own font; without it reportlab sets Helvetica, listed unembedded.
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), INK),
        ("TEXTCOLOR", (0, 0), (-1, 0), WHITE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE),
    ]
    for index in range(1, len(data)):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), ORANGE_PALE))
    for row in emphasis:
        commands.append(("LINEABOVE", (0, row + 1), (-1, row + 1), 0.8, INK))
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def totalled(
    rows: Sequence[Sequence[Cell]], total: Sequence[Cell]
) -> tuple[list[list[Cell]], list[int]]:
    """``rows`` with their totals row under them, and that row's index for ``emphasis``;
    no totals row under no rows."""
    if not rows:
        return [], []
    return [list(row) for row in rows] + [list(total)], [len(rows)]


def section(title: str, body: Sequence[Flowable]) -> list[Flowable]:
    """A heading and what it heads; the heading never stays alone at the foot of a page."""
    heading = Paragraph(escape(title), paragraph_styles().heading)
    return [CondPageBreak(30 * mm), KeepTogether([heading, *body])]
