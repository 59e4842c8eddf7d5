"""What every page has: a title, a lead sentence, and a body.

The body scrolls when it cannot fit (a large text size on a small screen): a page never
makes the window taller than the screen, and never squeezes its controls until they clip.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.widgets.fitted_table import FittedTable

SQUEEZE = 120  # pixels a page may be short by before it scrolls (lists and buttons shrink)


def _shown_height(widget: QWidget, top: QWidget) -> int:
    """How much of ``widget`` its parents up to ``top`` leave in view: a widget is never
    made smaller than its least, a parent squeezed under it cuts it instead."""
    rect = widget.rect()
    while widget is not top and (parent := widget.parentWidget()) is not None:
        rect = rect.translated(widget.pos()) & parent.rect()
        widget = parent
    return rect.height()


class _Body(QVBoxLayout):
    """The page's layout. The scroll area takes the height the page prefers at its width
    as its least; a page only a little taller than the window is squeezed instead (its big
    buttons shrink from 46 to 40 pixels), as a page without a scroll area would be.

    A squeeze never costs a list its kept rows: Qt squeezes the biggest parts first, which
    are the lists, so when one comes out shorter than it keeps, the page scrolls at that
    size instead."""

    def __init__(self, content: QWidget, scroll: QScrollArea) -> None:
        super().__init__(content)
        self._content = content
        self._scroll = scroll
        self._no_squeeze: set[tuple[int, int, float]] = set()

    def _key(self, width: int, room: int) -> tuple[int, int, float]:
        # The text size changes what fits at the same size.
        return (width, room, self._content.font().pointSizeF())

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        preferred = super().heightForWidth(width)
        room = self._scroll.viewport().height()
        if (
            room < preferred <= room + SQUEEZE
            and self.minimumSize().height() <= room
            and self._key(width, room) not in self._no_squeeze
        ):
            return room
        return preferred

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        if rect.height() >= super().heightForWidth(rect.width()):
            return  # not squeezed
        squeezed = any(
            table.isVisible() and _shown_height(table, self._content) < table.minimumHeight()
            for table in self._content.findChildren(FittedTable)
            if table.kept_rows
        )
        key = self._key(rect.width(), self._scroll.viewport().height())
        if squeezed and key not in self._no_squeeze:
            self._no_squeeze.add(key)
            QTimer.singleShot(0, self.invalidate)


class Page(QWidget):
    # Controllers switch page-wide things (the scan detector, refreshes) on and off with these.
    shown = Signal()
    hidden = Signal()

    def __init__(self, title: str, lead: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        scroll = QScrollArea()
        self.content = QWidget()
        self.content.setObjectName("pageContent")
        # Only up and down: the page is as wide as the window, and what is too wide for it
        # gives way (elides, wraps) rather than scrolling sideways.
        self.content.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.body: QVBoxLayout = _Body(self.content, scroll)
        self.body.setContentsMargins(32, 24, 32, 24)
        self.body.setSpacing(14)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.lead = QLabel(lead)
        self.lead.setObjectName("pageLead")
        self.lead.setWordWrap(True)
        # Pages may put a few small controls at the right end of the title line.
        self.heading_row = QHBoxLayout()
        self.heading_row.setSpacing(10)
        self.heading_row.addWidget(heading)
        self.heading_row.addStretch(1)
        self.body.addLayout(self.heading_row)
        self.body.addWidget(self.lead)
        self.lead.setVisible(bool(lead))  # a page whose widgets speak for themselves has none

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.shown.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.hidden.emit()
