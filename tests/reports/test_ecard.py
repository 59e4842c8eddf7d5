"""The phone e-card: a portrait PNG that a station's camera or scanner reads off a screen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from station_app.domain.cards import verify
from station_app.domain.errors import ServiceError
from station_app.reports.ecard import ecard_png
from tests.reports.tools import TODAY, Issuer, decode, needs_zxing


@needs_zxing
def test_the_ecard_scans_and_verifies(issuer: Issuer, tmp_path: Path) -> None:
    card = issuer.card(42, "欧阳娜娜", ("快递员", "courier"), TODAY.replace(year=2027))
    png = ecard_png(card, tmp_path / "ecard.png")
    with Image.open(png) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert width == 1080
    assert height > width  # portrait, for a phone screen
    (decoded,) = decode(png)
    assert decoded.text == card.qr_text
    assert verify(decoded.text, issuer.keyring, TODAY).card_no == "HF-LY-000042"
    assert decoded.width_px >= width * 0.6  # the code fills the screen's width


@needs_zxing
def test_a_small_ecard_still_scans(issuer: Issuer, tmp_path: Path) -> None:
    card = issuer.card(1, "阿卜杜热合曼·买买提明·艾则孜·阿不都克力木")
    png = ecard_png(card, tmp_path / "ecard.png", scale=1)
    with Image.open(png) as image:
        assert image.width == 360
    assert [d.text for d in decode(png)] == [card.qr_text]


def test_chinese_is_drawn_with_the_bundled_font(issuer: Issuer, tmp_path: Path) -> None:
    """Without the bundled font Pillow would draw boxes or nothing; compare with an e-card
    whose name differs only in its Chinese characters: the pixels must differ."""
    first = ecard_png(issuer.card(1, "张三"), tmp_path / "a.png")
    second = ecard_png(issuer.card(1, "李四"), tmp_path / "b.png")
    with Image.open(first) as a, Image.open(second) as b:
        top = (0, 0, a.width, a.height // 4)  # header and name, above the QR
        assert a.crop(top).tobytes() != b.crop(top).tobytes()


def test_a_bad_target_is_explained_and_leaves_nothing_behind(
    issuer: Issuer, tmp_path: Path
) -> None:
    blocker = tmp_path / "phone"
    blocker.write_text("a file, not a folder")
    with pytest.raises(ServiceError, match="无法保存"):
        ecard_png(issuer.card(1), blocker / "ecard.png")
    assert [p.name for p in tmp_path.iterdir()] == ["phone"]


def test_a_card_without_a_code_is_refused(issuer: Issuer, tmp_path: Path) -> None:
    card = issuer.card(5)
    card = dataclasses.replace(card, qr_text="")
    with pytest.raises(ServiceError, match="HF-LY-000005"):
        ecard_png(card, tmp_path / "ecard.png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("scale", [0, 7])
def test_an_unreasonable_scale_is_refused(issuer: Issuer, tmp_path: Path, scale: int) -> None:
    with pytest.raises(ServiceError, match="1 到 6"):
        ecard_png(issuer.card(1), tmp_path / "ecard.png", scale=scale)
    assert list(tmp_path.iterdir()) == []
