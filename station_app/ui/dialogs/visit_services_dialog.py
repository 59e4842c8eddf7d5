"""A past visit's services, corrected from the visit log: the check-in page's buttons, for
that visit. A tap adds a service, the take-back button removes the last one given (its
stock comes back). Only the visit's own attendant or an admin may change it: the service
log refuses anyone else, and the refusal is shown here."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from station_app.i18n import _
from station_app.services.checkin.service_log import ServiceLogService
from station_app.ui.ops import Failure, Ops
from station_app.ui.widgets.notice import tell
from station_app.ui.widgets.service_buttons import ServiceButtons


class VisitServicesDialog(QDialog):
    def __init__(
        self,
        visit_id: int,
        heading: str,
        service_log: ServiceLogService,
        ops: Ops,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Services of a visit"))
        self.setMinimumWidth(560)  # the check-in page's buttons, with room for their labels
        self.visit_id = visit_id
        self._log = service_log
        self._ops = ops
        self._tapped: list[str] = []
        title = QLabel(heading)
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        self.services = ServiceButtons()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.services)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.services.tapped.connect(self.add)
        self.services.take_back.connect(self.take_back)
        types = ops.read(lambda _progress: service_log.service_types()).run() or []
        self.services.set_types(types)
        self.show_services()

    def add(self, code: str) -> None:
        log, visit = self._log, self.visit_id

        def added(_record: object) -> None:
            self._tapped.append(code)
            tell(self.notice, "")
            self.show_services()

        self._ops.write(lambda _progress: log.record(visit, code, correcting=True)).success(
            added
        ).failure(self._refused).run()

    def take_back(self, code: str) -> None:
        log, visit = self._log, self.visit_id

        def taken(_removed: int) -> None:
            if code in self._tapped:
                self._tapped.reverse()
                self._tapped.remove(code)
                self._tapped.reverse()
            tell(self.notice, "")
            self.show_services()

        self._ops.write(lambda _progress: log.take_back((visit,), code)).success(taken).failure(
            self._refused
        ).run()

    def show_services(self) -> None:
        records = self._ops.read(lambda _progress: self._log.for_visit(self.visit_id)).run() or []
        counts: dict[str, int] = {}
        for record in records:
            counts[record.service_code] = counts.get(record.service_code, 0) + record.quantity
        known = [code for code in self._tapped if counts.get(code)]
        last = known[-1] if known else (records[-1].service_code if records else None)
        self.services.set_ready(True, counts, last)

    def _refused(self, failure: Failure) -> None:
        tell(self.notice, failure.text, problem=True)
