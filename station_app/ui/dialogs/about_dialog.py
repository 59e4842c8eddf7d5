"""About 驿站 Station: the version, where the data lives, and what ships inside with its
licence (the bundled font, Python, Qt and every library), with the full licence texts.

Opened from the user guide (F1) and from the settings page. The list comes from
``services.licences``: the installed packages' own metadata, so it is what is really
bundled and not a list written by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app import __version__
from station_app.i18n import _
from station_app.services.station.licences import Component, components
from station_app.ui.app_icon import app_icon


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About 驿站 Station"))
        self.resize(980, 660)
        self._data_folder = data_folder
        self.components: list[Component] = components()

        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(self._heading())
        layout.addLayout(self._data_row())
        layout.addWidget(QLabel(_("Included in this app, each under its own licence:")))
        layout.addWidget(self._licences(), 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self.show_licence)
        self.list.setCurrentRow(0)  # the font first: its licence asks to be shown

    def _heading(self) -> QHBoxLayout:
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(72, 72))
        title = QLabel(_("驿站 Station"))
        title.setObjectName("pageTitle")
        self.version_label = QLabel(
            _("Version {version} · Qt {qt}").format(version=__version__, qt=qVersion())
        )
        lead = QLabel(
            _(
                "Check-in, services, stock and reports for a trade-union rest station. "
                "Free software under the Apache License 2.0."
            )
        )
        lead.setObjectName("pageLead")
        lead.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(title)
        text.addWidget(self.version_label)
        text.addWidget(lead)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        row.addLayout(text, 1)
        return row

    def _data_row(self) -> QHBoxLayout:
        self.data_label = QLabel(_("Data folder: {path}").format(path=self._data_folder))
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(_("Open the data folder"))
        self.open_folder_button.clicked.connect(self._open_data_folder)
        row = QHBoxLayout()
        row.addWidget(self.data_label, 1)
        row.addWidget(self.open_folder_button)
        return row

    def _licences(self) -> QSplitter:
        """The components on the left, the selected one's full licence text on the right."""
        self.list = QListWidget()
        self.list.setObjectName("licences")
        # Two lines per entry (name and version, licence): banded so each reads as one.
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for component in self.components:
            item = QListWidgetItem(f"{component.name} {component.version}\n{component.licence}")
            item.setToolTip(component.role)
            self.list.addItem(item)
        self.text = QPlainTextEdit()
        self.text.setObjectName("licenceText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        return splitter

    def show_licence(self, row: int) -> None:
        if not 0 <= row < len(self.components):
            self.text.clear()
            return
        component = self.components[row]
        header = f"{component.name} {component.version}\n{component.role}\n{component.licence}"
        body = component.text or _(
            "This package ships no licence text; its licence is named above."
        )
        self.text.setPlainText(f"{header}\n\n{body}")

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_folder)))
