"""The bundled CJK font, registered with reportlab once under one name every document uses.

reportlab draws only TrueType outlines: WenQuanYi Micro Hei (a .ttc; subfont 0 is the
proportional face, and it has Latin letters too) works, Noto CJK (CFF) is refused. A
TrueType font is embedded as a subset, so a PDF stays small and renders on a PC without
Chinese fonts.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from station_app.domain.errors import ServiceError
from station_app.i18n import _
from station_app.resources import bundled_font

FONT = "StationSans"  # the name styles, tables and canvases use; the PDF shows the real one
_lock = threading.Lock()  # reports run on a worker thread; the GUI thread may print too
_registered = False


def register_fonts(font_file: Path | None = None) -> str:
    """Register the bundled font (idempotent, thread-safe) and return its reportlab name."""
    global _registered  # noqa: PLW0603 - reportlab's font registry is process-wide anyway
    if _registered:
        return FONT
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            _registered = True
            return FONT
        path = font_file or bundled_font()
        try:
            font = TTFont(FONT, str(path), subfontIndex=0)
        except (OSError, TTFError) as exc:
            raise ServiceError(
                _(
                    "The font file {path} is missing or damaged ({error}). Reinstall the app."
                ).format(path=path, error=exc)
            ) from exc
        pdfmetrics.registerFont(font)
        # The face has no bold or italic; map them to itself so <b> in a Paragraph never
        # falls back to Helvetica (which has no Chinese and would not be embedded).
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
        _registered = True
        return FONT


def text_width(text: str, size: float, char_space: float = 0.0) -> float:
    """Width in points of ``text`` set in the bundled font (registered if need be)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, FONT, size)) + char_space * max(len(text) - 1, 0)
