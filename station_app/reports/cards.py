"""Printed cards: an A4 sheet of ID-1 cards with cutting marks, or one card for a card printer.

Every card carries the worker's name and occupation, the station, the signed QR code
(at least 28 mm, so a phone camera or a USB scanner reads it at arm's length) and the card
number in large type for typing by hand when a scanner is missing or a code is damaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from station_app.domain.errors import ServiceError
from station_app.domain.printables import CardPrint
from station_app.domain.progress import Progress, no_progress
from station_app.i18n import _
from station_app.i18n.formatting import short_date
from station_app.reports.fonts import FONT, register_fonts, text_width
from station_app.reports.output import atomic_output
from station_app.reports.page import NumberedCanvas, PageInfo, page_label
from station_app.reports.qr import QUIET_ZONE, QrMatrix, draw_qr, qr_matrix
from station_app.reports.styles import INK, MUTED, ORANGE, RULE, WHITE
from station_app.reports.textfit import fit_text

# ID-1, the size of a bank card: fits a wallet, a badge holder and a card printer.
CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
COLUMNS, ROWS = 2, 5
CARDS_PER_SHEET = COLUMNS * ROWS

# Inside a card. Nothing coloured touches the edge: cards on the sheet are butted so one
# guillotine cut separates two of them, and a cut a millimetre off must not leave a
# sliver of the neighbour's orange band.
INSET = 3 * mm
BAND_HEIGHT = 11 * mm
QR_SYMBOL = 30 * mm  # the symbol itself; its white quiet zone lies around it
QR_RIGHT = 5 * mm  # from the card's right edge to the symbol
QR_BOTTOM = 5 * mm
TEXT_LEFT = 6 * mm

# Cutting marks: short lines in the sheet margin continuing each cut line, kept clear of
# the cards so the marks never print on a card.
MARK_GAP = 2 * mm
MARK_LENGTH = 6 * mm


@dataclass(frozen=True)
class _Sheet:
    """Where the grid of cards sits on the A4 page (centred)."""

    left: float = (A4[0] - COLUMNS * CARD_WIDTH) / 2
    bottom: float = (A4[1] - ROWS * CARD_HEIGHT) / 2

    @property
    def right(self) -> float:
        return self.left + COLUMNS * CARD_WIDTH

    @property
    def top(self) -> float:
        return self.bottom + ROWS * CARD_HEIGHT

    def origin(self, slot: int) -> tuple[float, float]:
        """Lower-left corner of the card in ``slot`` (0 = top left, reading order)."""
        row, column = divmod(slot, COLUMNS)
        return self.left + column * CARD_WIDTH, self.top - (row + 1) * CARD_HEIGHT


SHEET = _Sheet()


def check_printable(cards: Sequence[CardPrint]) -> None:
    """Refuse, with a translated message, what cannot become a card (PDF or e-card)."""
    if not cards:
        raise ServiceError(
            _("There are no cards to print. Choose at least one worker who has a card.")
        )
    for card in cards:
        if not card.qr_text:
            raise ServiceError(
                _(
                    "Card {card_no} cannot be printed here: it was issued by another "
                    "station, which holds its code."
                ).format(card_no=card.card_no)
            )


def _line(
    canvas: Canvas,
    text: str,
    at: tuple[float, float],
    width: float,
    *,
    sizes: tuple[float, float],
    char_space: float = 0.0,
) -> None:
    """One line at ``at`` in the largest of ``sizes`` (largest, smallest) that fits
    ``width``; past the smallest, ellipsized."""
    largest, smallest = sizes
    fitted = fit_text(
        text,
        lambda t, s: text_width(t, s, char_space),
        width,
        largest=largest,
        smallest=smallest,
    )
    # A text object, always with its own spacing: the canvas keeps the last spacing set
    # and would letter-space every later line.
    line = canvas.beginText(*at)
    line.setFont(FONT, fitted.size)
    line.setCharSpace(char_space)
    line.textOut(fitted.text)
    canvas.drawText(line)


def draw_card(canvas: Canvas, card: CardPrint, matrix: QrMatrix, x: float, y: float) -> None:
    """One card with its lower-left corner at (x, y)."""
    canvas.saveState()
    # The band: title and station, white on orange.
    band_left = x + INSET
    band_width = CARD_WIDTH - 2 * INSET
    band_bottom = y + CARD_HEIGHT - INSET - BAND_HEIGHT
    canvas.setFillColor(ORANGE)
    canvas.roundRect(band_left, band_bottom, band_width, BAND_HEIGHT, 1.6 * mm, stroke=0, fill=1)
    canvas.setFillColor(WHITE)
    left = x + TEXT_LEFT
    band_text = band_width - 2 * (TEXT_LEFT - INSET)
    title = _("Rest station card")
    _line(canvas, title, (left, band_bottom + 6.3 * mm), band_text, sizes=(10.5, 8), char_space=0.8)
    _line(canvas, card.station_name, (left, band_bottom + 2.2 * mm), band_text, sizes=(7, 5.5))

    # The QR, bottom right.
    qr_x = x + CARD_WIDTH - QR_RIGHT - QR_SYMBOL
    draw_qr(canvas, matrix, qr_x, y + QR_BOTTOM, QR_SYMBOL)

    # The person, the number to type, the dates: left of the QR, clear of its quiet zone.
    quiet = QUIET_ZONE * QR_SYMBOL / matrix.size
    column = qr_x - quiet - 2 * mm - left
    canvas.setFillColor(INK)
    _line(canvas, card.display_name, (left, y + 31 * mm), column, sizes=(15, 9))
    canvas.setFillColor(MUTED)
    _line(canvas, card.occupation_label, (left, y + 25.5 * mm), column, sizes=(8.5, 6.5))
    _line(canvas, _("Card no."), (left, y + 18 * mm), column, sizes=(6.5, 6.5))
    canvas.setFillColor(INK)
    _line(canvas, card.card_no, (left, y + 12.6 * mm), column, sizes=(13, 8), char_space=0.6)
    canvas.setFillColor(MUTED)
    issued = _("Issued {date}").format(date=short_date(card.issued_on))
    _line(canvas, issued, (left, y + 7.4 * mm), column, sizes=(6.5, 5.5))
    if card.expires_on is not None:
        expires = _("Valid until {date}").format(date=short_date(card.expires_on))
        _line(canvas, expires, (left, y + 4.4 * mm), column, sizes=(6.5, 5.5))
    canvas.restoreState()


def _cut_marks(canvas: Canvas) -> None:
    """Cutting marks in the sheet margin, continuing every cut line of the grid."""
    xs = [SHEET.left + c * CARD_WIDTH for c in range(COLUMNS + 1)]
    ys = [SHEET.bottom + r * CARD_HEIGHT for r in range(ROWS + 1)]
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.4)
    near, far = MARK_GAP, MARK_GAP + MARK_LENGTH
    for x in xs:
        canvas.line(x, SHEET.top + near, x, SHEET.top + far)
        canvas.line(x, SHEET.bottom - near, x, SHEET.bottom - far)
    for y in ys:
        canvas.line(SHEET.left - near, y, SHEET.left - far, y)
        canvas.line(SHEET.right + near, y, SHEET.right + far, y)
    canvas.restoreState()


def _cut_outline(canvas: Canvas, x: float, y: float) -> None:
    """A faint dotted outline of one printed card, for cutting with scissors."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.25)
    canvas.setDash(1, 2)
    canvas.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    canvas.restoreState()


