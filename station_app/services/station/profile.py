"""The station profile and the station's lists (occupations, service types)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from station_app.clock import Clock
from station_app.db.engine import Database
from station_app.db.models import Occupation, ServiceType, StationProfileRow
from station_app.db.uow import UnitOfWork
from station_app.domain.catalog import (
    FALLBACK_OCCUPATION,
    SHOWN_MAX,
    clean_name,
    custom_code,
    custom_name_problem,
    name_key,
    too_many_shown,
)
from station_app.domain.errors import ServiceError, ValidationFailed
from station_app.domain.station import StationProfile, validate_profile
from station_app.i18n import _
from station_app.services.accounts import audit_writer as audit
from station_app.services.accounts.access import require_admin
from station_app.services.station.labels import catalog_label


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    label: str  # already in the user's language


@dataclass(frozen=True)
class OccupationEntry:
    """An occupation category as the settings list it, hidden ones included."""

    code: str
    label: str  # already in the user's language
    builtin: bool  # from the default list (its label is translated)
    active: bool  # False: hidden from the check-in page and the worker form


class StationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def profile(self) -> StationProfile | None:
        """The station's profile, or None before the first-run set-up."""
        with UnitOfWork(self._db, write=False) as uow:
            row = uow.session.get(StationProfileRow, 1)
            if row is None:
                return None
            return StationProfile(
                code=row.code,
                name=row.name,
                district=row.district,
                address=row.address,
                opening_hours=row.opening_hours,
            )

    def save_profile(self, profile: StationProfile) -> StationProfile:
        """Create or update the profile; raises ValidationFailed with a message per field."""
        profile = profile.normalized()
        problems = validate_profile(profile)
        if problems:
            raise ValidationFailed(problems)
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            now = self._clock.now()
            row = uow.session.get(StationProfileRow, 1) or StationProfileRow(
                id=1, created_at=now, updated_at=now
            )
            row.code = profile.code
            row.name = profile.name
            row.district = profile.district
            row.address = profile.address
            row.opening_hours = profile.opening_hours
            if uow.session.is_modified(row):  # saving the same profile again changes nothing
                row.updated_at = now
            uow.session.add(row)
            audit.record(
                uow.session, "station.profile_saved", "station_profile", profile.code, at=now
            )
            uow.commit()
        return profile

    def occupations(self) -> list[CatalogEntry]:
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(Occupation).where(Occupation.active).order_by(Occupation.sort_order)
            )
            return [CatalogEntry(r.code, catalog_label(r.name, r.builtin)) for r in rows]

    def all_occupations(self) -> list[OccupationEntry]:
        """Every occupation category in the check-in page's order, hidden ones too."""
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(Occupation).order_by(Occupation.sort_order, Occupation.code)
            )
            return [
                OccupationEntry(r.code, catalog_label(r.name, r.builtin), r.builtin, r.active)
                for r in rows
            ]

    def add_occupation(self, name: str) -> CatalogEntry:
        """Add a station's own occupation category at the end of the list.

        Its code (custom_1, custom_2 …) goes on the cards of workers who have it. Raises
        ValidationFailed (field "name") for an empty or long name, for one the list already
        has (whatever its letter case or spaces, in the attendant's language or as stored),
        or when the check-in page already shows SHOWN_MAX categories.
        """
        cleaned = clean_name(name)
        problem = custom_name_problem(cleaned)
        if problem:
            raise ValidationFailed({"name": problem})
        key = name_key(cleaned)
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            rows = list(uow.session.scalars(select(Occupation)))
            for row in rows:
                label = catalog_label(row.name, row.builtin)
                if key in (name_key(row.name), name_key(label)):
                    raise ValidationFailed({"name": _duplicate(label, hidden=not row.active)})
            if sum(row.active for row in rows) >= SHOWN_MAX:
                raise ValidationFailed({"name": too_many_shown()})
            code = custom_code(row.code for row in rows)
            last = max((row.sort_order for row in rows), default=-1)
            uow.session.add(
                Occupation(code=code, name=cleaned, builtin=False, sort_order=last + 1, active=True)
            )
            audit.record(uow.session, "occupation.added", "occupation", code, at=self._clock.now())
            uow.commit()
        return CatalogEntry(code, cleaned)

    def set_occupation_active(self, code: str, active: bool) -> None:
        """Show or hide an occupation category on the check-in page and the worker form.

        Past visits and registered workers keep a hidden category and its label. "Other
        outdoor worker" is never hidden, since foreign cards with an occupation unknown here
        are counted under it; so at least one category always stays shown, and at most
        SHOWN_MAX.
        """
        require_admin(self._db)
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(Occupation, code)
            if row is None:
                raise ServiceError(
                    _("There is no occupation category with the code {code}.").format(code=code)
                )
            if row.active == active:
                return
            label = catalog_label(row.name, row.builtin)
            if not active and row.code == FALLBACK_OCCUPATION:
                raise ServiceError(
                    _(
                        "{label} cannot be hidden: visits by cards from elsewhere whose "
                        "occupation this station does not know are counted under it."
                    ).format(label=label)
                )
            shown = uow.session.scalar(select(func.count()).where(Occupation.active)) or 0
            if active and shown >= SHOWN_MAX:
                raise ServiceError(too_many_shown())
            if not active and shown <= 1:
                raise ServiceError(
                    _(
                        "{label} is the last category shown. Show another one before "
                        "hiding it: visitors without a card need one to choose."
                    ).format(label=label)
                )
            row.active = active
            audit.record(
                uow.session,
                "occupation.active",
                "occupation",
                code,
                str(active),
                at=self._clock.now(),
            )
            uow.commit()

    def service_types(self) -> list[CatalogEntry]:
        with UnitOfWork(self._db, write=False) as uow:
            rows = uow.session.scalars(
                select(ServiceType).where(ServiceType.active).order_by(ServiceType.sort_order)
            )
            return [CatalogEntry(r.code, catalog_label(r.name, r.builtin)) for r in rows]


def _duplicate(label: str, *, hidden: bool) -> str:
    if hidden:
        return _(
            "{label} is already in the list, hidden. Show it again instead of adding it."
        ).format(label=label)
    return _("{label} is already in the list.").format(label=label)
