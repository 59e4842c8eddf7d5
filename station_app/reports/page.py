"""The page template: A4 pages with header and footer hooks and "第 x 页 / 共 y 页".

A page cannot know how many pages follow while it is being drawn, so ``NumberedCanvas``
draws in two passes: each finished page is held back, and ``save()`` replays them,
letting the hook draw headers and footers with the final total before writing anything.
The card sheet draws on this canvas directly; flowing documents (the weekly report) use
``build_a4``, which wraps reportlab's platypus around the same canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from station_app import APP_NAME
from station_app.i18n import _, current_language
from station_app.reports.fonts import FONT, register_fonts
from station_app.reports.styles import MUTED, RULE

PAGE_WIDTH, PAGE_HEIGHT = A4


@dataclass(frozen=True)
class PageInfo:
    """Which page a hook is decorating, and how many there are in all."""

    number: int
    total: int
    width: float
    height: float


PageHook = Callable[[Canvas, PageInfo], None]


@dataclass(frozen=True)
class Margins:
    """Page margins in points; the header and footer are drawn inside them."""

    top: float = 22 * mm
    bottom: float = 20 * mm
    left: float = 18 * mm
    right: float = 18 * mm


def page_label(number: int, total: int) -> str:
    """第 1 页 / 共 2 页 — Page 1 of 2."""
    return _("Page {page} of {total}").format(page=number, total=total)


def pdf_language() -> str:
    """The document language for PDF readers and screen readers: zh-CN, en."""
    return current_language().replace("_", "-")


class NumberedCanvas(Canvas):
    """A canvas that holds every page until ``save()`` so each page knows the total.

    ``decorate`` is called once per page, in the second pass, with the page's number and
    the total; it draws headers, footers and page numbers over the page's content.
    """

    def __init__(
        self, filename: str | IO[bytes], *, decorate: PageHook | None = None, **kwargs: Any
    ) -> None:
        if kwargs.get("initialFontName") is None:
            # Otherwise every page starts in Helvetica, which would be listed, unembedded.
            kwargs["initialFontName"] = register_fonts()
        kwargs.setdefault("pageCompression", 1)
        kwargs.setdefault("lang", pdf_language())
        super().__init__(filename, **kwargs)
        self.setCreator(APP_NAME)
        self._decorate = decorate
        self._held_pages: list[dict[str, Any]] = []

    @property
    def page_count(self) -> int:
        """Pages finished so far (all of them, once ``save()`` has run)."""
        return len(self._held_pages)

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        if self._code:  # a page drawn but not yet shown
            self.showPage()
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            if self._decorate is not None:
                width, height = self._pagesize
                self.saveState()
                self._decorate(self, PageInfo(number, total, width, height))
                self.restoreState()
            super().showPage()
        super().save()


def standard_footer(canvas: Canvas, page: PageInfo, margins: Margins = Margins()) -> None:
    """A hairline above the footer and the page number, centred."""
    y = margins.bottom - 9 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(margins.left, margins.bottom - 5 * mm, page.width - margins.right,
                margins.bottom - 5 * mm)  # fmt: skip
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(page.width / 2, y, page_label(page.number, page.total))


def build_a4(
    story: Iterable[Flowable],
    target: str | IO[bytes],
    *,
    title: str,
    author: str = "",
    header: PageHook | None = None,
    footer: PageHook | None = standard_footer,
    margins: Margins = Margins(),
) -> int:
    """Lay ``story`` out on numbered A4 pages; returns the number of pages.

    ``header`` and ``footer`` draw in the margins (their PageInfo carries the total).
    """
    register_fonts()

    def decorate(canvas: Canvas, page: PageInfo) -> None:
        for hook in (header, footer):
            if hook is not None:
                hook(canvas, page)

    made: list[NumberedCanvas] = []  # platypus makes the canvas; keep it to count its pages

    def make_canvas(*args: Any, **kwargs: Any) -> NumberedCanvas:
        made.append(NumberedCanvas(*args, decorate=decorate, **kwargs))
        return made[-1]

    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=author,
        creator=APP_NAME,
        initialFontName=FONT,
        lang=pdf_language(),
    )
    frame = Frame(
        margins.left, margins.bottom, doc.width, doc.height, id="body",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=make_canvas)
    return made[-1].page_count
