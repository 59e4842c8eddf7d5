"""Colours and paragraph styles shared by every printed document.

One accent colour, the union's "orange care" (#E8711A), used sparingly (bands, rules, key
figures) so pages stay readable when printed in black and white; text is near-black ink.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from station_app.reports.fonts import register_fonts

# Hex strings, so the PNG e-card (Pillow) paints exactly the same colours as the PDFs.
ORANGE_HEX = "#E8711A"  # "orange care": the union's accent
ORANGE_PALE_HEX = "#FCEBDD"  # table stripes, soft backgrounds
INK_HEX = "#1F1F1F"  # body text: near-black prints crisper than grey on cheap lasers
MUTED_HEX = "#6B6B6B"  # labels and secondary text
RULE_HEX = "#C9C9C9"  # hairlines, cutting guides

ORANGE = HexColor(ORANGE_HEX)
ORANGE_PALE = HexColor(ORANGE_PALE_HEX)
INK = HexColor(INK_HEX)
MUTED = HexColor(MUTED_HEX)
RULE = HexColor(RULE_HEX)
WHITE: Color = white


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    table_cell: ParagraphStyle
    table_header: ParagraphStyle
    figure: ParagraphStyle  # a key figure: a big number
    caption: ParagraphStyle


def paragraph_styles() -> Styles:
    """The document styles, in the bundled font (registered here if need be).

    ``wordWrap="CJK"`` lets a line break between any two Chinese characters; without it
    reportlab breaks only at spaces and a Chinese sentence overflows its frame.
    """
    font = register_fonts()
    base = ParagraphStyle(
        "body", fontName=font, fontSize=10, leading=15, textColor=INK, wordWrap="CJK"
    )
    return Styles(
        title=ParagraphStyle("title", base, fontSize=20, leading=26, spaceAfter=6),
        heading=ParagraphStyle(
            "heading",
            base,
            fontSize=13,
            leading=18,
            spaceBefore=10,
            spaceAfter=4,
            textColor=ORANGE,
        ),
        body=base,
        small=ParagraphStyle("small", base, fontSize=8, leading=11, textColor=MUTED),
        table_cell=ParagraphStyle("table_cell", base, fontSize=9, leading=12),
        table_header=ParagraphStyle("table_header", base, fontSize=9, leading=12, textColor=WHITE),
        figure=ParagraphStyle(
            "figure", base, fontSize=22, leading=26, alignment=TA_CENTER, textColor=INK
        ),
        caption=ParagraphStyle(
            "caption", base, fontSize=8, leading=11, alignment=TA_LEFT, textColor=MUTED
        ),
    )
