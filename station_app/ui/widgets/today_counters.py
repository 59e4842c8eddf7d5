"""Today's numbers at a glance: visits, workers with a card, anonymous, by occupation.

A strip of two lines (each big number with its caption beside it, then the busiest
occupations), so it fits under the occupation buttons and the recent visits keep the
room beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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
        breakdown = QGridLayout()
        breakdown.setHorizontalSpacing(10)
        breakdown.setVerticalSpacing(2)
        for n in range(BY_OCCUPATION_SHOWN):
            # A long occupation gives way ("网约车/出…") rather than widen the page.
            name, count = ElidedLabel(elide=Qt.TextElideMode.ElideRight), QLabel()
            name.setObjectName("byOccupation")
            count.setObjectName("byOccupationCount")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            breakdown.addWidget(name, 0, n * 2)
            breakdown.addWidget(count, 0, n * 2 + 1)
            self.rows.append((name, count))
        for n in range(BY_OCCUPATION_SHOWN):
            breakdown.setColumnStretch(n * 2, 1)
            breakdown.setColumnMinimumWidth(n * 2 + 1, 28)
        # Shown only while the names are empty, over them.
        breakdown.addWidget(self.none_yet, 0, 0, 1, BY_OCCUPATION_SHOWN * 2)
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

    def breakdown(self) -> dict[str, str]:
        """What the by-occupation lines show: label → count as displayed."""
        return {name.text(): count.text() for name, count in self.rows if name.text()}
