"""The e-card: a phone-screen PNG a worker keeps in the photo album and shows at a station.

Drawn with Pillow in the bundled font (so Chinese renders on a PC without Chinese fonts),
portrait, 1080 px wide by default. Layout is in "phone points" (a 360-point-wide screen)
multiplied by ``scale``; the QR's modules are whole pixels, so the code stays crisp and a
camera reading it off another screen sees clean edges.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from station_app.domain.errors import ServiceError
from station_app.domain.printables import CardPrint
from station_app.i18n import _
from station_app.i18n.formatting import short_date
from station_app.reports.cards import check_printable
from station_app.reports.output import atomic_output
from station_app.reports.qr import QUIET_ZONE, QrMatrix, qr_matrix
from station_app.reports.styles import INK_HEX, MUTED_HEX, ORANGE_HEX
from station_app.reports.textfit import fit_text
from station_app.resources import bundled_font

WIDTH, HEIGHT = 360, 720  # phone points; 1:2 suits today's tall phone screens
DEFAULT_SCALE = 3  # → 1080 × 2160 px, sharp on a 3× phone screen

PAPER = "#FFF6EF"  # a warm near-white around the white card panel
WHITE = "#FFFFFF"
BLACK = "#000000"  # the QR: full contrast, whatever the screen's brightness
MOST_SCALE = 6  # 2160 × 4320 px already; more only makes a heavier file

MARGIN = 20  # panel inset from the screen edge
PANEL_TOP = 150
QR_TOP = 222
QR_TARGET = 280  # the symbol's width, before rounding down to whole pixels per module


@lru_cache(maxsize=64)
def _font(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(bundled_font()), size, index=0)


class _Painter:
    """Draws in phone points on an image ``scale`` times larger."""

    def __init__(self, image: Image.Image, scale: int) -> None:
        self.draw = ImageDraw.Draw(image)
        self.scale = scale

    def text(
        self,
        text: str,
        y: float,
        *,
        largest: float,
        smallest: float,
        fill: str,
        width: float = WIDTH - 2 * MARGIN - 32,
        tracking: float = 0.0,
    ) -> None:
        """One line centred on the screen, its baseline at ``y``; shrunk or ellipsized."""
        s = self.scale

        def measure(t: str, size: float) -> float:
            return _font(size * s).getlength(t) / s + tracking * max(len(t) - 1, 0)

        fitted = fit_text(text, measure, width, largest=largest, smallest=smallest)
        font = _font(fitted.size * s)
        if not tracking:
            self.draw.text((WIDTH / 2 * s, y * s), fitted.text, font=font, fill=fill, anchor="ms")
            return
        # Pillow has no letter spacing: place the characters one by one.
        x = (WIDTH - measure(fitted.text, fitted.size)) / 2 * s
        for char in fitted.text:
            self.draw.text((x, y * s), char, font=font, fill=fill, anchor="ls")
            x += font.getlength(char) + tracking * s

    def box(self, box: tuple[float, float, float, float], fill: str, radius: float = 0) -> None:
        s = self.scale
        self.draw.rounded_rectangle(
            tuple(round(v * s) for v in box), radius=round(radius * s), fill=fill
        )

    def qr_module(self, matrix: QrMatrix) -> int:
        """Pixels per module: whole pixels, as many as fit the target width."""
        return max(1, int(QR_TARGET * self.scale / matrix.size))

    def qr_height(self, matrix: QrMatrix) -> float:
        """Height of the code and its quiet zone, in points."""
        return self.qr_module(matrix) * matrix.size_with_quiet_zone / self.scale

    def qr(self, matrix: QrMatrix, top: float) -> None:
        """The QR centred, its quiet zone starting at ``top``."""
        module = self.qr_module(matrix)
        symbol = module * matrix.size
        quiet = QUIET_ZONE * module
        left = (WIDTH * self.scale - symbol) // 2
        top_px = round(top * self.scale) + quiet
        self.draw.rectangle(
            (left - quiet, top_px - quiet, left + symbol + quiet - 1, top_px + symbol + quiet - 1),
            fill=WHITE,
        )
        for row, column, length in matrix.dark_runs():
            x0 = left + column * module
            y0 = top_px + row * module
            self.draw.rectangle((x0, y0, x0 + length * module - 1, y0 + module - 1), fill=BLACK)


def ecard_png(card: CardPrint, target: Path, *, scale: int = DEFAULT_SCALE) -> Path:
    """Write the card as a portrait PNG of 360 × 720 points × ``scale``; returns ``target``.

    Raises ServiceError (translated) for a card without a code or a file that cannot be
    written; ``target`` is then left as it was.
    """
    check_printable([card])
    if not 1 <= scale <= MOST_SCALE:
        raise ServiceError(
            _("The picture scale must be between 1 and {most}.").format(most=MOST_SCALE)
        )
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), PAPER)
    paint = _Painter(image, scale)

    matrix = qr_matrix(card.qr_text)
    below_qr = QR_TOP + paint.qr_height(matrix) + 22  # baseline of "card no."
    panel_bottom = below_qr + 92  # the panel ends just under the dates

    # Header: orange, the title and the station, with the white panel overlapping it.
    paint.box((0, 0, WIDTH, PANEL_TOP + 40), ORANGE_HEX)
    paint.text(_("Rest station card"), 62, largest=28, smallest=20, fill=WHITE, tracking=3)
    paint.text(card.station_name, 100, largest=15, smallest=11, fill=WHITE,
               width=WIDTH - 2 * MARGIN)  # fmt: skip
    paint.box((MARGIN, PANEL_TOP - 20, WIDTH - MARGIN, panel_bottom), WHITE, radius=18)

    # The person.
    paint.text(card.display_name, 180, largest=32, smallest=18, fill=INK_HEX)
    paint.text(card.occupation_label, 208, largest=16, smallest=12, fill=MUTED_HEX)

    # The code, then the number to type if the camera fails, then the dates.
    paint.qr(matrix, QR_TOP)
    paint.text(_("Card no."), below_qr, largest=13, smallest=13, fill=MUTED_HEX)
    paint.text(card.card_no, below_qr + 32, largest=26, smallest=14, fill=INK_HEX, tracking=1.5)
    dates = _("Issued {date}").format(date=short_date(card.issued_on))
    if card.expires_on is not None:
        expiry = _("Valid until {date}").format(date=short_date(card.expires_on))
        dates = f"{dates}    {expiry}"
    paint.text(dates, below_qr + 62, largest=13, smallest=10, fill=MUTED_HEX)

    paint.text(_("Show this code at a rest station to check in"), panel_bottom + 36,
               largest=14, smallest=11, fill=MUTED_HEX)  # fmt: skip

    with atomic_output(target) as stream:
        image.save(stream, format="PNG", optimize=True)
    return target
