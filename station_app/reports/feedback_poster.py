"""The feedback poster: an A4 sheet for the station's wall, in Chinese, with the station's
name, a large QR code that opens HQ's rating page for this station, and four short lines
saying what to do. It carries no personal data (no attendant, no phone number).

The poster is always Chinese, whatever language the attendant's screen uses: it speaks to
the workers who rest at the station.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from station_app.domain.feedback import FeedbackPoster
from station_app.reports.fonts import FONT, register_fonts, text_width
from station_app.reports.output import atomic_output
from station_app.reports.qr import QUIET_ZONE, draw_qr, qr_matrix
from station_app.reports.textfit import fit_text

RED = HexColor("#b3261e")  # the union's red, as on the cards
GREY = HexColor("#555555")
QR_SIZE = 110 * mm  # scans from two metres with any phone
MARGIN = 18 * mm

HEADING = "扫码评价本驿站"
STEPS = (
    "① 用手机微信或浏览器扫描上面的二维码",
    "② 为本驿站打分：1–5 星",
    "③ 可以留言，提意见或建议",
    "④ 如需回电，可留下手机号（处理后即删除）",
)
NOTE = "不需要登记姓名。您的意见由总工会转给驿站，驿站会记录处理结果。"


def default_name(poster: FeedbackPoster) -> str:
    return f"feedback-poster-{poster.station_code}.pdf"


def _name_lines(name: str, width: float) -> list[tuple[str, float]]:
    """The station's name on one line if it fits at a readable size, else on two."""
    whole = fit_text(name, text_width, width, largest=40, smallest=26)
    if text_width(whole.text, whole.size) <= width and whole.text == name:
        return [(name, whole.size)]
    middle = (len(name) + 1) // 2
    halves = [name[:middle], name[middle:]]
    size = min(fit_text(half, text_width, width, largest=34, smallest=14).size for half in halves)
    return [(half, size) for half in halves]


def feedback_poster_pdf(poster: FeedbackPoster, target: Path) -> Path:
    """Write the poster to ``target`` (atomically); the path written."""
    register_fonts()
    page_width, page_height = A4
    inner = page_width - 2 * MARGIN
    with atomic_output(target) as stream:
        canvas = Canvas(stream, pagesize=A4)
        canvas.setTitle(f"{HEADING} · {poster.station_name}")
        canvas.setAuthor(poster.station_name)
        canvas.setSubject(poster.url)

        # A red band with the heading across the top.
        band = 34 * mm
        canvas.setFillColor(RED)
        canvas.rect(0, page_height - band, page_width, band, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(FONT, 40)
        canvas.drawCentredString(page_width / 2, page_height - band / 2 - 14, HEADING)

        y = page_height - band - 18 * mm
        canvas.setFillColor(black)
        for line, size in _name_lines(poster.station_name, inner):
            canvas.setFont(FONT, size)
            canvas.drawCentredString(page_width / 2, y - size, line)
            y -= size * 1.3
        y -= 8 * mm

        # From the bottom up: the note, the four steps, the address; the code takes the
        # room left under the name, up to QR_SIZE.
        step_size = min(
            fit_text(step, text_width, inner - 8 * mm, largest=20, smallest=12).size
            for step in STEPS
        )
        step_gap = step_size * 1.7
        steps_top = MARGIN + 18 * mm + len(STEPS) * step_gap
        url_y = steps_top + 8 * mm
        matrix = qr_matrix(poster.url)
        room = y - (url_y + 8 * mm)
        size = min(QR_SIZE, room * matrix.size / (matrix.size + 2 * QUIET_ZONE))
        quiet = size * QUIET_ZONE / matrix.size
        draw_qr(canvas, matrix, (page_width - size) / 2, y - quiet - size, size)
        # The address under the code, for a phone that cannot scan.
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 11)
        canvas.drawCentredString(page_width / 2, url_y, poster.url)

        canvas.setFillColor(black)
        canvas.setFont(FONT, step_size)
        y = steps_top
        for step in STEPS:
            canvas.drawString(MARGIN + 8 * mm, y - step_size, step)
            y -= step_gap

        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 11)
        canvas.drawCentredString(page_width / 2, MARGIN + 6 * mm, NOTE)
        canvas.drawCentredString(page_width / 2, MARGIN, f"驿站编号 {poster.station_code}")
        canvas.showPage()
        canvas.save()
    return target
