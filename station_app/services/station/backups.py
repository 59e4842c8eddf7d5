"""Backups that can be trusted, and a restore that never makes things worse.

A backup is an online copy made with SQLite's backup API (``db.migrate.backup_copy``, the
same copy taken before a migration) under a temporary name, checked with ``quick_check``,
and only then given its real name: a power cut or a full USB stick never leaves a file that
looks like a good backup. Rotation keeps 14 daily and 8 weekly copies
(``domain.backup_rotation``); other files in the folder (copies from before an upgrade or a
restore) are left alone. A backup or restore killed midway leaves its temporary file (a
hidden name of ours); the next backup removes those no process has written to for an hour
(a backup running now in another process keeps writing to its own).

A restore first copies the chosen file into the data folder and checks that copy
(``integrity_check``, a station database of a revision this app knows), then keeps a copy of
the current database, and only then swaps the files with one rename. The restored file keeps
the permissions of the database it replaces (a new one gets those of a new database file).
The database must not be open while it runs: the CLI restores without opening the station,
the GUI before it does.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from station_app.atomic_file import atomic_path, remove_stale_temporaries
from station_app.clock import Clock
from station_app.config.settings import BACKUP_FOLDER, Settings
from station_app.db.migrate import alembic_config, backup_copy
from station_app.domain.backup_rotation import backup_name, taken_at, to_keep
from station_app.domain.days import to_local
from station_app.domain.errors import DatabaseProblem, ServiceError
from station_app.i18n import _
from station_app.services.station.file_check import (
    SIDE_FILES,
    EarlyCheck,
    check_at_start,
    check_file,
    seal_after_close,
)

log = logging.getLogger(__name__)
# A backup's or a restore's temporary file untouched this long was left by a process that
# died: a running backup writes its file page by page, and checking it takes seconds.
STALE_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    removed: tuple[Path, ...]  # older backups that rotation deleted
    fallback: bool = False  # the chosen folder was missing; the data folder's was used


@dataclass(frozen=True)
class BackupInfo:
    """A backup file that passed every check, as the attendant is asked to confirm it."""

    path: Path
    revision: str
    visits: int
    modified: dt.datetime  # local time


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    previous: Path | None  # where the database that was replaced went


class DatabaseDamaged(DatabaseProblem):
    """The station's database fails its check; the message names the way back."""

    def __init__(self, database: Path, detail: str, backup: Path | None) -> None:
        self.database = database
        self.detail = detail
        self.backup = backup
        if backup is not None:
            message = _(
                "The station's database {path} is damaged ({detail}). "
                "Restore the latest good backup, {backup}: answer Restore in the window, "
                'or run: station-app restore "{backup}" --yes'
            ).format(path=database, detail=detail, backup=backup)
        else:
            message = _(
                "The station's database {path} is damaged ({detail}) and no good backup was "
                "found. Keep a copy of the file and ask for help; with a backup on a USB "
                "stick, run: station-app restore FILE --yes"
            ).format(path=database, detail=detail)
        super().__init__(message)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory  # only to check a backup: not at every start

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


