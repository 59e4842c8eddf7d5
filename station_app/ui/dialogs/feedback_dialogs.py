"""The two forms of workers' feedback: what was done about a suggestion, and feedback a
worker gave in person.

Each calls ``submit`` with what was typed and runs the write it gives back (``ui/ops.py``);
a refusal (nothing written down, a text too long) shows in the dialog, which stays open to
be corrected, and it closes only once the service has stored the change (kept in
``saved``). A scan while one is open never lands in its fields: the window's scanner takes
the keys of a burst before any field sees them (``ui/widgets/scan_detector.py``), and the
dialog keeps the scan (``take_scan``) and says to scan again once it is closed, so the
attendant's typing stays where it was instead of the window switching to check-in under
a half-written answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from station_app.domain.errors import ValidationFailed
from station_app.domain.feedback import RATING_MAX, RATING_MIN, TEXT_MAX, FeedbackView, Source
from station_app.i18n import _
from station_app.i18n.formatting import date_time
from station_app.ui.dialogs.stock_dialogs import StockDialog
from station_app.ui.local_time import local
from station_app.ui.ops import Failure, WriteOp
from station_app.ui.theme import ACCENT


def stars(rating: int | None) -> str:
    """★★☆☆☆ for 2, "—" without a rating."""
    if rating is None:
        return "—"
    return "★" * rating + "☆" * (RATING_MAX - rating)


def source_text(source: Source) -> str:
    return _("Workers' page") if source is Source.HQ else _("In person")


class _TextBox(QPlainTextEdit):
    """A few lines of text; Tab moves on (it types no tab), as in a line edit."""

    def __init__(self, name: str, placeholder: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

    def text(self) -> str:
        return self.toPlainText()


class _FeedbackDialog(StockDialog):
    """The app's titled form with a line for a refusal (``StockDialog``), wider for a few
    lines of text, the cursor in the first field, and a scan kept off its fields."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(title, ok_text, parent)
        self.setMinimumWidth(560)

    def first_field(self) -> QWidget:
        """Where the cursor starts: the text to write, not the buttons before it."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.first_field().setFocus()

    def _refused(self, failure: Failure) -> None:
        exc = failure.exc
        text = (
            " ".join(exc.problems.values()) if isinstance(exc, ValidationFailed) else failure.text
        )
        self.show_problem(text)

    def take_scan(self, code: str) -> bool:
        self.show_problem(
            _(
                "A card was scanned. Save or cancel this form first, then scan the card again "
                "to check the worker in."
            )
        )
        return True


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a worker's words, shown as typed
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AnswerDialog(_FeedbackDialog):
    """处理意见: the suggestion as the worker wrote it, and what was done about it."""

    def __init__(
        self,
        entry: FeedbackView,
        submit: Callable[[str], WriteOp[FeedbackView]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Record what was done"), _("Save"), parent)
        self._submit = submit
        self.entry = entry
        self.form.addRow(
            _("Date"),
            _plain(f"{date_time(local(entry.received_at))} · {source_text(entry.source)}"),
        )
        self.form.addRow(_("Rating"), _plain(stars(entry.rating)))
        said = _plain(entry.text or _("(no words, a rating only)"))
        said.setObjectName("feedbackText")
        self.form.addRow(_("Suggestion"), said)
        if entry.phone:
            phone = _plain(
                _(
                    "{phone} — the worker asks for a call back. The number is erased when you save."
                ).format(phone=entry.phone)
            )
            phone.setObjectName("feedbackPhone")
            self.form.addRow(_("Phone"), phone)
        self.action = _TextBox(
            "feedbackAction", _("e.g. changed the water filter; called the worker back")
        )
        self.action.setPlainText(entry.action)
        self.form.addRow(_("What was done"), self.action)
        self.form.addRow("", _plain(_("At most {n} characters.").format(n=TEXT_MAX)))

    def first_field(self) -> QWidget:
        return self.action

    def _store(self) -> WriteOp[FeedbackView]:
        return self._submit(self.action.text())


class InPersonDialog(_FeedbackDialog):
    """当面意见: a rating (optional), what the worker said, and what was done if known."""

    def __init__(
        self,
        submit: Callable[[int | None, str, str], WriteOp[FeedbackView]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Feedback given in person"), _("Save"), parent)
        self._submit = submit
        self.ratings = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        for value in [0, *range(RATING_MIN, RATING_MAX + 1)]:
            button = QPushButton(_("None") if value == 0 else f"{value} ★")
            button.setObjectName(f"rating{value}")
            button.setCheckable(True)
            button.setMinimumWidth(64)
            # The chosen rating filled in the accent, as a chosen occupation is at check-in.
            button.setStyleSheet(f"QPushButton:checked {{ background: {ACCENT}; color: white; }}")
            self.ratings.addButton(button, value)
            row.addWidget(button)
        row.addStretch(1)
        self.ratings.button(0).setChecked(True)
        self.form.addRow(_("Rating"), row)
        self.said = _TextBox("feedbackSaid", _("What the worker said"))
        self.form.addRow(_("Suggestion"), self.said)
        self.action = _TextBox("feedbackDone", _("Leave empty if nothing was done yet"))
        self.action.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.form.addRow(_("What was done"), self.action)
        self.form.addRow(
            "",
            _plain(
                _("At most {n} characters each. Write no names or phone numbers.").format(
                    n=TEXT_MAX
                )
            ),
        )

    def first_field(self) -> QWidget:
        return self.said

    def rating(self) -> int | None:
        value = self.ratings.checkedId()
        return value if value >= RATING_MIN else None

    def _store(self) -> WriteOp[FeedbackView]:
        return self._submit(self.rating(), self.said.text(), self.action.text())
