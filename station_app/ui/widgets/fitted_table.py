"""A table whose columns share the width it has, instead of scrolling sideways.

Each column asks for the width of its contents. When they do not all fit, the columns
that can give way shrink towards their minimum (their text shortened with "…", on the
side that matters least: a card number keeps its end), and optional columns are hidden
last-first on a small screen (the details panel still shows them). Leftover width goes
to the column marked ``stretch``.

A table whose cells are text alone (``plain_text``: no icons, checks or fonts of their own)
measures its columns by their texts laid out in its font, plus the margin Qt's delegate
adds around a text (measured once a fit, on one cell a column), rather than asking the
delegate for every cell's size: each such question asks the model a dozen roles in Python,
and the visit log fits at every page it takes in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QResizeEvent, QShowEvent, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

MEASURED_ROWS = 25  # a screenful and a little more
UNBOUNDED = 1e7  # a line as wide as its text
KEPT_WIDTHS = 4000  # texts whose width is remembered (names, days, card numbers repeat)
ROW_PADDING = 10  # pixels above and below a row's text


@dataclass(frozen=True)
class Column:
    minimum: int = 64  # pixels; below this the column's text is no longer useful
    elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight
    optional: bool = False  # may be hidden when even the minimums do not fit
    gives_way: int = 1  # when space is short, lower numbers shrink first


class _EliderDelegate(QStyledItemDelegate):
    def __init__(self, table: FittedTable) -> None:
        super().__init__(table)
        self._table = table

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = self._table.column(index.column()).elide


class FittedTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = []
        self._stretch = 0
        self._kept_rows = 0
        self._plain_text = False
        self._text_widths: dict[str, int] = {}
        # Only the columns shortened otherwise than at the right (the view's own way) go
        # through a delegate in Python: it is called for every cell painted.
        self._elider = _EliderDelegate(self)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        # Tab leaves the table for the next control (arrows move within it): otherwise a
        # keyboard user is stuck walking cell by cell through hundreds of rows.
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        # A scroll bar appearing narrows the viewport without resizing the table.
        self.verticalScrollBar().rangeChanged.connect(self.refit)
        self._fit_rows()

    def keep_rows(self, rows: int) -> None:
        """Never shorter than its header and ``rows`` rows, whatever the text size.

        It also asks for just that height: the room left over is shared by the layout's
        stretch, and a layout that goes by what its parts ask for (one with wrapped text
        in it) still gives the list its rows."""
        self._kept_rows = rows
        self._fit_rows()

    @property
    def kept_rows(self) -> int:
        return self._kept_rows

    def row_height(self) -> int:
        return self.verticalHeader().defaultSectionSize()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        if self._kept_rows:
            hint.setHeight(self.minimumHeight())
        return hint

    def _fit_rows(self) -> None:
        # Rows follow the text size (the style's default height is for the default font).
        row = self.fontMetrics().height() + ROW_PADDING
        self.verticalHeader().setDefaultSectionSize(row)
        if self._kept_rows:
            header = self.horizontalHeader().sizeHint().height()
            self.setMinimumHeight(header + self._kept_rows * row + 2 * self.frameWidth())
            self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._text_widths.clear()
            self._fit_rows()
            self.refit()

    def set_columns(
        self, columns: list[Column], *, stretch: int = 0, plain_text: bool = False
    ) -> None:
        """``plain_text``: every cell is its display text alone, in the table's font."""
        self._columns = columns
        self._stretch = stretch
        self._plain_text = plain_text
        for number, column in enumerate(columns):
            own = cast(QAbstractItemDelegate | None, self.itemDelegateForColumn(number))
            if column.elide != self.textElideMode() and own is None:  # an editor's stays
                self.setItemDelegateForColumn(number, self._elider)
        self.refit()

    def column(self, number: int) -> Column:
        return self._columns[number] if 0 <= number < len(self._columns) else Column()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        if model is not None:
            for signal in (
                model.modelReset,
                model.rowsInserted,
                model.rowsRemoved,
                model.dataChanged,
            ):
                signal.connect(self.refit)
        self.refit()

    def refit(self, *_args: object) -> None:
        """Fit again once the event loop is free (many changes make one fit)."""
        self._pending.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()

    def _wanted(self, number: int) -> int:
        # Measured on the rows in view and a few below, not on every row loaded (Qt's
        # sizeHintForColumn): a list scrolled thousands of rows deep (the visit log) took a
        # frame per hundred rows at each fit, and every page fetched brings a fit.
        model = self.model()
        first = max(0, self.rowAt(0))
        last = min(model.rowCount(), first + MEASURED_ROWS)
        grid = 1 if self.showGrid() else 0
        if self._plain_text and last > first:
            widths = self._text_wanted(number, first, last)
        else:
            widths = [
                self.sizeHintForIndex(model.index(row, number)).width()
                for row in range(first, last)
            ]
        header = self.horizontalHeader().sectionSizeHint(number)
        return max([*(width + grid for width in widths), header])

    def _text_wanted(self, number: int, first: int, last: int) -> list[int]:
        """The widths the delegate would give these cells: their texts' plus its margin."""
        model = self.model()
        display = Qt.ItemDataRole.DisplayRole
        texts = [str(model.index(row, number).data(display) or "") for row in range(first, last)]
        # The margin is measured on a cell with a text (an empty cell may have none).
        sample = next((n for n, text in enumerate(texts) if text), 0)
        cell = model.index(first + sample, number)
        margin = self.sizeHintForIndex(cell).width() - self._text_width(texts[sample])
        return [self._text_width(text) + margin for text in texts]

    def _text_width(self, text: str) -> int:
        width = self._text_widths.get(text)
        if width is None:
            if len(self._text_widths) >= KEPT_WIDTHS:
                self._text_widths.clear()
            # Laid out as Qt's style lays out an item's text (font metrics alone leave out
            # the shaping: "17:44" is a pixel wider laid out than its glyphs' advances).
            layout = QTextLayout(text, self.font())
            layout.beginLayout()
            natural = 0.0
            while (line := layout.createLine()).isValid():
                line.setLineWidth(UNBOUNDED)
                natural = max(natural, line.naturalTextWidth())
            layout.endLayout()
            width = self._text_widths[text] = math.ceil(natural)
        return width

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.fit()

    def fit(self) -> None:
        model: QAbstractItemModel | None = self.model()
        if model is None:
            return
        if not self.isVisible():
            # A table on a page not on show is fitted when shown: measuring every column's
            # contents for nothing cost a quarter of the start-up on a busy station.
            return
        count = model.columnCount()
        available = self.viewport().width()
        wanted = {n: self._wanted(n) for n in range(count)}
        least = {n: min(wanted[n], self.column(n).minimum) for n in range(count)}
        shown = list(range(count))
        optional = [n for n in reversed(shown) if self.column(n).optional]
        while optional and sum(least[n] for n in shown) > available:
            shown.remove(optional.pop(0))
        for n in range(count):
            self.setColumnHidden(n, n not in shown)
        widths = {n: wanted[n] for n in shown}
        excess = sum(widths.values()) - available
        if excess <= 0 and self._stretch in widths:
            widths[self._stretch] += -excess
        # Short of space: the columns that matter least give way first, each only down to
        # its minimum, so one column is cut rather than every column a little.
        for n in sorted(shown, key=lambda n: self.column(n).gives_way):
            if excess <= 0:
                break
            cut = min(excess, widths[n] - least[n])
            widths[n] -= cut
            excess -= cut
        for n, width in widths.items():
            self.horizontalHeader().resizeSection(n, width)
