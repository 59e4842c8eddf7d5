"""Qt's own words (standard buttons, file and print dialogs, the calendar) in the UI
language: Qt ships them as .qm files beside the binding, in a checkout and in the bundle."""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station_app.i18n import current_language

log = logging.getLogger(__name__)

# The catalogs the app's Qt modules use: widgets, dialogs and printing are all in qtbase.
CATALOGS = ("qtbase",)


def translation_folders() -> list[Path]:
    """Where Qt's .qm files are: Qt's own answer, then the binding's folder (a frozen
    bundle keeps them there, whatever Qt's built-in paths say)."""
    folders = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).parent / "Qt" / "translations",
    ]
    return [folder for i, folder in enumerate(folders) if folder not in folders[:i]]


TRANSLATOR_NAME = "stationQtTranslator"  # ours, told from any other the app may hold


def install_qt_translations(app: QCoreApplication, language: str | None = None) -> bool:
    """Qt's translations for ``language`` (default: the UI language) in force, replacing
    any loaded before; False when Qt has none for it (English needs none)."""
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()
    language = language or current_language()
    locale = QLocale(language)
    installed: list[QTranslator] = []
    if locale.language() != QLocale.Language.English:
        for catalog in CATALOGS:
            translator = QTranslator(app)
            translator.setObjectName(TRANSLATOR_NAME)
            if any(
                translator.load(locale, catalog, "_", str(folder))
                for folder in translation_folders()
            ):
                app.installTranslator(translator)
                installed.append(translator)
            else:
                log.warning(
                    "no Qt translation %s for %s in %s", catalog, language, translation_folders()
                )
    return bool(installed)
