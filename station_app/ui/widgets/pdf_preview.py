"""A PDF shown as pages on a grey desk: fit to the width, one under the other, scrolled.

Pages are rasterised by PDFium (``ui/pdf_pages.py``) on the preview's own background
thread, only those in view (and the next one), at the size they are shown: a 40-page
card sheet never renders pages nobody scrolls to, and the window never waits for a page.
Until its picture arrives a page is a blank sheet, and after a resize the old picture is
stretched for the moment it takes to draw the new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from station_app.domain.progress import Progress
from station_app.i18n import _
from station_app.ui.ops import Failure, Ops
from station_app.ui.pdf_pages import PageSize, document_pages, open_pdf, render_page
from station_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DESK = QColor("#E9E3DB")
EDGE = QColor("#CDBFB0")
SHADOW = QColor(60, 40, 20, 40)
MUTED = QColor("#8A7A6A")
MARGIN = 18  # around the pages
GAP = 16  # between two pages
MAX_PAGE_WIDTH = 1000  # on a wide screen a page stays a readable size, centred
KEEP_AROUND = 6  # pictures further than this from the view are dropped (memory)
SETTLE_MS = 120  # a resize or a scroll settles before pages are drawn again


@dataclass(frozen=True)
class _Pictures:
    generation: int
    widths: dict[int, int]  # as asked
    images: dict[int, QImage]


def _render(
    data: bytes, name: str, widths: dict[int, int], sizes: list[PageSize]
) -> dict[int, QImage]:
    """The pages in ``widths``, each ``widths[i]`` device pixels wide (renderer thread)."""
    with open_pdf(data, name) as document:
        return {
            index: render_page(document, index, width / sizes[index].width)
            for index, width in widths.items()
        }


class _Desk(QWidget):
    """Paints the pages at the rectangles the preview laid out."""

    def __init__(self, preview: PdfPreview) -> None:
        super().__init__()
        self._preview = preview
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), DESK)
        self.setPalette(palette)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._preview.lay_out()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        preview = self._preview
        if not preview.page_rects:
            painter.setPen(MUTED)
            painter.drawText(
                self.rect().adjusted(40, 40, -40, -40),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                preview.placeholder,
            )
            return
        for index, rect in enumerate(preview.page_rects):
            if not rect.adjusted(-4, -4, 4, 4).intersects(event.rect()):
                continue
            painter.fillRect(rect.translated(1, 3).adjusted(-1, -1, 1, 1), SHADOW)
            painter.fillRect(rect.adjusted(-1, -1, 1, 1), EDGE)
            painter.fillRect(rect, Qt.GlobalColor.white)
            pixmap = preview.pixmaps.get(index)
            if pixmap is not None:
                painter.drawPixmap(QRectF(rect), pixmap, QRectF(pixmap.rect()))
        painter.end()


class PdfPreview(QScrollArea):
    """``show_pdf(path)`` shows a file's pages; ``clear(text)`` shows a sentence instead."""

    pages_drawn = Signal()  # the pages in view have their pictures at the current size
    failed = Signal(str)  # the file could not be shown (translated)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        # Always there, so the page width does not jump when a long document arrives.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.placeholder = ""
        self.page_rects: list[QRect] = []
        self.pixmaps: dict[int, QPixmap] = {}
        self._drawn_at: dict[int, int] = {}  # the width each picture was asked for
        self._data: bytes | None = None
        self._name = ""  # the file's name, for messages
        self._sizes: list[PageSize] = []
        self._generation = 0
        self._busy = False
        # Its own thread: drawing a page never waits behind a report or a backup, and the
        # status bar does not flicker while the attendant scrolls.
        self._renderer = TaskRunner(self)
        self._ops = Ops(self._renderer)  # reads only, on the preview's own thread
        self._desk = _Desk(self)
        self.setWidget(self._desk)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._draw_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._settle.start())

    # -- what is shown ----------------------------------------------------------------

    def show_pdf(self, path: Path) -> None:
        """Show the pages of ``path`` (read now, so the file may be replaced afterwards)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.warning("cannot read %s for the preview: %s", path, exc)
            self.clear(_("{file} cannot be read. Make it again.").format(file=path.name))
            self.failed.emit(self.placeholder)
            return
        self._name = path.name
        self._start(data)

    def clear(self, text: str = "") -> None:
        self._generation += 1
        self._data = None
        self._sizes = []
        self.pixmaps = {}
        self._drawn_at = {}
        self.placeholder = text
        self.lay_out()

    def page_count(self) -> int:
        return len(self._sizes)

    def drawn_pages(self) -> list[int]:
        """The pages whose picture is drawn at the size they are shown now."""
        return [index for index in sorted(self.pixmaps) if self._is_current(index)]

    def wait(self, msecs: int = -1) -> bool:
        return self._renderer.wait(msecs)

    # -- layout -----------------------------------------------------------------------

    def lay_out(self) -> None:
        """Page rectangles for the current width; all pages share one scale."""
        self.page_rects = []
        if self._sizes:
            widest = max(size.width for size in self._sizes)
            room = max(self._desk.width() - 2 * MARGIN, 80)
            scale = min(room, MAX_PAGE_WIDTH) / widest
            top = MARGIN
            for size in self._sizes:
                width, height = round(size.width * scale), round(size.height * scale)
                left = (self._desk.width() - width) // 2
                self.page_rects.append(QRect(left, top, width, height))
                top += height + GAP
            self._desk.setMinimumHeight(top - GAP + MARGIN)
        else:
            self._desk.setMinimumHeight(0)
        self._desk.update()
        self._settle.start()

    def _visible_pages(self) -> list[int]:
        """Pages in view and the one after it (the next to be scrolled to)."""
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        shown = [
            index
            for index, rect in enumerate(self.page_rects)
            if rect.bottom() >= top and rect.top() <= bottom
        ]
        if shown and shown[-1] + 1 < len(self.page_rects):
            shown.append(shown[-1] + 1)
        return shown

    def _device_width(self, index: int) -> int:
        return round(self.page_rects[index].width() * self.devicePixelRatioF())

    def _is_current(self, index: int) -> bool:
        # PDFium may round a picture one pixel wider than asked: compare what was asked.
        return (
            index in self.pixmaps
            and index < len(self.page_rects)
            and self._drawn_at.get(index) == self._device_width(index)
        )

    # -- drawing in the background ------------------------------------------------------

    def _start(self, data: bytes) -> None:
        self.clear()
        self._data = data
        generation, name = self._generation, self._name

        def opened(result: list[PageSize]) -> None:
            if generation != self._generation:
                return
            self._sizes = result
            self.verticalScrollBar().setValue(0)
            self.lay_out()
            self._draw_visible()

        def failed(failure: Failure) -> None:
            if generation == self._generation:
                self._failed(failure)

        self._ops.read(lambda _progress: document_pages(data, name)).with_progress(
            _("Showing the preview")
        ).success(opened).failure(failed).run_in_background()

    def _draw_visible(self) -> None:
        if self._busy or self._data is None or not self.page_rects:
            return
        visible = self._visible_pages()
        widths = {
            index: self._device_width(index) for index in visible if not self._is_current(index)
        }
        if not widths:
            self._forget_far(visible)
            self.pages_drawn.emit()
            return
        self._busy = True
        data, name, sizes = self._data, self._name, list(self._sizes)
        generation = self._generation

        def work(_progress: Progress) -> _Pictures:
            return _Pictures(generation, widths, _render(data, name, widths, sizes))

        def failed(failure: Failure) -> None:
            self._busy = False
            if generation == self._generation:
                self._failed(failure)

        self._ops.read(work).with_progress(_("Showing the preview")).success(self._drawn).failure(
            failed
        ).run_in_background()

    def _drawn(self, result: _Pictures) -> None:
        self._busy = False
        if result.generation != self._generation:
            self._draw_visible()  # a newer document or width is waiting
            return
        ratio = self.devicePixelRatioF()
        for index, image in result.images.items():
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self.pixmaps[index] = pixmap
            self._drawn_at[index] = result.widths[index]
        self._desk.update()
        self._draw_visible()  # the width may have changed meanwhile

    def _forget_far(self, visible: list[int]) -> None:
        if not visible:
            return
        first, last = visible[0], visible[-1]
        for index in list(self.pixmaps):
            if index < first - KEEP_AROUND or index > last + KEEP_AROUND:
                del self.pixmaps[index]
                self._drawn_at.pop(index, None)

    def _failed(self, failure: Failure) -> None:
        self.clear(failure.text)
        self.failed.emit(failure.text)
