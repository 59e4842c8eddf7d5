"""Every table of HQ's database, for what must know them all: the migrations' comparison
with the models (``hq/migrations/env.py``, the schema test) and emptying a database for a
test or a benchmark. HQ itself makes and upgrades its schema by its migrations only
(``db.create_schema``), so nothing at run time needs this module."""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, text

# Each of these modules declares tables; importing them registers the tables.
import station_app.hq.accounts
import station_app.hq.audit
import station_app.hq.feedback_tables
import station_app.hq.stations
import station_app.hq.trust_tables
import station_app.hq.web.settings  # noqa: F401
from station_app.hq.db import HqBase
from station_app.hq.rollup import ROLLUP_METADATA


def all_metadata() -> list[MetaData]:
    return [HqBase.metadata, ROLLUP_METADATA]


def drop_schema(engine: Engine) -> None:
    """Remove every HQ table and the schema's revision (tests and benchmarks start empty)."""
    for metadata in all_metadata():
        metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
