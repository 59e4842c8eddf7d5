"""Restoring a backup: shown instead of the window when the database fails its start-up
check (what is wrong, and the way back), or when the admin asks for it on the settings
page (the window has closed the database first). Either way the latest good backup is
offered, or a backup file the admin picks.

The restore runs through the task runner (checking a large backup takes seconds); the
dialog closes, accepted, once the database has been replaced, and ``restored`` says from
what. A refusal (a damaged or foreign backup) is shown and the dialog stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.i18n import _
from station_app.services.station.backups import BackupService, DatabaseDamaged, RestoreResult
from station_app.ui.ops import Failure, Ops
from station_app.ui.tasks import TaskRunner


class RestoreDialog(QDialog):
    def __init__(
        self,
        backups: BackupService,
        problem: DatabaseDamaged | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        """``problem``: the damage found at start-up, or None for a restore the admin chose."""
        super().__init__(parent)
        self._backups = backups
        self._ops = Ops(runner)  # the window is closed: nobody to tell what changed
        self.restored: RestoreResult | None = None
        latest = problem.backup if problem is not None else backups.latest_good()
        if problem is not None:
            self.setWindowTitle(_("The station's data cannot be opened"))
            heading = QLabel(_("The database is damaged"))
            explanation = QLabel(str(problem))
        else:
            self.setWindowTitle(_("Restore a backup"))
            heading = QLabel(_("Restore a backup"))
            explanation = QLabel(
                _(
                    "The backup replaces all of the station's data; what is there now is kept"
                    " first as a copy in the backups folder. Latest good backup: {path}"
                ).format(path=latest or _("none"))
            )
        self.setMinimumWidth(640)
        heading.setObjectName("pageTitle")
        explanation.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.restore_button = QPushButton(_("Restore the latest good backup"))
        self.restore_button.setObjectName("primary")
        self.restore_button.setVisible(latest is not None)
        self.choose_button = QPushButton(_("Choose a backup file…"))
        self.quit_button = QPushButton(_("Quit") if problem is not None else _("Cancel"))
        if latest is not None:
            backup = latest
            self.restore_button.clicked.connect(lambda: self.restore(backup))
        self.choose_button.clicked.connect(self._choose)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a backup file"),
            str(self._backups.chosen_folder()),
            _("Station backups (*.sqlite3)"),
        )
        if path:
            self.restore(Path(path))

    def restore(self, backup: Path) -> None:
        for button in (self.restore_button, self.choose_button, self.quit_button):
            button.setEnabled(False)
        self.problem.setText(_("Checking and restoring {path}…").format(path=backup))
        self.problem.show()
        backups = self._backups
        self._ops.write(lambda _progress: backups.restore(backup)).with_progress(
            _("Restoring the backup")
        ).success(self._done).failure(
            self._refused, unexpected=_("The backup could not be restored.")
        ).run_in_background()

    def _done(self, result: RestoreResult) -> None:
        self.restored = result
        self.accept()

    def _refused(self, failure: Failure) -> None:
        for button in (self.restore_button, self.choose_button, self.quit_button):
            button.setEnabled(True)
        self.problem.setText(failure.text)
