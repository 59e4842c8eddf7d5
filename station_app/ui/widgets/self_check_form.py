"""The self-check of the station's facilities in the settings: when the last one was and
whether the quarter's is owed, then every item (there and working, or missing or broken,
with a note) and a save button.

A view only: the settings page calls the service and hands the answers back here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.self_check import NOTE_MAX, SelfCheckAnswer, item_label
from station_app.i18n import _
from station_app.ui.widgets.notice import tell


class SelfCheckForm(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Self-check of the facilities"), parent)
        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        hint = QLabel(_("Once a quarter, go round the station and mark each item."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(2, 1)
        self.codes: list[str] = []
        self.states: list[QComboBox] = []
        self.notes: list[QLineEdit] = []
        self.save_button = QPushButton(_("Save the self-check"))
        self.save_button.setObjectName("saveSelfCheck")
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(self.status)
        column.addWidget(hint)
        column.addLayout(self.grid)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.notice, 1)
        column.addLayout(row)

    def set_answers(self, status: str, owed: bool, answers: list[SelfCheckAnswer]) -> None:
        """Show the status sentence (red while one is owed) and the list, filled as
        ``answers`` say."""
        tell(self.status, status, problem=owed)
        if [answer.code for answer in answers] != self.codes:
            self._build([answer.code for answer in answers])
        for state, note, answer in zip(self.states, self.notes, answers, strict=True):
            state.setCurrentIndex(0 if answer.ok else 1)
            note.setText(answer.note)

    def _build(self, codes: list[str]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.codes, self.states, self.notes = codes, [], []
        for row, code in enumerate(codes):
            label = QLabel(item_label(code))
            state = QComboBox()
            state.addItems([_("There and working"), _("Missing or broken")])
            state.setAccessibleName(item_label(code))
            note = QLineEdit()
            note.setPlaceholderText(_("Note (optional)"))
            note.setMaxLength(NOTE_MAX)
            label.setBuddy(state)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(state, row, 1)
            self.grid.addWidget(note, row, 2)
            self.states.append(state)
            self.notes.append(note)
        # Rows made after the button would follow it in the Tab order: the keyboard goes
        # down the list first, then to the button that saves it.
        chain = [field for pair in zip(self.states, self.notes, strict=True) for field in pair]
        for before, after in zip(chain, [*chain[1:], self.save_button], strict=False):
            QWidget.setTabOrder(before, after)

    def answers(self) -> list[SelfCheckAnswer]:
        return [
            SelfCheckAnswer(code, state.currentIndex() == 0, note.text())
            for code, state, note in zip(self.codes, self.states, self.notes, strict=True)
        ]
