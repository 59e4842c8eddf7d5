"""The navigation list shows each page's keyboard shortcut ("签到 … Ctrl+1"), in grey at the
right of its row, so an attendant learns the keys without looking them up.

The item's text stays the page's name (the badge on 库存 included): the shortcut is its own
piece of data, painted by this delegate, and given way (not drawn) when a long name needs
the room.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem

SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1
SHORTCUT_COLOUR = "#7A6A5A"  # the page lead's brown, a little lighter
SELECTED_COLOUR = "#FFE9D6"  # on the orange of the page on show
SHORTCUT_SCALE = 0.75  # of the name's size: there, not competing with it
GAP = 8  # pixels at least between the name and its shortcut
PADDING = 18  # the theme's padding of a navigation item, left and right


def set_shortcut(item: QListWidgetItem, text: str) -> None:
    item.setData(SHORTCUT_ROLE, text)


def shortcut_of(item: QListWidgetItem) -> str:
    return str(item.data(SHORTCUT_ROLE) or "")


class ShortcutDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        shortcut = str(index.data(SHORTCUT_ROLE) or "")
        if not shortcut:
            return
        rect: QRect = option.rect
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        small = QFont(option.font)
        small.setPointSizeF(max(small.pointSizeF() * SHORTCUT_SCALE, 8.0))
        needed = (
            option.fontMetrics.horizontalAdvance(name)
            + QFontMetrics(small).horizontalAdvance(shortcut)
            + GAP
            + 2 * PADDING
        )
        if needed > rect.width():
            return  # a long name keeps the room; the tooltip still has the key
        painter.save()
        painter.setFont(small)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor(SELECTED_COLOUR if selected else SHORTCUT_COLOUR))
        box = rect.adjusted(0, 0, -PADDING, 0)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, int(align), shortcut)
        painter.restore()
