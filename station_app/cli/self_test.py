"""`station-app --self-test`: prove that an installed (or frozen) app can do its main job.

The packaging test runs it inside the PyInstaller bundle, and a volunteer can run it on a
station PC after installing. It works in a temporary folder through the same code the app
uses (``open_station``, the services, the report toolkit), so a missing migration, font,
catalog or library shows up here and not at the first visitor. It never touches the
station's own data folder. No Qt: the GUI is checked separately (``--screenshot``).
"""

from __future__ import annotations

import io
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from station_app import __version__, i18n
from station_app.app import Station, open_station
from station_app.cli.exit_codes import EXIT_FAILED, EXIT_OK
from station_app.clock import Clock
from station_app.config.logging_setup import stop_logging
from station_app.db.migrate import head_revision
from station_app.domain.periods import week_of
from station_app.domain.station import StationProfile
from station_app.i18n import _
from station_app.reports.period_pdf import period_report_pdf
from station_app.resources import bundled_font, locale_dir, resources_dir
from station_app.services.checkin.outcomes import CheckinStatus
from station_app.services.people.worker_data import WorkerInput
from station_app.services.station.licences import components, missing_direct_dependencies


class SelfTestFailed(Exception):
    """A step did not give what it should; the message says what."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailed(message)


class _Steps:
    """Runs the steps in order, one printed line each, and stops at the first failure."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.failed = False

    def run(self, title: str, step: Callable[[], str]) -> bool:
        try:
            detail = step()
        except Exception as exc:
            self.failed = True
            self._out.write(_("FAILED {step}: {error}").format(step=title, error=exc) + "\n")
            self._out.flush()
            if not isinstance(exc, SelfTestFailed):
                traceback.print_exc(file=sys.stderr)
            return False
        self._out.write(_("ok {step}: {detail}").format(step=title, detail=detail) + "\n")
        self._out.flush()
        return True


def run_self_test(
    folder: Path | None = None, out: TextIO | None = None, clock: Clock | None = None
) -> int:
    """Run every step in ``folder`` (default: a new temporary folder, deleted afterwards),
    on ``clock`` (default: the computer's).

    Returns 0 when every step passed, 1 at the first failure (its message is printed).
    """
    # A windowed Windows build has no stdout (station-app-cli.exe has): the exit code tells.
    out = out or sys.stdout or io.StringIO()
    out.write(_("驿站 Station {version} self-test").format(version=__version__) + "\n")
    if folder is not None:
        return _run_in(folder, out, clock)
    # ignore_cleanup_errors: on Windows the log file may still be open when the folder goes.
    with tempfile.TemporaryDirectory(
        prefix="station-self-test-", ignore_cleanup_errors=True
    ) as tmp:
        return _run_in(Path(tmp), out, clock)


def _run_in(folder: Path, out: TextIO, clock: Clock | None) -> int:
    steps = _Steps(out)
    test = _SelfTest(folder, clock)
    try:
        for title, step in (
            (_("resources"), test.resources),
            (_("database"), test.database),
            (_("station profile"), test.profile),
            (_("check-in"), test.checkin),
            (_("weekly report"), test.report),
            (_("licences"), test.licences),
        ):
            if not steps.run(title, step):
                break
    finally:
        test.close()
    if steps.failed:
        return EXIT_FAILED
    out.write(_("Self-test passed.") + "\n")
    return EXIT_OK


class _SelfTest:
    """The steps, in order; each returns its one-line result or raises."""

    def __init__(self, folder: Path, clock: Clock | None) -> None:
        self._folder = folder
        self._clock = clock
        self._station: Station | None = None

    @property
    def station(self) -> Station:
        _check(self._station is not None, _("the database is not open"))
        assert self._station is not None
        return self._station

    def close(self) -> None:
        if self._station is not None:
            self._station.close()
        stop_logging()  # the log file is in the folder about to be deleted

    def resources(self) -> str:
        catalog = locale_dir() / "zh_CN" / "LC_MESSAGES" / "station_app.mo"
        font = bundled_font()
        _check(font.is_file(), _("the font {path} is missing").format(path=font))
        _check(catalog.is_file(), _("the catalog {path} is missing").format(path=catalog))
        return str(resources_dir())

    def database(self) -> str:
        language = i18n.current_language()
        self._station = open_station(self._folder / "data", clock=self._clock)
        i18n.install(language)  # opening read the new folder's settings: keep --lang
        upgrade = self._station.upgrade
        _check(
            upgrade.to_revision == head_revision(),
            _("the database is not at the newest revision {revision}").format(
                revision=head_revision()
            ),
        )
        return _("created and migrated to revision {revision} in {path}").format(
            revision=upgrade.to_revision, path=self._station.paths.database
        )

    def profile(self) -> str:
        profile = StationProfile(code="SELF-TEST", name=_("Self-test station"))
        saved = self.station.station.save_profile(profile)
        return _("station {code}, signing key {key_id}").format(
            code=saved.code, key_id=self.station.keyring.own_key_id()
        )

    def checkin(self) -> str:
        station = self.station
        occupation = station.station.occupations()[0]
        worker = station.workers.register(
            WorkerInput(display_name=_("Self-test"), occupation_code=occupation.code, consent=True)
        )
        card = station.cards.issue(worker.id)
        result = station.checkin.scan(card.qr_text)
        _check(result.status is CheckinStatus.ACCEPTED, result.message)
        _check(station.checkin.count_visits() == 1, _("the visit was not written"))
        return _("card {card_no} checked in by its QR text").format(card_no=card.card_no)

    def report(self) -> str:
        period = week_of(self.station.clock.today())
        target = self._folder / "report.pdf"
        report = self.station.reports.period_report(period)
        pages = period_report_pdf(report, target, zone=self.station.clock.zone)
        data = target.read_bytes() if target.exists() else b""
        _check(data.startswith(b"%PDF"), _("no PDF was written"))
        # reportlab names an embedded subset after the font's own name.
        _check(b"WenQuanYi" in data, _("the bundled font is not embedded in the PDF"))
        return _("{pages} page(s), {size} bytes, week {week}").format(
            pages=pages, size=len(data), week=period.code()
        )

    def licences(self) -> str:
        missing = missing_direct_dependencies()
        _check(not missing, _("no licence data for {names}").format(names=", ".join(missing)))
        found = components()
        # The font, Python and Qt: their texts come from files the bundle must carry.
        unreadable = [c.name for c in found[:3] if not c.text]
        _check(not unreadable, _("no licence text for {names}").format(names=", ".join(unreadable)))
        return _("{n} components listed with their licences").format(n=len(found))
