"""Composition root: settings → database → services. No globals; the GUI and the CLI both
start from ``open_station``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from station_app import i18n
from station_app.clock import Clock, SystemClock
from station_app.config.logging_setup import configure_logging
from station_app.config.paths import DataPaths
from station_app.config.settings import (
    CLOSED_DAYS,
    DEDUPE_MINUTES,
    EXPIRY_WARNING_DAYS,
    POSTED_HOURS,
    REPORT_LOGO,
    RETENTION_YEARS,
    STATION_ZONE,
    Settings,
)
from station_app.db.engine import Database
from station_app.db.migrate import UpgradeResult, ensure_schema
from station_app.domain.accounts import Duty
from station_app.services.accounts.attendants import AccountService
from station_app.services.accounts.audit_reader import AuditLogService
from station_app.services.checkin.checkin import CheckinService
from station_app.services.checkin.service_log import ServiceLogService
from station_app.services.checkin.shift import ShiftService
from station_app.services.checkin.visit_log import VisitLogService
from station_app.services.feedback.suggestions import FeedbackService
from station_app.services.people.cards import CardService
from station_app.services.people.keyring import KeyringService
from station_app.services.people.workers import WorkerService
from station_app.services.reporting.period_reports import ReportService
from station_app.services.reporting.summaries import SummaryService
from station_app.services.station.backups import BackupService
from station_app.services.station.file_check import EarlyCheck
from station_app.services.station.profile import StationService
from station_app.services.station.self_check import SelfCheckService
from station_app.services.station.settings_changes import SettingsService
from station_app.services.stock.activities import ActivityService
from station_app.services.stock.inventory import InventoryService
from station_app.services.stock.lending import LendingService
from station_app.services.sync.sending import SyncService

if TYPE_CHECKING:
    from station_app.demo.fill import DemoService

log = logging.getLogger(__name__)


@dataclass
class Station:
    """Everything the GUI or the CLI needs to work on one station's data."""

    paths: DataPaths
    settings: Settings
    clock: Clock
    db: Database
    upgrade: UpgradeResult
    station: StationService
    workers: WorkerService
    cards: CardService
    keyring: KeyringService
    checkin: CheckinService
    inventory: InventoryService
    lending: LendingService
    service_log: ServiceLogService
    reports: ReportService
    summaries: SummaryService
    sync: SyncService
    backups: BackupService
    accounts: AccountService
    audit: AuditLogService
    config: SettingsService
    visit_log: VisitLogService
    shift: ShiftService
    self_check: SelfCheckService
    activities: ActivityService
    feedback: FeedbackService

    @property
    def demo(self) -> DemoService:
        """The demo generator, loaded only when a demo is asked for (not at every start)."""
        from station_app.demo.fill import DemoService

        return DemoService(self.db, self.settings)

    def close(self) -> None:
        self.db.close()


def load_settings(data_dir: Path, language: str | None = None) -> Settings:
    """Settings first, so the language is set before any message is shown: ``language``
    (a command's ``--lang``, for this run only) or else the station's."""
    paths = DataPaths(data_dir)
    settings = Settings.load(paths.settings)
    i18n.install(language or settings.language)
    return settings


def follow_station_zone(clock: Clock, settings: Settings) -> None:
    """Every day boundary, report, summary and time shown is in the station's zone (its
    setting), whatever the PC's; read at each use, so a change applies at once."""
    clock.follow_zone(lambda: ZoneInfo(settings.get(STATION_ZONE)))


def closed_station_backups(
    data_dir: Path, clock: Clock, *, language: str | None = None
) -> BackupService:
    """The backups of a station whose database is not open (damaged, or about to be
    restored): what the restore dialogs and ``station-app restore`` work with."""
    paths = DataPaths(data_dir)
    settings = load_settings(data_dir, language)
    follow_station_zone(clock, settings)
    return BackupService(paths.database, paths.backups, settings, clock)


def open_station(
    data_dir: Path,
    *,
    verbose: bool = False,
    console: bool = True,
    early_check: EarlyCheck | None = None,
    clock: Clock | None = None,
    language: str | None = None,
) -> Station:
    """Open (create or upgrade) the station database under ``data_dir``.

    ``console``: the command line, trusted as the computer's user (``domain.accounts.Duty``);
    the GUI passes False, so nothing is written before an attendant signs in.
    ``early_check``: the start-up check of this database, already running (see
    ``db/file_check.py``); without it the check runs here.
    ``clock``: the app's one clock, handed to every service (default: the computer's; tests
    pass a ``FrozenClock``).
    ``language``: this run's language (``--lang``), over the one in the settings, for every
    message and document of the run.

    Raises OSError when the folder cannot be written and ``DatabaseProblem`` when the file
    cannot be used; both carry a message meant for the attendant.
    """
    clock = clock or SystemClock()
    paths = DataPaths(data_dir)
    paths.ensure()
    log_file = configure_logging(paths.logs, verbose=verbose)
    settings = load_settings(data_dir, language)
    follow_station_zone(clock, settings)
    log.info("opening station data in %s (log %s)", paths.root, log_file)
    backups = BackupService(paths.database, paths.backups, settings, clock)
    backups.check_database(early_check)  # a damaged file: the message names the backup
    db = Database.open(paths.database, Duty(console=console))
    try:
        result = ensure_schema(db.engine, paths.database, paths.backups, now=clock.local_now())
    except BaseException:
        db.close()
        raise
    summaries = SummaryService(
        db, clock, lambda: (settings.get(POSTED_HOURS), settings.get(CLOSED_DAYS))
    )
    inventory = InventoryService(db, clock, lambda: settings.get(EXPIRY_WARNING_DAYS))
    return Station(
        paths=paths,
        settings=settings,
        clock=clock,
        db=db,
        upgrade=result,
        station=StationService(db, clock),
        workers=WorkerService(db, clock, lambda: settings.get(RETENTION_YEARS)),
        cards=CardService(db, clock),
        keyring=KeyringService(db, clock),
        # Read at every scan, so a change on the settings page applies at once.
        checkin=CheckinService(db, clock, lambda: settings.get(DEDUPE_MINUTES)),
        inventory=inventory,
        lending=LendingService(db, clock),
        service_log=ServiceLogService(db, clock),
        reports=ReportService(
            db,
            clock,
            lambda: settings.get(REPORT_LOGO),
            lambda: (settings.get(POSTED_HOURS), settings.get(CLOSED_DAYS)),
        ),
        summaries=summaries,
        sync=SyncService(db, clock, settings, summaries),
        backups=backups,
        accounts=AccountService(db, clock),
        audit=AuditLogService(db, clock),
        config=SettingsService(db, clock, settings),
        visit_log=VisitLogService(db, clock),
        shift=ShiftService(db, clock, lambda: inventory.alerts().count),
        self_check=SelfCheckService(db, clock),
        activities=ActivityService(db, clock),
        feedback=FeedbackService(db, clock, settings),
    )
