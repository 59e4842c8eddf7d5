"""The big panel that answers each check-in: green, amber or red, readable from a step away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from station_app.i18n import _
from station_app.services.checkin.outcomes import CheckinResult, CheckinStatus
from station_app.ui.widgets.status_icon import StatusIcon

IDLE = "idle"
LONG_HEADLINE = 14  # characters; longer headlines are sentences, shown a size smaller


def _label(name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class CheckinFeedback(QFrame):
    """Shows the last result: a status line, a big headline, then what it means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback")
        self.state = IDLE
        self.symbol = StatusIcon(64)
        self.status = _label("feedbackStatus")
        self.headline = _label("feedbackHeadline", wrap=True)
        self.detail = _label("feedbackDetail", wrap=True)
        # A service refused after the check-in (out of stock): the visit still counts.
        self.note = _label("feedbackNote", wrap=True)
        self.note.hide()
        self.undo_button = QPushButton(_("Undo this check-in"))
        self.undo_button.setObjectName("undo")
        self.undo_button.setToolTip(_("Removes the visit just counted, for a mistaken tap or scan"))
        self.undo_button.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(18, 10, 18, 10)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.symbol, 0, 0, 3, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.status, 0, 1)
        grid.addWidget(self.undo_button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.headline, 1, 1)
        grid.addWidget(self.detail, 2, 1, 1, 2)
        grid.addWidget(self.note, 3, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        self.setMinimumHeight(124)
        self.show_idle()

    def _headline(self, text: str) -> None:
        # A name is shown big; a sentence (a refusal, a group) a size smaller, so it fits.
        self.headline.setText(text)
        self.headline.setProperty("long", len(text) > LONG_HEADLINE)
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)

    def show_note(self, text: str) -> None:
        """Under the result, in red: a service was refused ("" hides it)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _set_state(self, state: str) -> None:
        self.state = state
        self.show_note("")
        self.symbol.set_state(state)
        for widget in (self, self.status, self.headline, self.detail):
            widget.setProperty("state", state)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def show_idle(self, note: str = "") -> None:
        """Waiting for the next visitor; ``note`` says what just happened (an undo)."""
        self._set_state(IDLE)
        self.status.setText(_("Ready"))
        self._headline(_("Scan a card, or tap an occupation below"))
        self.detail.setText(note or _("A card scanned on any page is checked in here."))
        self.undo_button.hide()

    def show_result(self, result: CheckinResult) -> None:
        self._set_state(result.status.value)
        if result.status is CheckinStatus.ACCEPTED:
            self.status.setText(_("Checked in"))
            if result.worker_name:
                self._headline(result.worker_name)
                facts = [result.occupation_label] if result.occupation_label else []
                facts.append(_("visit {n} this month").format(n=result.visits_this_month))
                self.detail.setText(" · ".join(facts))
            else:
                self._headline(result.message)
                self.detail.setText(result.card_no)
        elif result.status is CheckinStatus.ALREADY:
            self.status.setText(_("Already checked in"))
            self._headline(result.worker_name or result.card_no)
            self.detail.setText(result.message)
        else:
            self.status.setText(_("Not checked in"))
            self._headline(result.message)
            self.detail.setText(
                _("Card number: {card_no}").format(card_no=result.card_no) if result.card_no else ""
            )
        self.undo_button.setVisible(
            result.status is CheckinStatus.ACCEPTED and bool(result.visit_ids)
        )

    def show_problem(self, text: str) -> None:
        """Red, without a result: the check-in itself failed (the message says what to do)."""
        self._set_state(CheckinStatus.REFUSED.value)
        self.status.setText(_("Not checked in"))
        self._headline(text)
        self.detail.setText("")
        self.undo_button.hide()
