"""Changing the station's settings: admin only, written whole or not at all, audited.

The settings live in ``settings.json`` beside the database (the language must be known
before the database opens), so the change and its audit event cannot share a transaction:
the file is written first, and the event names the keys changed, never their values (an
upload token is a secret).
"""

from __future__ import annotations

from collections.abc import Mapping

from station_app.clock import Clock
from station_app.config.settings import InvalidSetting, Settings
from station_app.db.engine import Database
from station_app.db.uow import UnitOfWork
from station_app.domain.errors import ServiceError
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin
from station_app.services.changes import Subject
from station_app.services.changes import note as note_change


class SettingsService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings

    def change(self, values: Mapping[str, object]) -> list[str]:
        """Store ``values`` (setting key → value); returns the keys that changed. Nothing is
        in force unless the file was written (a later change of another key must not write
        these either); a value its setting does not take is refused, naming the setting."""
        require_admin(self._db)
        try:
            changed = self._settings.update(values)
        except InvalidSetting as exc:
            raise ServiceError(str(exc)) from exc
        except OSError as exc:
            raise ServiceError(
                _("Could not save the settings file: {error}").format(error=exc.strerror or exc)
            ) from exc
        if not changed:
            return []
        note_change(Subject.SETTINGS)
        with UnitOfWork(self._db) as uow:
            audit.record(
                uow.session,
                "settings.changed",
                "settings",
                "",
                " ".join(changed),
                at=self._clock.now(),
            )
            uow.commit()
        return changed
