"""Changing the station's settings: admin only, written whole or not at all, audited.

The settings live in ``settings.json`` beside the database (the language must be known
before the database opens), so the change and its audit event cannot share a transaction:
the file is written first, and the event names the keys changed, never their values (an
upload token is a secret).
"""

from __future__ import annotations

from collections.abc import Mapping

from station_app.clock import Clock
from station_app.config.settings import Settings
from station_app.db.engine import Database
from station_app.db.uow import UnitOfWork
from station_app.i18n import _
from station_app.services import audit
from station_app.services.access import require_admin
from station_app.services.errors import ServiceError


class SettingsService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings

    def change(self, values: Mapping[str, object]) -> list[str]:
        """Store ``values``; returns the keys that changed. Nothing is in force unless the
        file was written (a later change of another key must not write these either)."""
        require_admin(self._db)
        settings = self._settings
        changed = sorted(key for key, value in values.items() if settings[key] != value)
        if not changed:
            return []
        before = dict(settings.values)
        for key in changed:
            settings[key] = values[key]
        try:
            settings.save()
        except OSError as exc:
            settings.values = before
            raise ServiceError(
                _("Could not save the settings file: {error}").format(error=exc.strerror or exc)
            ) from exc
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
