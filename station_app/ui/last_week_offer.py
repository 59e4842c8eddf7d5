"""Last week's report, offered (and saved by itself) on the first start after the week
ended: a link in the status bar whatever page is on show, and the reports page's banner.

Kept apart from the reports page, so that a start learns whether to offer without building
that page: a quarter of a second on the GUI thread, just as the attendant begins to type.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from station_app.app import Station
from station_app.config.settings import REPORT_AUTOSAVE
from station_app.domain.periods import Period, last_full_week
from station_app.i18n import _
from station_app.services.reporting.report_files import last_week_file, save_last_week
from station_app.ui.ops import Failure, Ops
from station_app.ui.period_words import period_label

log = logging.getLogger(__name__)


class LastWeekOffer(QObject):
    """What is offered, and what the banner and the status bar say about it."""

    changed = Signal()

    def __init__(self, station: Station, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.ops = ops
        self.offered: tuple[Period, Path] | None = None  # the week, and the file looked for
        self.banner = ""  # the reports page's banner; "" hides it
        self.button = False  # the banner's "Show last week's report"
        self.link = ""  # the status bar's link; "" hides it
        self.tooltip = ""

    def check(self, today: dt.date | None = None) -> Path | None:
        """Offer last week's report when the reports folder does not hold it, and save it
        there in the background when the setting says so (never over a file).

        Returns the file looked for when it is offered, None when it is already there."""
        day = today or self.station.clock.today()
        profile = self.station.station.profile()
        if profile is None:
            return None
        target = last_week_file(self.station.paths.reports, profile.code, day)
        if target.exists():
            self.withdraw()
            return None
        period = last_full_week(day)
        first = self.station.reports.first_visit_day()
        if first is None or first > period.end:
            # A station that opened this week has no last week to report on.
            self.withdraw()
            return None
        self.offered = (period, target)
        label = period_label(period)
        self._tell(
            _("Last week's report ({period}) has not been saved yet.").format(period=label),
            button=True,
            link=_("Show last week's report"),
            tooltip=label,
        )
        if self.station.settings.get(REPORT_AUTOSAVE):
            self._autosave(day, profile.code)
        return target

    def _autosave(self, day: dt.date, code: str) -> None:
        folder = self.station.paths.reports

        def saved(result: Path | None) -> None:
            if self.offered is None or result is None:
                return
            text = _("Last week's report was saved as {path}.").format(path=result)
            self._tell(text, button=True, link=_("Show last week's report"), tooltip=text)

        def failed(failure: Failure) -> None:
            log.warning("saving last week's report failed: %s", failure.text)
            if self.offered is None:
                return
            text = _("Last week's report could not be saved by itself: {problem}").format(
                problem=failure.text
            )
            self._tell(text, button=True, link=self.link, tooltip=self.tooltip)

        reports = self.station.reports
        self.ops.read(lambda _progress: save_last_week(reports, folder, code, day)).with_progress(
            _("Saving last week's report")
        ).success(saved).failure(failed).run_in_background()

    def take(self) -> Period | None:
        """The offer taken: the week to show, or None when nothing is offered. A report
        saved by itself stays named in the banner."""
        if self.offered is None:
            return None
        period, target = self.offered
        self.offered = None
        if target.exists():
            text = _("Last week's report was saved as {path}.").format(path=target)
            self._tell(text, button=False, link="", tooltip="")
        else:
            self._tell("", button=False, link="", tooltip="")
        return period

    def saved_as(self, path: Path) -> None:
        """The attendant saved a report as ``path``: the offer ends if that is its file."""
        if self.offered is not None and path == self.offered[1]:
            self.withdraw()

    def withdraw(self) -> None:
        self.offered = None
        self._tell("", button=False, link="", tooltip="")

    def _tell(self, banner: str, *, button: bool, link: str, tooltip: str) -> None:
        self.banner, self.button, self.link, self.tooltip = banner, button, link, tooltip
        self.changed.emit()
