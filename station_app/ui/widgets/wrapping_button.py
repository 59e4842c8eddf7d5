"""Buttons, a check box and a label whose text breaks between words instead of being cut.

For rows of equal buttons in a narrow column (the check-in page's services): "Meal heating"
in a column made for "微波加热" would lose its ends. ``text()`` stays the label as given;
only the drawing wraps, so the button asks for the height of the lines it needs at its width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

FLAGS = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
FLAGS_LEFT = (
    int(Qt.AlignmentFlag.AlignLeft)
    | int(Qt.AlignmentFlag.AlignVCenter)
    | int(Qt.TextFlag.TextWordWrap)
)


class WrappingButton(QPushButton):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._lines = 1

    def _chrome(self) -> QSize:
        """What the style puts around the text (padding, border)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, 200, 200)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        return QSize(max(200 - room.width(), 0), max(200 - room.height(), 0))

    def _text_rect(self, width: int) -> QRect:
        room = max(width - self._chrome().width(), 1)
        return self.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), FLAGS, self.text())

    def _widest_word(self) -> int:
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(word) for word in self.text().split()), default=0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        chrome = self._chrome()
        return QSize(self._widest_word() + chrome.width(), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        chrome = self._chrome()
        one_line = super().sizeHint()
        width = self.width() if self.width() > 0 else one_line.width()
        needed = self._text_rect(width).height() + chrome.height()
        return QSize(
            max(self._widest_word() + chrome.width(), min(one_line.width(), width)),
            max(one_line.height(), needed),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        lines = self._text_rect(self.width()).height() // max(self.fontMetrics().lineSpacing(), 1)
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()  # the height follows the lines; the width does not

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.updateGeometry()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        text = option.text
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        painter.setPen(option.palette.buttonText().color())
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.drawText(room, FLAGS, text)


class WrappingCheckBox(QCheckBox):
    """A check box whose sentence wraps onto as many lines as its width needs (a consent
    sentence in a dialog of a given width). ``text()`` stays the sentence as given."""

    HINT_WIDTH = 360  # asks for no more, so a long sentence never widens its dialog

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _text_room(self, width: int) -> QRect:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, width, 10_000)
        return self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)

    def _text_height(self, width: int) -> int:
        room = self._text_room(width)
        return (
            self.fontMetrics()
            .boundingRect(QRect(0, 0, max(room.width(), 1), 10_000), FLAGS_LEFT, self.text())
            .height()
        )

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return max(super().sizeHint().height(), self._text_height(width) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(word) for word in self.text().split()), default=0)
        chrome = 10_000 - self._text_room(10_000).width()
        # Not QCheckBox's own minimum: it asks this class's sizeHint, which asks this.
        return QSize(widest + chrome, super().sizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        one_line = super().sizeHint()
        width = min(one_line.width(), max(self.HINT_WIDTH, self.minimumSizeHint().width()))
        if self.width() > 0 and self.isVisible():
            width = min(one_line.width(), self.width())
        return QSize(width, self.heightForWidth(width))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        text = option.text
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        room = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        painter.setPen(option.palette.windowText().color())
        painter.drawText(room, FLAGS_LEFT, text)


class WrappedLabel(QLabel):
    """A word-wrapped label that keeps the height of its lines at the width it is given,
    also where a layout does not ask labels for their height at a width (a form's rows)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._keep_lines()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._keep_lines()

    def _keep_lines(self) -> None:
        if self.width() > 0:
            # QLabel answers -1 ("no preference") for an empty text: no lines to keep then.
            needed = max(0, self.heightForWidth(self.width()))
            if needed != self.minimumHeight():
                self.setMinimumHeight(needed)
