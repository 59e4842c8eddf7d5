"""A page that is not built yet says so plainly, and what it will do."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from station_app.i18n import _
from station_app.ui.pages.base import Page


class ComingSoonPage(Page):
    def __init__(self, title: str, will_do: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            title,
            _("This page is coming in a later version. Nothing on it works yet."),
            parent,
        )
        self.setObjectName("comingSoon")
        plan = QLabel(_("It will let you:") + "\n" + "\n".join(f"  •  {item}" for item in will_do))
        plan.setWordWrap(True)
        self.body.addWidget(plan)
        self.body.addStretch(1)
