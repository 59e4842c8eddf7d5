"""PDF pages as pictures (PDFium through pypdfium2), for the preview and for printing.

Qt's own PDF module is in the 300 MB PySide6-Addons, so the pages are rasterised here and
drawn like any other image. PDFium is not thread-safe: every use holds ``PDFIUM_LOCK``,
whichever thread (the preview's renderer, the task runner printing) it runs on.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from station_app.domain.errors import ServiceError
from station_app.i18n import _

if TYPE_CHECKING:  # imported where a PDF is opened: not at every start of the app
    import pypdfium2 as pdfium

log = logging.getLogger(__name__)

PDFIUM_LOCK = threading.Lock()
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageSize:
    """A page's size in PDF points (1/72 inch), as it is shown (rotation applied)."""

    width: float
    height: float


def unreadable(name: str) -> ServiceError:
    return ServiceError(
        _(
            "{file} cannot be read as a PDF file. Make it again, or open it in another program."
        ).format(file=name)
    )


@contextlib.contextmanager
def open_pdf(source: Path | bytes, name: str = "") -> Iterator[pdfium.PdfDocument]:
    """The document, open and locked for this thread until the block ends.

    ``name`` names the file in messages when ``source`` is its contents.
    """
    import pypdfium2 as pdfium

    name = source.name if isinstance(source, Path) else name or "PDF"
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(source)
        except FileNotFoundError:
            raise ServiceError(
                _("{file} is gone: it was moved or deleted. Make it again.").format(file=name)
            ) from None
        except (pdfium.PdfiumError, OSError) as exc:
            log.warning("cannot open PDF %s: %s", name, exc)
            raise unreadable(name) from exc
        try:
            yield document
        finally:
            document.close()


def page_sizes(document: pdfium.PdfDocument) -> list[PageSize]:
    sizes = []
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        if page.get_rotation() in (90, 270):
            width, height = height, width
        sizes.append(PageSize(width, height))
        page.close()
    return sizes


def document_pages(source: Path | bytes, name: str = "") -> list[PageSize]:
    """The sizes of the pages of a file (or its contents, named ``name`` in messages)."""
    with open_pdf(source, name) as document:
        return page_sizes(document)


def render_page(document: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """Page ``index`` at ``scale`` pixels per point, on white (a QImage may cross threads)."""
    page = document[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        )
        # The QImage only borrows PDFium's buffer; the copy owns its pixels.
        return image.copy()
    finally:
        page.close()
