"""Printing a PDF file: Qt's print dialog, then each page painted onto the printer.

Qt cannot print a PDF by itself (its PDF module is in PySide6-Addons), so each page is
rasterised by PDFium at the printer's resolution, at most ``MAX_DPI`` (sharp on paper,
and a page stays some tens of megabytes), and drawn on the sheet. A page prints at its
actual size, centred, when it fits on the paper (cards must be cut along their marks) and
is shrunk to fit when it does not. Page ranges, copies, collation and last-page-first are
honoured where the printer driver does not handle them itself.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from station_app.domain.errors import ServiceError
from station_app.domain.progress import Progress, no_progress
from station_app.i18n import _
from station_app.ui.pdf_pages import (
    POINTS_PER_INCH,
    PageSize,
    document_pages,
    open_pdf,
    page_sizes,
    render_page,
)

log = logging.getLogger(__name__)

MAX_DPI = 300


def new_printer(pages: list[PageSize]) -> QPrinter:
    """A printer set up for the document: its paper size and orientation (first page)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pages:
        first = pages[0]
        portrait = QSizeF(min(first.width, first.height), max(first.width, first.height))
        size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setPageSize(size)
        landscape = first.width > first.height
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
    return printer


def ask_printer(parent: QWidget | None, pdf: Path) -> QPrinter | None:
    """The print dialog (printer, pages, copies); None when the attendant cancels."""
    pages = document_pages(pdf)
    printer = new_printer(pages)
    printer.setDocName(pdf.stem)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print {file}").format(file=pdf.name))
    dialog.setMinMax(1, max(len(pages), 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def sheets(printer: QPrinter, page_count: int) -> list[int]:
    """The pages (0-based) to paint, in order, copies included."""
    pages = list(range(page_count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [page for page in pages if ranges.contains(page + 1)]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    # Most drivers make the copies themselves; when one cannot, the pages are sent again.
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _copy in range(copies)]


def _target(page: PageSize, paper: QRectF, resolution: float) -> QRectF:
    """Where the page goes on the sheet: actual size and centred, shrunk if too big."""
    width = page.width / POINTS_PER_INCH * resolution
    height = page.height / POINTS_PER_INCH * resolution
    # A few points of slack: "A4" is not the same number of points in every program.
    shrink = min(1.0, paper.width() * 1.01 / width, paper.height() * 1.01 / height)
    width, height = width * shrink, height * shrink
    return QRectF(
        paper.left() + (paper.width() - width) / 2,
        paper.top() + (paper.height() - height) / 2,
        width,
        height,
    )


def print_pdf(pdf: Path, printer: QPrinter, *, progress: Progress = no_progress) -> int:
    """Paint ``pdf`` onto ``printer`` (any thread); returns the number of sheets printed.

    Raises ServiceError (translated) when the file cannot be read, nothing is to be
    printed, or the printer cannot be started.
    """
    with open_pdf(pdf) as document:
        sizes = page_sizes(document)
        order = sheets(printer, len(sizes))
        if not order:
            raise ServiceError(_("The pages chosen are not in the document: nothing to print."))
        printer.setFullPage(True)  # the PDF has its own margins
        painter = QPainter()
        if not painter.begin(printer):
            log.warning("printer %r could not be started", printer.printerName())
            raise ServiceError(
                _(
                    "The printer could not be started. Check that it is switched on and "
                    "connected, then print again."
                )
            )
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            resolution = printer.resolution()
            for done, index in enumerate(order):
                if done and not printer.newPage():
                    raise ServiceError(_("The printer stopped. Check it and print again."))
                target = _target(sizes[index], paper, resolution)
                dpi = (
                    min(resolution, MAX_DPI)
                    * target.width()
                    / (sizes[index].width / POINTS_PER_INCH * resolution)
                )
                image = render_page(document, index, dpi / POINTS_PER_INCH)
                painter.drawImage(target, image)
                progress(
                    done + 1,
                    len(order),
                    _("Page {page} of {total}").format(page=done + 1, total=len(order)),
                )
        finally:
            painter.end()
    return len(order)
