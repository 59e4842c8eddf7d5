"""Looking at a finished PDF or PNG the way a user's tools would: poppler and zxing-cpp."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PIL import Image

from station_app.domain.cards import CardClaim, encode, key_id_of
from station_app.domain.printables import CardPrint

try:
    import zxingcpp
except ImportError:  # pragma: no cover - the dev extra installs it
    zxingcpp = None

POPPLER = ("pdftoppm", "pdftotext", "pdffonts", "pdfinfo")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="poppler-utils (pdftoppm, pdftotext, pdffonts, pdfinfo) is not installed; "
    "install it (apt-get install poppler-utils) to check the printed PDFs",
)
needs_zxing = pytest.mark.skipif(
    zxingcpp is None,
    reason="zxing-cpp is not installed (pip install -e '.[dev]'); it decodes the printed QR codes",
)

STATION = "合肥市庐阳区杏花村街道工会户外劳动者服务站点"
TODAY = dt.date(2026, 11, 24)
PEOPLE = [
    ("张三", "环卫工人", "sanitation"),
    ("李小龙", "外卖骑手", "food_delivery"),
    ("欧阳娜娜", "快递员", "courier"),
    ("王五", "建筑工人", "construction"),
    ("Wang Xiaoming", "家政服务员", "domestic"),
]


@dataclass
class Issuer:
    """A station's signing key, and the keyring a checking station would hold."""

    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def public(self) -> bytes:
        return self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id_of(self.public)

    @property
    def keyring(self) -> dict[str, bytes]:
        return {self.key_id: self.public}

    def card(
        self,
        number: int,
        name: str = "张三",
        occupation: tuple[str, str] = ("环卫工人", "sanitation"),
        expires_on: dt.date | None = None,
    ) -> CardPrint:
        card_no = f"HF-LY-{number:06d}"
        claim = CardClaim(self.key_id, card_no, occupation[1], TODAY, expires_on)
        return CardPrint(
            display_name=name,
            occupation_label=occupation[0],
            station_name=STATION,
            card_no=card_no,
            qr_text=encode(claim, self.key),
            issued_on=TODAY,
            expires_on=expires_on,
        )

    def cards(self, count: int) -> list[CardPrint]:
        made = []
        for i in range(count):
            name, label, code = PEOPLE[i % len(PEOPLE)]
            expires = TODAY.replace(year=TODAY.year + 1) if i % 2 else None
            made.append(self.card(i + 1, name, (label, code), expires))
        return made


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text in reading order. ``-raw`` keeps the spaces poppler otherwise drops
    between Chinese characters (so "第 1 页 / 共 2 页" reads as printed)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-raw", *pages, pdf, "-")


def pdf_pages(pdf: Path) -> int:
    for line in run("pdfinfo", pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo shows no page count")


def pdf_page_size_mm(pdf: Path) -> tuple[float, float]:
    for line in run("pdfinfo", pdf).splitlines():
        if line.startswith("Page size:"):
            width, _x, height = line.split()[2:5]
            return float(width) * 25.4 / 72, float(height) * 25.4 / 72
    raise AssertionError("pdfinfo shows no page size")


@dataclass(frozen=True)
class FontRow:
    name: str
    embedded: bool
    subset: bool


def pdf_fonts(pdf: Path) -> list[FontRow]:
    rows = []
    for line in run("pdffonts", pdf).splitlines()[2:]:
        # name type... encoding emb sub uni id gen: read the yes/no flags from the right.
        cells = line.split()
        emb, sub = cells[-5], cells[-4]
        rows.append(FontRow(cells[0], emb == "yes", sub == "yes"))
    return rows


def render(pdf: Path, out_dir: Path, dpi: int = 200) -> list[Path]:
    """One PNG per page, as poppler renders it (no system fonts needed: all embedded)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    run("pdftoppm", "-r", str(dpi), "-png", pdf, out_dir / "page")
    return sorted(out_dir.glob("page-*.png"))


@dataclass(frozen=True)
class Decoded:
    text: str
    width_px: float  # the symbol's width, without the quiet zone


def decode(png: Path) -> list[Decoded]:
    """Every QR code zxing-cpp finds in the picture, as a phone or a scanner would."""
    assert zxingcpp is not None
    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [Decoded(b.text, abs(b.position.top_right.x - b.position.top_left.x)) for b in found]
