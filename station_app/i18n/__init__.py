"""Translations: English msgids through gettext, Simplified Chinese by default.

``_()`` translates now, ``N_()`` only marks a string for extraction (for tables of labels
defined at import time, translated where they are shown). ``install()`` picks the
language once at start-up; a change in settings applies after a restart.
"""

from __future__ import annotations

import gettext
import logging
from pathlib import Path

DOMAIN = "station_app"
DEFAULT_LANGUAGE = "zh_CN"

log = logging.getLogger(__name__)

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _load_catalog(language: str, localedir: Path) -> gettext.NullTranslations:
    mo = localedir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    po = mo.with_suffix(".po")
    if po.exists():
        # A source checkout that has not compiled its catalogs yet still speaks Chinese.
        from station_app.i18n.compile import translations_from_po

        log.info("no compiled catalog at %s; reading %s", mo, po)
        return translations_from_po(po)
    log.warning("no catalog for %s in %s; showing English", language, localedir)
    return gettext.NullTranslations()


def install(language: str, localedir: Path | None = None) -> None:
    """Make ``language`` ("zh_CN" or "en") the language of every later ``_()`` call."""
    global _translations, _language  # noqa: PLW0603 - one process-wide language, set at start-up
    if localedir is None:
        from station_app.resources import locale_dir

        localedir = locale_dir()
    _language = language
    _translations = (
        gettext.NullTranslations() if language == "en" else _load_catalog(language, localedir)
    )


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    return message
