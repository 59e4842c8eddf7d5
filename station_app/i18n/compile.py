"""Build gettext catalogs from the .po sources with Babel (no msgfmt needed on Windows)."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def translations_from_po(po: Path) -> gettext.GNUTranslations:
    """Compile ``po`` in memory."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def compile_all(localedir: Path) -> list[Path]:
    """Write a .mo beside every .po under ``localedir``; returns the files written."""
    written = []
    for po in sorted(localedir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog)
        written.append(mo)
    return written
