"""The station profile and the station's lists (occupations, service types)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from station_app.db.engine import Database
from station_app.db.models import Occupation, ServiceType, StationProfileRow
from station_app.db.uow import UnitOfWork
from station_app.domain.station import StationProfile, validate_profile
from station_app.services.errors import ValidationFailed
from station_app.services.labels import catalog_label


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    label: str  # already in the user's language


class StationService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def profile(self) -> StationProfile | None:
        """The station's profile, or None before the first-run set-up."""
        with UnitOfWork(self._db) as uow:
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
        with UnitOfWork(self._db) as uow:
            row = uow.session.get(StationProfileRow, 1) or StationProfileRow(id=1)
            row.code = profile.code
            row.name = profile.name
            row.district = profile.district
            row.address = profile.address
            row.opening_hours = profile.opening_hours
            uow.session.add(row)
            uow.commit()
        return profile

    def occupations(self) -> list[CatalogEntry]:
        with UnitOfWork(self._db) as uow:
            rows = uow.session.scalars(
                select(Occupation).where(Occupation.active).order_by(Occupation.sort_order)
            )
            return [CatalogEntry(r.code, catalog_label(r.name, r.builtin)) for r in rows]

    def service_types(self) -> list[CatalogEntry]:
        with UnitOfWork(self._db) as uow:
            rows = uow.session.scalars(
                select(ServiceType).where(ServiceType.active).order_by(ServiceType.sort_order)
            )
            return [CatalogEntry(r.code, catalog_label(r.name, r.builtin)) for r in rows]
