"""QR codes for cards: one module matrix, drawn as PDF vectors or as PNG pixels.

The matrix comes from ``qrcode`` (a card's text is upper-case alphanumeric, so qrcode
picks the compact alphanumeric mode by itself). Error correction Q (25 %) because a card
lives in a pocket: scuffs, creases and a thumb over a corner still scan. Every drawing
keeps the 4-module quiet zone the standard requires, painted white, so a code printed
on a coloured or busy background still has its margin.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
import qrcode.constants
from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white on every side (ISO/IEC 18004)


@dataclass(frozen=True)
class QrMatrix:
    """The modules of one QR symbol, ``True`` = dark, without the quiet zone."""

    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def size_with_quiet_zone(self) -> int:
        return self.size + 2 * QUIET_ZONE

    def dark_runs(self) -> list[tuple[int, int, int]]:
        """(row, first column, length) of each horizontal run of dark modules."""
        runs = []
        for r, row in enumerate(self.rows):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    runs.append((r, start, c - start))
                else:
                    c += 1
        return runs


def qr_matrix(text: str) -> QrMatrix:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(text)
    code.make(fit=True)
    return QrMatrix(tuple(tuple(bool(m) for m in row) for row in code.get_matrix()))


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, symbol_size: float) -> None:
    """Draw the symbol with its lower-left corner at (x, y), ``symbol_size`` points wide.

    The white quiet zone is painted around it, outside that square. All dark modules
    form one filled path: separate touching rectangles would show hairline seams where a
    renderer anti-aliases each edge, and a seam can break a decode.
    """
    module = symbol_size / matrix.size
    quiet = QUIET_ZONE * module
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x - quiet, y - quiet, symbol_size + 2 * quiet, symbol_size + 2 * quiet,
                stroke=0, fill=1)  # fmt: skip
    path = canvas.beginPath()
    top = y + symbol_size
    for row, column, length in matrix.dark_runs():
        path.rect(x + column * module, top - (row + 1) * module, length * module, module)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
