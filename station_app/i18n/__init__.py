"""Translations: English msgids through gettext, Simplified Chinese by default.

``_()`` translates now, ``N_()`` only marks a string for extraction (for tables of labels
defined at import time, translated where they are shown). ``install()`` picks the
language once at start-up; a change in settings applies after a restart. A server that
answers people in different languages (HQ's dashboard) wraps each request in
``speaking(language)``: inside it, in that task or thread only, ``_()`` uses that language.
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "station_app"
DEFAULT_LANGUAGE = "zh_CN"

log = logging.getLogger(__name__)

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# (language, catalog) of the request being answered, when a server set one (``speaking``).
_speaking: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar(
    "station_app_speaking", default=None
)
_catalogs: dict[str, gettext.NullTranslations] = {}


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
    speaking_now = _speaking.get()
    return speaking_now[0] if speaking_now else _language


@contextmanager
def speaking(language: str, localedir: Path | None = None) -> Iterator[None]:
    """``_()`` in ``language`` for the code run inside (this context only; threads started
    through ``contextvars`` copies, as Starlette's thread pool does, follow it)."""
    catalog = _catalogs.get(language)
    if catalog is None:
        if language == "en":
            catalog = gettext.NullTranslations()
        else:
            if localedir is None:
                from station_app.resources import locale_dir

                localedir = locale_dir()
            catalog = _load_catalog(language, localedir)
        _catalogs[language] = catalog
    token = _speaking.set((language, catalog))
    try:
        yield
    finally:
        _speaking.reset(token)


def _current() -> gettext.NullTranslations:
    speaking_now = _speaking.get()
    return speaking_now[1] if speaking_now else _translations


def _(message: str) -> str:
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    return message
