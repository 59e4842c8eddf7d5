"""The declarative base of HQ's tables, apart from the engine (``hq/db.py``) so a module
with tables of its own can subclass it without importing the database module back."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from station_app.db.models.base import NAMING_CONVENTION


class HqBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
