"""HQ's schema only changes through its migrations, and a database the first release made
(with ``create_all``, before HQ had a history) is upgraded with its figures kept."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station_app.db.migrate import alembic_config, upgrade
from station_app.domain.periods import week_of
from station_app.hq.db import FIRST_REVISION, HqBase, HqDatabase, migrations_dir
from station_app.hq.figures import station_figures
from station_app.hq.rollup import ROLLUP_METADATA
from station_app.hq.schema import all_metadata
from tests.hq.batches import DAY, new_station, stored_values


def test_models_and_migration_head_agree(hq_db: HqDatabase) -> None:
    # Given HQ's database made purely by its migrations, and every module of HQ loaded
    hq_package = importlib.import_module("station_app.hq")
    for module in pkgutil.walk_packages(hq_package.__path__, "station_app.hq."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    every_table = sorted({*HqBase.metadata.tables, *ROLLUP_METADATA.tables})
    # (and the schema module alone, in a fresh interpreter, knows every one of them: it is
    # what the migrations compare with and what empties a database)
    alone = subprocess.run(
        [
            sys.executable,
            "-c",
            "from station_app.hq.schema import all_metadata; "
            "print(sorted({t for m in all_metadata() for t in m.tables}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert alone.stdout.strip() == str(every_table)
    with hq_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        # Then autogenerate finds nothing the models have that the migrations lack
        assert compare_metadata(context, all_metadata()) == []


def test_a_first_release_database_is_upgraded_with_its_figures(hq_url: str) -> None:
    # Given a database as the first release made it (its tables are revision 0001; no
    # revision recorded) holding one station's day
    db = HqDatabase.open(hq_url, create=False)
    upgrade(db.engine, FIRST_REVISION, config=alembic_config(migrations_dir()))
    station = new_station("HF-LY-0001")
    figures = {("visits", "total"): 12, ("visits", "occupation:courier"): 12}
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text(
                "INSERT INTO hq_station (code, name, district, token_hash, key_id, public_key,"
                " added_at) VALUES ('HF-LY-0001', '老站', '庐阳区', :hash, 'ABCD0123', :key,"
                " '2026-11-01 00:00:00')"
            ),
            {"hash": "0" * 64, "key": station.private.public_key().public_bytes_raw()},
        )
        connection.execute(
            text(
                "INSERT INTO hq_batch (batch_id, station_code, day, revision, sha256, row_count,"
                " received_at, applied) VALUES ('b-1', 'HF-LY-0001', :day, 1, :sha, 2,"
                " '2026-11-24 01:00:00', :yes)"
            ),
            {"day": DAY, "sha": "0" * 64, "yes": True},
        )
        for (metric, dimension), value in figures.items():
            connection.execute(
                text(
                    "INSERT INTO hq_value (station_code, date, metric, dimension, value,"
                    " batch_id) VALUES ('HF-LY-0001', :day, :metric, :dimension, :value, 'b-1')"
                ),
                {"day": DAY, "metric": metric, "dimension": dimension, "value": value},
            )
    db.close()

    # When HQ opens it
    db = HqDatabase.open(hq_url)
    try:
        # Then it is at the newest schema, holds the same figures, and shows them
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_revision() is not None
            assert compare_metadata(context, all_metadata()) == []
        assert stored_values(db, station.code) == figures
        shown = station_figures(db, station.code, week_of(DAY))
        assert shown.active and shown.district == "庐阳区"
        assert [(day.day, day.visits) for day in shown.days if day.received] == [(DAY, 12)]
    finally:
        db.close()