def _sheet_margins(canvas: Canvas, page: PageInfo) -> None:
    """What the sheet is and the page number above the cards; how to print and cut it
    below. The text sits between the cutting marks, so neither hides the other."""
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 8)
    top = page.height - 8.5 * mm
    canvas.drawString(SHEET.left + 4 * mm, top, _("Rest station cards"))
    canvas.drawRightString(SHEET.right - 4 * mm, top, page_label(page.number, page.total))
    # "Fit to page" in a print dialog would shrink every card below ID-1 size.
    hint = _("Print at actual size (100%), then cut along the marks.")
    canvas.drawString(SHEET.left + 4 * mm, 6.5 * mm, hint)


def card_sheet_pdf(
    cards: Sequence[CardPrint], target: Path, *, progress: Progress = no_progress
) -> Path:
    """Write an A4 PDF of ``cards``, 2 × 5 per page with cutting marks; returns ``target``.

    Raises ServiceError (translated) for an empty list, a card without a code to print,
    or a file that cannot be written; ``target`` is then left as it was.
    """
    check_printable(cards)
    register_fonts()
    total = len(cards)
    with atomic_output(target) as stream:
        canvas = NumberedCanvas(stream, pagesize=A4, decorate=_sheet_margins)
        _describe(canvas, cards)
        for index, card in enumerate(cards):
            slot = index % CARDS_PER_SHEET
            if index and slot == 0:
                canvas.showPage()
            if slot == 0:
                _cut_marks(canvas)
            x, y = SHEET.origin(slot)
            _cut_outline(canvas, x, y)
            draw_card(canvas, card, qr_matrix(card.qr_text), x, y)
            progress(index + 1, total, _("Drawing cards"))
        canvas.save()
    return target


def single_card_pdf(card: CardPrint, target: Path) -> Path:
    """Write one card on a page of card size (85.6 × 54 mm), for a card printer."""
    check_printable([card])
    register_fonts()
    with atomic_output(target) as stream:
        canvas = NumberedCanvas(stream, pagesize=(CARD_WIDTH, CARD_HEIGHT))
        _describe(canvas, [card])
        draw_card(canvas, card, qr_matrix(card.qr_text), 0, 0)
        canvas.save()
    return target


def _describe(canvas: Canvas, cards: Sequence[CardPrint]) -> None:
    canvas.setTitle(_("Rest station cards"))
    canvas.setAuthor(cards[0].station_name)
