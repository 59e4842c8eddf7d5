"""Bring a station's database to the schema this app expects, safely.

A new file is created at the newest revision. An older file is first copied with SQLite's
online backup API into the backups folder, the copy is checked, and only then upgraded, so
an interrupted upgrade can always be undone by restoring that copy.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from station_app.db.first_look import quick_head
from station_app.domain.errors import DatabaseProblem
from station_app.i18n import _
from station_app.resources import migrations_dir

# Alembic is imported where it is used: importing it costs a tenth of a second, and a
# database already at the newest revision (every start but the first after an update)
# needs none of it (``quick_head``).
if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(script_location: Path | None = None) -> Config:
    """The migrations of a station's database, or of those in ``script_location`` (HQ's)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_dir()))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head", *, config: Config | None = None) -> None:
    """Run the migrations up to ``revision`` on ``engine`` (no backup: see ``ensure_schema``);
    ``config``: another history than the station's (HQ's)."""
    from alembic import command

    config = config or alembic_config()
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
            return
        # A batch migration copies a table, drops the old one and renames the copy. With
        # foreign keys on, that DROP fires ON DELETE actions (every visit would lose its
        # card), so they are off while migrating. SQLite only changes this pragma outside a
        # transaction, hence the raw connection; it is back on before the pool gets it back.
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    log.warning("rows with dangling references after upgrade: %s", broken[:20])
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def backup_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite file consistently and check the copy before trusting it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            (result,) = dst.execute("PRAGMA quick_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise DatabaseProblem(
            _("The backup copy could not be verified: {detail}").format(detail=result)
        )


def _stamped(engine: Engine) -> str | None:
    """The revision the database says it is at, read without Alembic (None: no stamp)."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except SQLAlchemyError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def ensure_schema(engine: Engine, path: Path, backups: Path, *, now: dt.datetime) -> UpgradeResult:
    """Create or upgrade the database at ``path``; back it up first when it holds data.

    ``now``: local wall-clock time, which names that backup."""
    quick = quick_head()
    if quick is not None and _stamped(engine) == quick:
        return UpgradeResult(quick, quick, None)  # the usual start: nothing to do
    from alembic.script import ScriptDirectory

    head = head_revision()
    current = current_revision(engine)
    has_tables = bool(inspect(engine).get_table_names())
    if current is None and has_tables:
        raise DatabaseProblem(
            _("{path} is not a station database. Choose another data folder.").format(path=path)
        )
    if current == head:
        return UpgradeResult(current, head, None)
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseProblem(
            _(
                "This database was written by a newer version of the app. "
                "Install the newer version again, or restore an older backup."
            )
        )
    backup = None
    if current is not None:
        stamp = now.strftime("%Y%m%d-%H%M%S")
        backup = backups / f"before-upgrade-{current}-{stamp}.sqlite3"
        try:
            backup_copy(path, backup)
        except (OSError, sqlite3.Error) as exc:
            log.exception("backup before upgrade failed")
            raise DatabaseProblem(
                _(
                    "Could not copy the database before upgrading it ({detail}). "
                    "Free some disk space and start the app again; nothing was changed."
                ).format(detail=exc)
            ) from exc
        log.info("backed up %s to %s before upgrading from %s", path, backup, current)
    upgrade(engine)
    log.info("database %s upgraded from %s to %s", path, current, head)
    return UpgradeResult(current, head, backup)
