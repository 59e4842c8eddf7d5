"""HQ's schema only changes through its migrations, and a database the first release made
(with ``create_all``, before HQ had a history) is upgraded with its figures kept."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, func, select

from station_app.clock import Clock
from station_app.hq.db import HqBase, HqDatabase, HqStation, import_models
from station_app.hq.ingest import ingest
from station_app.hq.stations import add_station
from tests.hq.batches import make_batch, new_station, stored_values


def test_models_and_migration_head_agree(hq_db: HqDatabase) -> None:
    # Given HQ's database made purely by its migrations
    import_models()
    with hq_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        # Then autogenerate finds nothing the models have that the migrations lack
        assert compare_metadata(context, HqBase.metadata) == []


def test_a_first_release_database_is_upgraded_with_its_figures(hq_url: str, clock: Clock) -> None:
    # Given a database as the first release made it: its three tables by create_all, no
    # revision recorded, one station's day stored
    first_release = MetaData(naming_convention=HqBase.metadata.naming_convention)
    for name in ("hq_station", "hq_batch", "hq_value"):
        HqBase.metadata.tables[name].to_metadata(first_release)
    db = HqDatabase.open(hq_url, create=False)
    first_release.create_all(db.engine)
    station = new_station("HF-LY-0001")
    add_station(
        db, station.code, name="老站", district="庐阳区", key_text=station.key_file, now=clock.now()
    )
    batch = make_batch(station)
    stored = ingest(
        db.sessions, batch.manifest_json, batch.csv, station_code_from_token=None, clock=clock
    )
    assert stored.applied
    before = stored_values(db, station.code)
    db.close()

    # When HQ opens it
    db = HqDatabase.open(hq_url)
    try:
        # Then it is at the newest schema and holds the same figures
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_revision() is not None
            assert compare_metadata(context, HqBase.metadata) == []
        with db.sessions() as session:
            assert session.scalar(select(func.count()).select_from(HqStation)) == 1
        assert stored_values(db, station.code) == before
    finally:
        db.close()
