"""Printing a PDF through Qt: printed into a PDF file here, then looked at with poppler.

The printer is real Qt (QPrinter writing a PDF, as "Microsoft Print to PDF" would); what
comes out is compared with the source document rendered by poppler, page by page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from PySide6.QtGui import QPageLayout, QPageRanges, QPageSize
from PySide6.QtPrintSupport import QPrinter

from station_app.domain.errors import ServiceError
from station_app.reports.cards import card_sheet_pdf, single_card_pdf
from station_app.ui.printing import document_pages, new_printer, print_pdf, sheets
from tests.reports.tools import Issuer, needs_poppler

pytestmark = needs_poppler

DPI = 40  # enough to compare pages, small enough to be quick


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    """Two pages of cards, each page different (card numbers 1–10, then 11–12)."""
    issuer = Issuer()
    return card_sheet_pdf([issuer.card(n) for n in range(1, 13)], tmp_path / "cards.pdf")


def pdf_printer(pdf: Path, output: Path) -> QPrinter:
    printer = new_printer(document_pages(pdf))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    return printer


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    (line,) = [line for line in info.stdout.splitlines() if line.startswith("Pages:")]
    return int(line.split()[1])


def pictures(pdf: Path, folder: Path, name: str) -> list[Image.Image]:
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(folder / name)], check=True
    )
    return [Image.open(path).convert("L") for path in sorted(folder.glob(f"{name}-*.png"))]


def ink(picture: Image.Image) -> float:
    """How much of the page is not white (0 blank … 1 black)."""
    return 1 - ImageStat.Stat(picture).mean[0] / 255


def difference(one: Image.Image, other: Image.Image) -> float:
    """Mean difference of two pages (0 the same … 1 opposite), at the first one's size.

    Slightly blurred: a QR module drawn half a pixel aside by another renderer is the same
    page; a page of other cards differs by about 0.12.
    """
    blur = ImageFilter.BoxBlur(2)
    one, other = one.filter(blur), other.resize(one.size).filter(blur)
    return ImageStat.Stat(ImageChops.difference(one, other)).mean[0] / 255


def test_every_page_is_printed_as_it_looks_in_the_document(sheet: Path, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"

    sent = print_pdf(sheet, pdf_printer(sheet, printed))

    assert sent == 2
    assert page_count(printed) == page_count(sheet) == 2
    source, result = pictures(sheet, tmp_path, "source"), pictures(printed, tmp_path, "printed")
    for before, after in zip(source, result, strict=True):
        assert ink(after) > 0.03, "a printed page is blank"
        assert difference(before, after) < 0.04, "a printed page does not look like the source"
    # The two pages differ, so the comparison above would notice pages printed out of order.
    assert difference(source[0], source[1]) > 0.08


def test_a_page_range_prints_only_those_pages(sheet: Path, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"
    printer = pdf_printer(sheet, printed)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addPage(2)
    printer.setPageRanges(ranges)

    assert print_pdf(sheet, printer) == 1

    (page,) = pictures(printed, tmp_path, "printed")
    first, second = pictures(sheet, tmp_path, "source")
    assert difference(second, page) < difference(first, page)


def test_copies_are_printed_collated_when_the_printer_cannot_make_them(
    sheet: Path, tmp_path: Path
) -> None:
    printed = tmp_path / "printed.pdf"
    printer = pdf_printer(sheet, printed)
    assert not printer.supportsMultipleCopies()  # a PDF file: the pages are sent again
    printer.setCopyCount(2)
    printer.setCollateCopies(True)

    assert sheets(printer, 2) == [0, 1, 0, 1]
    assert print_pdf(sheet, printer) == 4
    assert page_count(printed) == 4

    printer.setCollateCopies(False)
    assert sheets(printer, 2) == [0, 0, 1, 1]


def test_a_small_page_prints_at_its_actual_size_in_the_middle_of_the_paper(
    tmp_path: Path,
) -> None:
    # A single card (85.6 × 54 mm) on A4: it must come out card-sized to be cut out.
    card = single_card_pdf(Issuer().card(1), tmp_path / "card.pdf")
    printed = tmp_path / "printed.pdf"
    printer = pdf_printer(card, printed)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # as chosen in the dialog
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)

    print_pdf(card, printer)

    (page,) = pictures(printed, tmp_path, "printed")
    left, top, right, bottom = Image.eval(page, lambda v: 255 - v).getbbox() or (0, 0, 0, 0)
    width_mm = (right - left) / DPI * 25.4
    assert 80 < width_mm <= 86.5, f"the card printed {width_mm:.1f} mm wide"
    across, down = ((left + right) / 2 / DPI * 25.4, (top + bottom) / 2 / DPI * 25.4)
    assert abs(across - 105) < 3 and abs(down - 148.5) < 3, "not in the middle of the sheet"


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_printed(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("not a PDF at all", encoding="utf-8")
    printed = tmp_path / "printed.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))

    with pytest.raises(ServiceError, match=r"report\.pdf"):
        print_pdf(fake, printer)

    assert not printed.exists()
