"""Draw the application icon: a white 驿 on the app's orange, in a rounded square.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/make_icons.py

Writes resources/icons/station-app-<size>.png (the window icon; the Linux icon theme
sizes) and packaging/icons/station-app.ico (Windows: the .exe, the installer, shortcuts).
Each size is drawn at that size rather than scaled down, so the 16- and 32-pixel icons
stay sharp. The glyph comes from the bundled WenQuanYi font, so the icon looks the same
on every machine that runs this script. The outputs are committed; run it again only
when the design changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
)

ROOT = Path(__file__).resolve().parents[2]
FONT_FILE = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
PNG_FOLDER = ROOT / "resources" / "icons"
ICO_FILE = ROOT / "packaging" / "icons" / "station-app.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ACCENT = "#E8711A"  # station_app/ui/theme.py
ACCENT_DARK = "#B9560F"
GLYPH = "驿"


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # Small icons fill their square; large ones keep a margin as desktop icons do.
    margin = 0.0 if size <= 24 else size * 0.04
    square = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(square.topLeft(), square.bottomLeft())
    gradient.setColorAt(0.0, QColor(ACCENT))
    gradient.setColorAt(1.0, QColor(ACCENT_DARK))
    outline = QPainterPath()
    radius = square.width() * 0.22
    outline.addRoundedRect(square, radius, radius)
    painter.fillPath(outline, gradient)

    # The glyph as a path, scaled to fill most of the square: the same weight at every size.
    font = QFont(family)
    font.setPixelSize(100)
    glyph = QPainterPath()
    glyph.addText(QPointF(0, 0), font, GLYPH)
    bounds = glyph.boundingRect()
    scale = square.width() * (0.80 if size <= 24 else 0.70) / max(bounds.width(), bounds.height())
    painter.translate(square.center())
    painter.scale(scale, scale)
    painter.translate(-bounds.center())
    painter.fillPath(glyph, QColor("white"))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    if font_id < 0:
        print(f"cannot load {FONT_FILE}", file=sys.stderr)
        return 1
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    PNG_FOLDER.mkdir(parents=True, exist_ok=True)
    pngs = []
    for size in SIZES:
        path = PNG_FOLDER / f"station-app-{size}.png"
        if not draw(size, family).save(str(path)):
            print(f"cannot write {path}", file=sys.stderr)
            return 1
        pngs.append(path)
        print(path.relative_to(ROOT))
    images = [Image.open(path) for path in pngs]
    # Pillow writes one entry per size, taking each from the image of that size.
    images[-1].save(ICO_FILE, sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(ICO_FILE.relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
