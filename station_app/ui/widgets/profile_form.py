"""The station profile fields, with a message under each field that is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from station_app.domain.station import MAX_TEXT, StationProfile
from station_app.i18n import _
from station_app.ui.widgets.field_row import add_field_row

FIELDS = ("code", "name", "district", "address", "opening_hours")


class ProfileForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        labels = {
            "code": _("Station code"),
            "name": _("Station name"),
            "district": _("District"),
            "address": _("Address"),
            "opening_hours": _("Opening hours"),
        }
        hints = {
            "code": _("Issued by headquarters, for example HF-LY-0012"),
            "name": _("For example 庐阳区环卫工人爱心驿站"),
            "district": _("For example 合肥市庐阳区"),
            "address": _("Street and number"),
            "opening_hours": _("For example 07:00–20:00"),
        }
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setVerticalSpacing(6)
        for field in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"profile_{field}")
            edit.setPlaceholderText(hints[field])
            edit.setMaxLength(32 if field == "code" else MAX_TEXT)
            caption = labels[field] + ("*" if field in ("code", "name") else "")
            error = add_field_row(layout, caption, edit)
            self.edits[field] = edit
            self.errors[field] = error

    def values(self) -> StationProfile:
        return StationProfile(**{field: self.edits[field].text() for field in FIELDS})

    def set_values(self, profile: StationProfile | None) -> None:
        for field in FIELDS:
            self.edits[field].setText(getattr(profile, field) if profile else "")
        self.show_problems({})

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each field's problem under it and put the cursor in the first wrong field."""
        first = None
        for field in FIELDS:
            message = problems.get(field, "")
            self.errors[field].setText(message)
            self.errors[field].setVisible(bool(message))
            if message and first is None:
                first = field
        if first is not None:
            self.edits[first].setFocus()
