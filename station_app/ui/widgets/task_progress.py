"""A progress bar in the status bar that appears while the task runner works."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from station_app.i18n import _
from station_app.ui.tasks import TaskRunner
from station_app.ui.widgets.elided_label import ElidedLabel

STEP_ROOM = 60  # digits' widths the step is given at least: most steps stay whole


class TaskProgress(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The label keeps room for the step's beginning: in a crowded status bar the
        # station's name gives way to it while a task runs (the main window sees to that).
        self.label = ElidedLabel(elide=Qt.TextElideMode.ElideRight)
        self.label.keep(STEP_ROOM)
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(160)
        self.task = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()
        runner.started.connect(self._started)
        runner.progress.connect(self._progress)
        runner.finished.connect(self.hide)

    def _started(self, label: str) -> None:
        self.task = label
        self.label.setText(label)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.bar.setFormat("%p%")
        self.show()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        # The step's words go beside the bar, where they may be cut short with "…" (the
        # tooltip keeps them whole); inside the bar only the percentage, which always fits.
        if message:
            self.label.setText(_("{task}: {step}").format(task=self.task, step=message))
