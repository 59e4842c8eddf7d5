"""Register a worker, or change a registered worker's details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.errors import ValidationFailed
from station_app.i18n import _
from station_app.services.people.worker_data import WorkerInput, WorkerView
from station_app.services.station.profile import CatalogEntry
from station_app.ui.ops import Failure, WriteOp
from station_app.ui.widgets.worker_form import WorkerForm

Submit = Callable[[WorkerInput], WriteOp[WorkerView]]


class WorkerDialog(QDialog):
    """``submit`` gives the write storing the details (register or update); a refusal
    (ValidationFailed) shows each problem under its field, and the dialog closes only once
    the details are stored."""

    def __init__(
        self,
        occupations: list[CatalogEntry],
        submit: Submit,
        parent: QWidget | None = None,
        *,
        today: dt.date,
        worker: WorkerView | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self.saved: WorkerView | None = None
        self.setWindowTitle(_("Register a worker") if worker is None else _("Edit worker"))
        self.setMinimumWidth(760)
        title = QLabel(
            _("Register a worker")
            if worker is None
            else _("Edit {name}").format(name=worker.display_name)
        )
        title.setObjectName("pageTitle")
        lead = QLabel(_("Keep only what the station needs. Fields marked * are needed."))
        lead.setObjectName("pageLead")
        lead.setWordWrap(True)
        self.form = WorkerForm(occupations, today=today)
        if worker is not None:
            self.form.set_worker(worker)
        self.issue_card = QCheckBox(_("Give the worker a card right away"))
        self.issue_card.setChecked(True)
        self.issue_card.setVisible(worker is None)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            _("Register") if worker is None else _("Save changes"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(lead)
        layout.addWidget(self.form)
        layout.addWidget(self.issue_card)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.form.name.setFocus()

    def save(self) -> None:
        self.problem.hide()
        self._submit(self.form.values()).success(self._stored).failure(self._refused).run()

    def _stored(self, worker: WorkerView) -> None:
        self.saved = worker
        self.accept()

    def _refused(self, failure: Failure) -> None:
        if isinstance(failure.exc, ValidationFailed):
            self.form.show_problems(failure.exc.problems)
            return
        self.form.show_problems({})
        self.problem.setText(failure.text)
        self.problem.show()
