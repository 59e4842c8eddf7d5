"""The page template every document shares: the font, numbered pages, header/footer hooks."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph

from station_app.reports.fonts import FONT, register_fonts
from station_app.reports.page import PageInfo, build_a4, page_label
from station_app.reports.styles import paragraph_styles
from tests.reports.tools import needs_poppler, pdf_fonts, pdf_pages, pdf_text


def test_the_font_is_registered_once_under_one_name() -> None:
    assert register_fonts() == FONT
    assert register_fonts() == FONT
    assert pdfmetrics.getRegisteredFontNames().count(FONT) == 1
    styles = paragraph_styles()
    assert styles.body.fontName == FONT
    assert styles.body.wordWrap == "CJK"


def test_the_page_label_is_chinese_by_default() -> None:
    assert page_label(1, 2) == "第 1 页 / 共 2 页"


def _story(paragraphs: int) -> list[object]:
    styles = paragraph_styles()
    story: list[object] = [Paragraph("驿站周报 <b>测试</b>", styles.title)]
    story += [
        Paragraph(f"第 {n} 段：环卫工人、快递员和外卖骑手在驿站休息、喝水、充电。" * 3, styles.body)
        for n in range(paragraphs)
    ]
    return story


@needs_poppler
def test_a_tiny_document_is_numbered_page_x_of_y(tmp_path: Path) -> None:
    target = tmp_path / "tiny.pdf"
    with target.open("wb") as stream:
        pages = build_a4([*_story(2), PageBreak(), *_story(1)], stream, title="测试文档")
    assert pages == 2
    assert pdf_pages(target) == 2
    first, second = pdf_text(target, page=1), pdf_text(target, page=2)
    assert "第 1 页 / 共 2 页" in first
    assert "驿站周报" in first
    assert "第 2 页 / 共 2 页" in second
    # Only the bundled face, embedded as a subset: not even the title's <b> falls back to
    # Helvetica (which has no Chinese and would not be embedded).
    fonts = pdf_fonts(target)
    assert fonts
    assert all("WenQuanYiMicroHei" in f.name and f.embedded and f.subset for f in fonts)


@needs_poppler
def test_a_long_chinese_text_flows_onto_more_pages(tmp_path: Path) -> None:
    target = tmp_path / "long.pdf"
    pages = build_a4(_story(60), str(target), title="长文档")
    assert pages >= 2
    assert f"第 {pages} 页 / 共 {pages} 页" in pdf_text(target, page=pages)


@needs_poppler
def test_header_and_footer_hooks_see_every_page_with_the_total(tmp_path: Path) -> None:
    seen: list[PageInfo] = []

    def header(canvas: Canvas, page: PageInfo) -> None:
        seen.append(page)
        canvas.setFont(FONT, 9)
        canvas.drawString(50, page.height - 40, f"页眉 {page.number}/{page.total}")

    target = tmp_path / "hooks.pdf"
    build_a4([*_story(1), PageBreak(), *_story(1), PageBreak(), *_story(1)], str(target),
             title="页眉", header=header, footer=None)  # fmt: skip
    assert [(p.number, p.total) for p in seen] == [(1, 3), (2, 3), (3, 3)]
    text = pdf_text(target, page=3)
    assert "页眉 3/3" in text
    assert "第 3 页" not in text  # no footer was asked for
