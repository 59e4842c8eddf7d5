"""Alembic environment of HQ's database (its own history, apart from the stations')."""

from alembic import context
from sqlalchemy import Connection

from station_app.hq.schema import all_metadata

config = context.config
target_metadata = all_metadata()  # every table must be known to autogenerate


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
_run(config.attributes["connection"])
