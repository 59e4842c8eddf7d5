"""Today's numbers at a glance: visits, workers with a card, anonymous, by occupation.

A strip of two lines (each big number with its caption beside it, then the busiest
occupations), so it fits under the occupation buttons and the recent visits keep the
room beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from station_app.i18n import _
from station_app.i18n.formatting import number
from station_app.services.checkin.outcomes import TodayCounts
from station_app.ui.widgets.elided_label import ElidedLabel

BY_OCCUPATION_SHOWN = 3  # the busiest few (the rest as 其他); the weekly report has them all


class _Figure(QWidget):
    """A big number with a short caption beside it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel("0")
        self.value.setObjectName("counterValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.caption = QLabel(caption)
        self.caption.setObjectName("counterCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.caption.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.value)
        row.addWidget(self.caption, 1)


class TodayCounters(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits = _Figure(_("visits today"))
        self.workers = _Figure(_("card holders"))
        self.anonymous = _Figure(_("anonymous"))
        self.none_yet = QLabel(_("No visits yet today."))
        self.none_yet.setObjectName("byOccupation")
        # The busiest occupations on one line: "环卫工人  12", and "no visits yet" in
        # their place.
        self.rows: list[tuple[ElidedLabel, QLabel]] = []
        breakdown = QHBoxLayout()
        breakdown.setSpacing(0)
        # Shown only while the names are empty, in their place.
        breakdown.addWidget(self.none_yet)
        for _n in range(BY_OCCUPATION_SHOWN):
            # A long occupation gives way ("网约车/出…") rather than widen the page.
            name, count = ElidedLabel(elide=Qt.TextElideMode.ElideRight), QLabel()
            name.setObjectName("byOccupation")
            count.setObjectName("byOccupationCount")
            count.setContentsMargins(6, 0, 18, 0)  # close to its name, apart from the next
            breakdown.addWidget(name)
            breakdown.addWidget(count)
            self.rows.append((name, count))
        breakdown.addStretch(1)
        figures = QHBoxLayout()
        figures.setContentsMargins(0, 0, 0, 0)
        figures.setSpacing(12)
        for figure in (self.visits, self.workers, self.anonymous):
            figures.addWidget(figure, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(figures)
        layout.addLayout(breakdown)
        self.counts = TodayCounts(0, 0, 0)
        self.show_counts(self.counts)

    def show_counts(self, counts: TodayCounts) -> None:
        self.counts = counts
        self.visits.value.setText(number(counts.visits))
        self.workers.value.setText(number(counts.distinct_workers))
        self.anonymous.value.setText(number(counts.anonymous))
        busiest = sorted(counts.by_occupation.items(), key=lambda item: (-item[1], item[0]))
        if len(busiest) > BY_OCCUPATION_SHOWN:
            rest = sum(n for _label, n in busiest[BY_OCCUPATION_SHOWN - 1 :])
            busiest = [*busiest[: BY_OCCUPATION_SHOWN - 1], (_("Others"), rest)]
        self.none_yet.setVisible(not busiest)
        for n, (name, count) in enumerate(self.rows):
            label, visits = busiest[n] if n < len(busiest) else ("", 0)
            name.setText(label)
            count.setText(number(visits) if label else "")
            name.setVisible(bool(label))
            count.setVisible(bool(label))

    def breakdown(self) -> dict[str, str]:
        """What the by-occupation lines show: label → count as displayed."""
        return {name.text(): count.text() for name, count in self.rows if name.text()}
