"""The PDF preview: pages drawn at the width they are shown, again after a resize, the
pages scrolled to drawn when they come into view, and a broken file explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_app.reports.cards import card_sheet_pdf
from station_app.ui.widgets.pdf_preview import PdfPreview
from tests.reports.tools import Issuer

WAIT_MS = 20_000


@pytest.fixture
def sheets(tmp_path: Path) -> Path:
    """Three A4 pages of cards (25 cards, 10 to a page)."""
    issuer = Issuer()
    return card_sheet_pdf([issuer.card(n) for n in range(1, 26)], tmp_path / "cards.pdf")


@pytest.fixture
def preview(qtbot: QtBot) -> Iterator[PdfPreview]:
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    assert widget.wait(10_000)


def drawn_at_width(preview: PdfPreview, index: int) -> bool:
    """Page ``index`` has a picture as wide as the page is shown (within PDFium's rounding)."""
    pixmap = preview.pixmaps.get(index)
    if pixmap is None or index not in preview.drawn_pages():
        return False
    shown = preview.page_rects[index].width() * preview.devicePixelRatioF()
    return abs(pixmap.width() - shown) <= 1


def test_the_pages_fill_the_width_and_only_those_in_view_are_drawn(
    qtbot: QtBot, preview: PdfPreview, sheets: Path
) -> None:
    preview.show_pdf(sheets)

    qtbot.waitUntil(lambda: drawn_at_width(preview, 0), timeout=WAIT_MS)
    assert preview.page_count() == 3
    first = preview.page_rects[0]
    assert preview.viewport().width() - first.width() < 60  # fit to the width, small margins
    assert first.height() > first.width()  # A4 upright
    # The last page is far below the view: not drawn until it is scrolled to.
    assert 2 not in preview.pixmaps


def test_after_a_resize_the_pages_are_drawn_again_at_the_new_width(
    qtbot: QtBot, preview: PdfPreview, sheets: Path
) -> None:
    preview.show_pdf(sheets)
    qtbot.waitUntil(lambda: drawn_at_width(preview, 0), timeout=WAIT_MS)
    before = preview.page_rects[0].width()

    preview.resize(420, 500)

    qtbot.waitUntil(lambda: preview.page_rects[0].width() < before, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: drawn_at_width(preview, 0), timeout=WAIT_MS)


def test_scrolling_to_the_end_draws_the_last_page(
    qtbot: QtBot, preview: PdfPreview, sheets: Path
) -> None:
    preview.show_pdf(sheets)
    qtbot.waitUntil(lambda: drawn_at_width(preview, 0), timeout=WAIT_MS)

    bar = preview.verticalScrollBar()
    bar.setValue(bar.maximum())

    qtbot.waitUntil(lambda: drawn_at_width(preview, 2), timeout=WAIT_MS)


def test_a_file_that_is_not_a_pdf_is_explained_in_place_of_the_pages(
    qtbot: QtBot, preview: PdfPreview, tmp_path: Path
) -> None:
    broken = tmp_path / "report.pdf"
    broken.write_bytes(b"%PDF-1.4 cut off by a full disk")

    with qtbot.waitSignal(preview.failed, timeout=WAIT_MS) as failure:
        preview.show_pdf(broken)

    (text,) = failure.args
    assert "report.pdf" in text
    assert preview.placeholder == text
    assert preview.page_count() == 0
