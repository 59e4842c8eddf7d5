"""Many rows into one table in one call, for ingest's per-batch writes.

A Core ``connection.execute(insert(table), [dict, …])`` spends about 15 µs a row in
SQLAlchemy alone (each row's parameters built, each value run through its type), more than
SQLite takes to store it. Here each statement's text is made once, each column's bind
processor is looked up once, and the rows go to the driver as tuples:

- SQLite: the driver's ``executemany`` (one prepared statement, run in a C loop);
- PostgreSQL: one statement whatever the number of rows, ``INSERT … SELECT * FROM
  unnest(%s::date[], …)`` with one array per column: the server plans and runs it once, and
  the short text stays in psycopg's cache (a multi-row ``VALUES`` text of hundreds of
  placeholders is parsed again by psycopg at every call: 4 ms); an executemany would send
  and run one statement per row.

Both run through ``Connection.exec_driver_sql``: in the caller's transaction, the driver's
errors wrapped as SQLAlchemy's (``IntegrityError``). ``copy_rows`` goes further for plain
inserts on PostgreSQL: ``COPY … FROM STDIN`` on the same connection and transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table
from sqlalchemy.exc import DBAPIError

_Processor = Callable[[Any], Any]
_Key = tuple[str, str, tuple[str, ...], str]
_TEXTS: dict[_Key, str] = {}
_PROCESSORS: dict[_Key, list[tuple[int, _Processor]]] = {}


def _processors(
    dialect: Dialect, table: Table, columns: tuple[str, ...]
) -> list[tuple[int, _Processor]]:
    """(index, processor) of the columns whose type converts a Python value for the driver
    (SQLite's dates to text, ``UTCDateTime`` to naive UTC …)."""
    key = (dialect.name, table.name, columns, "")
    held = _PROCESSORS.get(key)
    if held is None:
        held = []
        for index, name in enumerate(columns):
            process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                held.append((index, process))
        _PROCESSORS[key] = held
    return held


def _converted(
    dialect: Dialect, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> Sequence[tuple[Any, ...]]:
    processors = _processors(dialect, table, columns)
    if not processors:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for index, process in processors:
            values[index] = process(values[index])
        converted.append(tuple(values))
    return converted


def _text(dialect: Dialect, table: Table, columns: tuple[str, ...], suffix: str) -> str:
    key = (dialect.name, table.name, columns, suffix)
    held = _TEXTS.get(key)
    if held is None:
        quote = dialect.identifier_preparer.quote
        into = f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)})"
        if dialect.name == "postgresql":
            arrays = ", ".join(
                f"%s::{table.c[name].type.compile(dialect=dialect)}[]" for name in columns
            )
            held = f"{into} SELECT * FROM unnest({arrays}){suffix}"
        else:
            mark = "?" if dialect.paramstyle == "qmark" else "%s"
            held = f"{into} VALUES ({', '.join([mark] * len(columns))}){suffix}"
        _TEXTS[key] = held
    return held


def insert_rows(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    *,
    suffix: str = "",
) -> None:
    """INSERT ``rows`` (tuples of ``columns``' values, as Python values: the columns' types
    convert them as Core would), in their order; ``suffix`` follows the rows (an ``ON
    CONFLICT`` clause, which SQLite and PostgreSQL spell alike)."""
    if not rows:
        return
    dialect = connection.dialect
    text = _text(dialect, table, columns, suffix)
    rows = _converted(dialect, table, columns, rows)
    if dialect.name == "postgresql":
        connection.exec_driver_sql(text, tuple(list(column) for column in zip(*rows, strict=True)))
    else:
        connection.exec_driver_sql(text, list(rows))


def copy_rows(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """``insert_rows`` without a suffix, by ``COPY … FROM STDIN`` on PostgreSQL (on the
    connection's own transaction; its errors raised as SQLAlchemy's, as ``execute`` would)."""
    dialect = connection.dialect
    if dialect.name != "postgresql":
        insert_rows(connection, table, columns, rows)
        return
    if not rows:
        return
    rows = _converted(dialect, table, columns, rows)
    quote = dialect.identifier_preparer.quote
    statement = (
        f"COPY {quote(table.name)} ({', '.join(quote(name) for name in columns)}) FROM STDIN"
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as error:
        raise DBAPIError.instance(
            statement, None, error, dialect.loaded_dbapi.Error, dialect=dialect
        ) from error