class BackupService:
    """Backups of the database at ``database`` into the chosen folder, and restores."""

    def __init__(
        self, database: Path, default_folder: Path, settings: Settings, clock: Clock
    ) -> None:
        self._database = database
        self._default = default_folder
        self._settings = settings
        self._clock = clock

    def _wall_clock(self, moment: dt.datetime | None = None) -> dt.datetime:
        """``moment`` (aware; default: now) as the naive local time backups are named by."""
        return to_local(moment or self._clock.now(), self._clock.zone).replace(tzinfo=None)

    def _file_time(self, path: Path) -> dt.datetime:
        """When ``path`` was last written, as naive local time."""
        return self._wall_clock(dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC))

    # -- where -------------------------------------------------------------------------

    def chosen_folder(self) -> Path:
        """The folder setting (a USB stick), or the data folder's backups/."""
        chosen = self._settings.get(BACKUP_FOLDER).strip()
        return Path(chosen) if chosen else self._default

    def _folders(self) -> list[Path]:
        folders = [self.chosen_folder(), self._default]
        return [f for i, f in enumerate(folders) if f.is_dir() and f not in folders[:i]]

    # -- backing up --------------------------------------------------------------------

    def back_up(
        self, folder: Path | None = None, *, now: dt.datetime | None = None
    ) -> BackupResult:
        """Take a verified backup into ``folder`` (default: the chosen one), then rotate."""
        moment = now or self._wall_clock()
        target_folder = folder or self.chosen_folder()
        fallback = False
        if target_folder != self._default and not target_folder.is_dir():
            if folder is not None:
                raise ServiceError(
                    _(
                        "The folder {folder} does not exist. Plug in the USB stick or "
                        "choose another folder."
                    ).format(folder=target_folder)
                )
            # The stick is not plugged in: a copy on this PC still guards against a damaged file.
            log.warning("backup folder %s missing; using %s", target_folder, self._default)
            target_folder, fallback = self._default, True
        target = target_folder / backup_name(moment)
        try:
            target_folder.mkdir(parents=True, exist_ok=True)  # the data folder's backups/
            with atomic_path(target) as partial:
                # What backups and restores killed midway left behind (never a running one's).
                for leftovers in {target_folder, self._database.parent}:
                    remove_stale_temporaries(leftovers, fresh=partial, max_age=STALE_AFTER)
                backup_copy(self._database, partial)
                with closing(sqlite3.connect(partial)) as conn:
                    # One self-contained file that opens on a read-only stick or another PC.
                    conn.execute("PRAGMA journal_mode=DELETE")
        except (OSError, sqlite3.Error, DatabaseProblem) as exc:
            log.exception("backup to %s failed", target)
            raise ServiceError(
                _("The backup could not be written to {folder}: {detail}").format(
                    folder=target_folder, detail=exc
                )
            ) from exc
        log.info("backed up %s to %s", self._database, target)
        return BackupResult(target, self._rotate(target_folder), fallback)

    def back_up_if_due(self, *, now: dt.datetime | None = None) -> BackupResult | None:
        """The automatic daily backup: taken when no folder holds one from today."""
        moment = now or self._wall_clock()
        for folder in self._folders():
            for path in folder.glob("station-*.sqlite3"):
                when = taken_at(path.name)
                if when is not None and when.date() == moment.date():
                    return None
        return self.back_up(now=moment)

    def _rotate(self, folder: Path) -> tuple[Path, ...]:
        backups = {}
        for path in folder.glob("station-*.sqlite3"):
            when = taken_at(path.name)
            if when is not None:
                backups[when] = path
        keep = to_keep(backups)
        removed = []
        for when, path in sorted(backups.items()):
            if when not in keep:
                try:
                    path.unlink()
                except OSError:
                    log.warning("could not remove old backup %s", path, exc_info=True)
                    continue
                removed.append(path)
        return tuple(removed)

    # -- finding and checking ------------------------------------------------------------

    def latest_good(self) -> Path | None:
        """The newest backup in the chosen folder or the data folder's that passes its check."""
        candidates = [
            path
            for folder in self._folders()
            for path in folder.glob("*.sqlite3")
            if not path.name.startswith(".")
        ]
        # The moment in a rotated backup's name, else the file's time (copies before an
        # upgrade or a restore, a file copied in by hand).
        candidates.sort(
            key=lambda p: taken_at(p.name) or self._file_time(p),
            reverse=True,
        )
        for path in candidates:
            try:
                self.inspect(path, thorough=False)
            except ServiceError as exc:
                log.warning("backup %s not usable: %s", path, exc)
                continue
            return path
        return None

    def inspect(
        self, path: Path, *, thorough: bool = True, shown: Path | None = None
    ) -> BackupInfo:
        """Check that ``path`` is a sound station database this app can open; say what it
        holds. Messages name ``shown`` (the file the attendant chose, when ``path`` is a copy)."""
        if not path.is_file():
            raise ServiceError(_("There is no file {path}.").format(path=path))
        problem = check_file(path, thorough=thorough)
        if problem is not None:
            raise ServiceError(
                _("{path} is damaged ({detail}); it cannot be restored.").format(
                    path=shown or path, detail=problem
                )
            )
        not_station = ServiceError(
            _("{path} is not a backup of a station's database.").format(path=shown or path)
        )
        try:
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
                revisions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                visits = conn.execute("SELECT count(*) FROM visit").fetchone()[0]
        except sqlite3.Error as exc:
            raise not_station from exc
        if len(revisions) != 1:
            raise not_station
        revision = str(revisions[0][0])
        if revision not in _known_revisions():
            raise ServiceError(
                _(
                    "{path} was written by a newer version of the app. Install that version "
                    "to restore it."
                ).format(path=shown or path)
            )
        modified = self._file_time(shown or path)
        return BackupInfo(shown or path, revision, int(visits), modified)

    def seal_after_close(self) -> bool:
        """The check at a clean close (the database closed): True when the next start may
        trust the file without reading it."""
        return seal_after_close(self._database, self._clock.now())

    def check_database(self, early: EarlyCheck | None = None) -> None:
        """The start-up check: raise ``DatabaseDamaged`` (naming the latest good backup) when
        the station's database fails ``quick_check``. A missing file is a new station, and
        a file the check at the last clean close vouches for is not read again
        (``file_check.seal_after_close``).

        ``early``: the same check, already started on a thread of its own (the GUI starts it
        before its imports); its answer is awaited here, before the database is opened."""
        if early is not None and early.database == self._database:
            problem = early.problem()
        else:
            problem, _vouched = check_at_start(self._database, self._clock.now())
        if problem is None:
            return
        log.error("database %s fails its check: %s", self._database, problem)
        raise DatabaseDamaged(self._database, problem, self.latest_good())

    # -- restoring -----------------------------------------------------------------------

    def restore(self, source: Path, *, now: dt.datetime | None = None) -> RestoreResult:
        """Replace the station's database with the backup ``source`` (the database must not be
        open). Nothing is changed unless the backup passes every check."""
        if self._database.exists() and source.exists() and source.samefile(self._database):
            raise ServiceError(_("That file is the station's database itself; choose a backup."))
        self._database.parent.mkdir(parents=True, exist_ok=True)
        # Checking a copy, not the file itself: a backup on a USB stick stays untouched,
        # and the copy that passed is the very file that is renamed into place when the
        # block ends (nothing changes if anything in it fails).
        with atomic_path(self._database) as staged:
            remove_stale_temporaries(self._database.parent, fresh=staged, max_age=STALE_AFTER)
            try:
                shutil.copyfile(source, staged)
            except OSError as exc:
                raise ServiceError(
                    _("{path} cannot be read: {detail}").format(path=source, detail=exc)
                ) from exc
            info = self.inspect(staged, shown=source)
            with closing(sqlite3.connect(staged)) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            previous = self._keep_current(now or self._wall_clock())
            # A -wal file left beside the new database would be replayed into it.
            for suffix in SIDE_FILES:
                Path(f"{self._database}{suffix}").unlink(missing_ok=True)
        log.info("restored %s from %s (previous kept in %s)", self._database, source, previous)
        return RestoreResult(info, previous)

    def _keep_current(self, moment: dt.datetime) -> Path | None:
        """Copy the database about to be replaced into the data folder's backups/."""
        if not self._database.exists():
            return None
        stamp = f"{moment:%Y%m%d-%H%M%S}"
        kept = self._default / f"before-restore-{stamp}.sqlite3"
        try:
            backup_copy(self._database, kept)  # checkpoints its WAL into the copy
            return kept
        except (sqlite3.Error, DatabaseProblem):
            log.warning("current database does not copy cleanly; keeping its raw files")
        # A damaged database: keep its bytes (and its WAL) as they are, for whoever repairs it.
        kept = self._default / f"damaged-{stamp}.sqlite3"
        try:
            self._default.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal"):
                original = Path(f"{self._database}{suffix}")
                if original.exists():
                    shutil.copyfile(original, Path(f"{kept}{suffix}"))
        except OSError as exc:
            raise ServiceError(
                _(
                    "The current database could not be copied before restoring ({detail}); "
                    "nothing was changed."
                ).format(detail=exc)
            ) from exc
        return kept
