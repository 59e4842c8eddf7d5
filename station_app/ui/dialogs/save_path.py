"""Asking where to save a file: the system's save dialog, behind a seam tests replace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

# (dialog title, suggested file, file filter) → the chosen file, or None when cancelled.
ChoosePath = Callable[[str, Path, str], Path | None]
# The same with only a file name suggested; the dialog opens in the documents folder.
ChooseName = Callable[[str, str, str], Path | None]


def ask_save_path(parent: QWidget) -> ChoosePath:
    def choose(title: str, suggested: Path, pattern: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), pattern)
        return Path(path) if path else None

    return choose


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def ask_save_name(parent: QWidget) -> ChooseName:
    choose = ask_save_path(parent)

    def choose_name(title: str, name: str, pattern: str) -> Path | None:
        return choose(title, documents_folder() / name, pattern)

    return choose_name
