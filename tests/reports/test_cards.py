"""Printed cards: what a worker, an attendant with scissors and a scanner see on the PDF."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from station_app import i18n
from station_app.domain.cards import verify
from station_app.domain.errors import ServiceError
from station_app.reports.cards import card_sheet_pdf, single_card_pdf
from tests.reports.tools import (
    STATION,
    TODAY,
    Issuer,
    decode,
    needs_poppler,
    needs_zxing,
    pdf_fonts,
    pdf_page_size_mm,
    pdf_pages,
    pdf_text,
    render,
)

MM_AT_200_DPI = 200 / 25.4


@needs_poppler
def test_the_sheet_embeds_only_the_bundled_font_as_a_subset(issuer: Issuer, tmp_path: Path) -> None:
    pdf = card_sheet_pdf(issuer.cards(3), tmp_path / "cards.pdf")
    fonts = pdf_fonts(pdf)
    assert fonts, "the sheet has text, so it lists a font"
    assert all("WenQuanYiMicroHei" in f.name for f in fonts), fonts
    assert all(f.embedded and f.subset for f in fonts), fonts


@needs_poppler
def test_every_card_shows_name_occupation_station_and_number(
    issuer: Issuer, tmp_path: Path
) -> None:
    cards = issuer.cards(4)
    text = pdf_text(card_sheet_pdf(cards, tmp_path / "cards.pdf"))
    for card in cards:
        assert card.display_name in text
        assert card.occupation_label in text
        assert card.card_no in text
    assert text.count(STATION) == 4
    assert text.count("工会驿站服务卡") >= 4
    assert "发卡日期 2026-11-24" in text
    assert "有效期至 2027-11-24" in text  # the second card expires; the first does not
    assert text.count("有效期至") == 2


@needs_poppler
@needs_zxing
def test_each_page_scans_to_exactly_its_cards_codes_and_they_verify(
    issuer: Issuer, tmp_path: Path
) -> None:
    cards = issuer.cards(11)
    pdf = card_sheet_pdf(cards, tmp_path / "cards.pdf")
    pages = render(pdf, tmp_path / "png", dpi=200)
    assert len(pages) == 2
    for page, expected in zip(pages, (cards[:10], cards[10:]), strict=True):
        found = decode(page)
        assert sorted(d.text for d in found) == sorted(c.qr_text for c in expected)
        for decoded in found:
            claim = verify(decoded.text, issuer.keyring, TODAY)
            assert claim.card_no in {c.card_no for c in expected}
            # Large enough for a phone camera at arm's length or a USB scanner.
            assert decoded.width_px / MM_AT_200_DPI >= 28


@needs_poppler
def test_eleven_cards_make_two_numbered_pages(issuer: Issuer, tmp_path: Path) -> None:
    pdf = card_sheet_pdf(issuer.cards(11), tmp_path / "cards.pdf")
    assert pdf_pages(pdf) == 2
    first = pdf_text(pdf, page=1)
    assert "第 1 页 / 共 2 页" in first
    assert "请按实际大小（100%）打印" in first  # "fit to page" would shrink the cards
    second = pdf_text(pdf, page=2)
    assert "第 2 页 / 共 2 页" in second
    assert "HF-LY-000011" in second
    assert "HF-LY-000010" not in second


@needs_poppler
def test_ten_cards_fill_exactly_one_page(issuer: Issuer, tmp_path: Path) -> None:
    pdf = card_sheet_pdf(issuer.cards(10), tmp_path / "cards.pdf")
    assert pdf_pages(pdf) == 1
    assert "第 1 页 / 共 1 页" in pdf_text(pdf)


@needs_poppler
@needs_zxing
def test_a_single_card_is_card_sized_and_scans(issuer: Issuer, tmp_path: Path) -> None:
    card = issuer.card(7, "李小龙", ("外卖骑手", "food_delivery"), TODAY.replace(year=2027))
    pdf = single_card_pdf(card, tmp_path / "card.pdf")
    width, height = pdf_page_size_mm(pdf)
    assert (round(width, 1), round(height, 1)) == (85.6, 54.0)
    text = pdf_text(pdf)
    for expected in ("李小龙", "外卖骑手", STATION, "HF-LY-000007", "有效期至 2027-11-24"):
        assert expected in text
    assert all(f.embedded and f.subset for f in pdf_fonts(pdf))
    (page,) = render(pdf, tmp_path / "png", dpi=200)
    (decoded,) = decode(page)
    assert decoded.text == card.qr_text
    assert verify(decoded.text, issuer.keyring, TODAY).card_no == "HF-LY-000007"


@needs_poppler
def test_a_long_name_is_shortened_not_spilled_over_the_code(issuer: Issuer, tmp_path: Path) -> None:
    name = "阿卜杜热合曼·买买提明·艾则孜·阿不都克力木"
    pdf = single_card_pdf(issuer.card(1, name), tmp_path / "card.pdf")
    text = pdf_text(pdf)
    assert name not in text
    assert "阿卜杜热合曼" in text
    assert "…" in text


@needs_poppler
def test_the_sheet_speaks_english_when_the_app_does(issuer: Issuer, tmp_path: Path) -> None:
    i18n.install("en")
    text = pdf_text(card_sheet_pdf(issuer.cards(1), tmp_path / "cards.pdf"))
    assert "Rest station card" in text
    assert "Page 1 of 1" in text
    assert "Issued 11/24/26" in text


def test_no_cards_is_refused_in_chinese_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "cards.pdf"
    with pytest.raises(ServiceError, match="没有可打印的服务卡"):
        card_sheet_pdf([], target)
    assert list(tmp_path.iterdir()) == []


def test_a_card_without_a_code_is_refused(issuer: Issuer, tmp_path: Path) -> None:
    foreign = issuer.card(3)
    foreign = dataclasses.replace(foreign, qr_text="")
    with pytest.raises(ServiceError, match="HF-LY-000003"):
        card_sheet_pdf([issuer.card(1), foreign], tmp_path / "cards.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("make", [card_sheet_pdf, single_card_pdf])
def test_a_folder_that_is_a_file_is_explained_and_leaves_no_temporary_file(
    issuer: Issuer, tmp_path: Path, make: object
) -> None:
    not_a_folder = tmp_path / "reports"
    not_a_folder.write_text("I am a file")
    target = not_a_folder / "cards.pdf"
    card = issuer.card(1)
    with pytest.raises(ServiceError) as refused:
        if make is card_sheet_pdf:
            card_sheet_pdf([card], target)
        else:
            single_card_pdf(card, target)
    message = str(refused.value)
    assert str(target) in message
    assert "无法保存" in message
    assert "该位置应是文件夹，却有一个同名文件" in message  # what went wrong
    assert "换一个位置保存" in message  # and what to do
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
    assert not_a_folder.read_text() == "I am a file"


def test_printing_again_replaces_the_old_sheet_in_one_step(issuer: Issuer, tmp_path: Path) -> None:
    target = tmp_path / "cards.pdf"
    target.write_bytes(b"old sheet")
    card_sheet_pdf(issuer.cards(2), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["cards.pdf"]


def test_progress_is_reported_per_card(issuer: Issuer, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    card_sheet_pdf(
        issuer.cards(3), tmp_path / "cards.pdf", progress=lambda d, t, m="": seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
