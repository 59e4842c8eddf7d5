"""What the app ships and under which licences, for the About dialog and the self-test.

Names, versions and licences are read from the installed packages' metadata at run time;
the PyInstaller spec copies the dist-info of every distribution in ``SHIPPED`` into the
bundle, so the list shows what is really inside. Licence texts come from the packages'
own licence files, or from ``resources/licences`` for those that ship none (Qt for
Python), and the bundled font's from ``resources/fonts``.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from station_app.i18n import N_, _
from station_app.resources import bundled_font_licence, resources_dir


@dataclass(frozen=True)
class Shipped:
    distribution: str  # the name on PyPI
    role: str  # N_()-marked: what it does for the station
    direct: bool = False  # a runtime dependency named in pyproject.toml
    licence_files: tuple[str, ...] = ()  # in resources/licences, when the package has none
    windows_only: bool = False  # a dependency installed on Windows alone (pyproject marker)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str  # an SPDX expression or the package's own words
    role: str  # translated
    text: str  # the full licence text(s); "" when none could be found


QT_LICENCES = ("LGPL-3.0.txt", "GPL-3.0.txt")

# Runtime dependencies first (pyproject.toml), then what they pull in. colorama is only
# installed on Windows (qrcode needs it there); a distribution that is not installed is
# left out of the list.
SHIPPED: tuple[Shipped, ...] = (
    Shipped("PySide6-Essentials", N_("Qt 6 for Python: the windows"), True, QT_LICENCES),
    Shipped("SQLAlchemy", N_("database access"), True),
    Shipped("alembic", N_("database upgrades"), True),
    Shipped("qrcode", N_("QR codes on cards"), True),
    Shipped("reportlab", N_("PDF reports and cards"), True),
    Shipped("Babel", N_("dates and numbers in the station's language"), True),
    Shipped("platformdirs", N_("where the data folder is"), True),
    Shipped("cryptography", N_("card signatures (Ed25519)"), True),
    Shipped("pypdfium2", N_("report preview and printing (PDFium)"), True),
    Shipped("tzdata", N_("the time zone database (on Windows)"), True, windows_only=True),
    Shipped("shiboken6", N_("used by Qt for Python"), False, QT_LICENCES),
    Shipped("pillow", N_("images (used by reportlab)")),
    Shipped("charset-normalizer", N_("used by reportlab")),
    Shipped("Mako", N_("used by Alembic")),
    Shipped("MarkupSafe", N_("used by Mako")),
    Shipped("typing_extensions", N_("used by SQLAlchemy and Alembic")),
    Shipped("cffi", N_("used by cryptography")),
    Shipped("pycparser", N_("used by cffi")),
    Shipped("colorama", N_("used by qrcode on Windows")),
)

FONT_NAME = "WenQuanYi Micro Hei 文泉驿微米黑"
FONT_VERSION = "0.2.0-beta"
FONT_LICENCE = "Apache-2.0 OR GPL-3.0-or-later WITH Font-exception-2.0"


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    # get_all: a missing key is None (meta[key] warns about missing keys on newer Pythons).
    values = meta.get_all(key) or []
    return str(values[0]) if values else ""


def _licence_name(meta: metadata.PackageMetadata) -> str:
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    words = _field(meta, "License").strip()
    if words and "\n" not in words and len(words) <= 60:
        return words
    classifiers = [
        c.rsplit(" :: ", 1)[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License :: OSI Approved")
    ]
    if classifiers:
        return ", ".join(classifiers)
    return words.splitlines()[0][:60] if words else "?"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _joined(parts: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"==== {title} ====\n\n{text.strip()}" for title, text in parts if text)


def _dist_info_text(dist: metadata.Distribution, name: str) -> str:
    # PEP 639 puts licence files in dist-info/licenses/, older wheels at the top of dist-info.
    for candidate in (f"licenses/{name}", name):
        try:
            text = dist.read_text(candidate)
        except UnicodeDecodeError:  # a Latin-1 © in an old licence file
            listed = [f for f in dist.files or () if f.as_posix().endswith(f"-info/{candidate}")]
            text = listed[0].read_binary().decode("utf-8", errors="replace") if listed else None
        if text:
            return text
    return ""


def _package_texts(dist: metadata.Distribution, shipped: Shipped) -> str:
    parts: list[tuple[str, str]] = []
    # Older metadata (qrcode) names no licence file but still has LICENSE in its dist-info.
    names = dist.metadata.get_all("License-File") or ["LICENSE"]
    for name in names:
        parts.append((name, _dist_info_text(dist, name)))
    for name in shipped.licence_files:
        parts.append((name, _read(resources_dir() / "licences" / name)))
    return _joined(parts)


def _python_licence_text() -> str:
    # A frozen bundle carries a copy (the spec puts it there); a checkout reads the stdlib's.
    for path in (
        resources_dir() / "licences" / "python" / "LICENSE.txt",
        Path(os.__file__).parent / "LICENSE.txt",
    ):
        text = _read(path)
        if text:
            return text
    return ""


def font_component() -> Component:
    text = _joined(
        [
            (bundled_font_licence().name, _read(bundled_font_licence())),
            ("Apache-2.0.txt", _read(resources_dir() / "licences" / "Apache-2.0.txt")),
        ]
    )
    role = _("the Chinese font of the windows and of every PDF (embedded as a subset)")
    return Component(FONT_NAME, FONT_VERSION, FONT_LICENCE, role, text)


def components() -> list[Component]:
    """The bundled font, Python, and every shipped package that is installed, in that order."""
    found = [
        font_component(),
        Component(
            "Python",
            platform.python_version(),
            "PSF-2.0",
            _("the language the app is written in"),
            _python_licence_text(),
        ),
    ]
    for shipped in SHIPPED:
        try:
            dist = metadata.distribution(shipped.distribution)
        except metadata.PackageNotFoundError:
            continue
        found.append(
            Component(
                _field(dist.metadata, "Name") or shipped.distribution,
                dist.version,
                _licence_name(dist.metadata),
                _(shipped.role),
                _package_texts(dist, shipped),
            )
        )
    return found


def missing_direct_dependencies() -> list[str]:
    """Runtime dependencies whose metadata cannot be found (a bundle built without it)."""
    missing = []
    for shipped in SHIPPED:
        if not shipped.direct or (shipped.windows_only and sys.platform != "win32"):
            continue
        try:
            metadata.distribution(shipped.distribution)
        except metadata.PackageNotFoundError:
            missing.append(shipped.distribution)
    return missing
