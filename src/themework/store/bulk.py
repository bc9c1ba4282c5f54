"""Bulk inserts for imports and bulk coding: tens of thousands of rows in one statement.

- SQLite: rows go straight to the driver's ``executemany``; SQLAlchemy's per-row parameter
  processing cost a third of the time. Dates and JSON are converted by their column type's
  own bind processor, column by column, so they are stored exactly as the Core path would.
- PostgreSQL: ``COPY ... FROM STDIN``, ten times faster than ``INSERT`` with
  ``RETURNING`` for the 60,000 turns of a large import.

``insert_ids`` hands back the new ids in the order of the rows. On SQLite a write
transaction holds the database's only write lock (``BEGIN IMMEDIATE``) and ids only grow
(AUTOINCREMENT), so the rows inserted after the current maximum id are exactly ours, in
order. On PostgreSQL the ids are drawn from the table's sequence first and copied in
with the rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnDefault,
    Float,
    Integer,
    String,
    Table,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from themework.domain.plural import plural

_PLAIN = (Integer, Float, String, Boolean)  # String covers Text


def _columns(table: Table, rows: Sequence[dict[str, Any]]) -> list[Column[Any]]:
    """The columns to write: those the rows give, and those with a default to fill in."""
    given = rows[0].keys()
    return [c for c in table.columns if c.name in given or c.default is not None]


def _default(col: Column[Any]) -> Any:
    default = col.default
    if default is None:
        return None
    assert isinstance(default, ColumnDefault)  # no column here takes a sequence's value
    arg = default.arg
    return arg(None) if default.is_callable else arg


def _tuples(cols: list[Column[Any]], rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    names = [c.name for c in cols]
    fill = {c.name: _default(c) for c in cols if c.name not in rows[0]}
    get = itemgetter(*names)  # one C call per row: this runs for every turn of an import
    try:
        if len(names) == 1:
            return [(get({**fill, **row}),) for row in rows]
        if fill:
            return [get({**fill, **row}) for row in rows]
        return [get(row) for row in rows]
    except KeyError:  # rows that do not all give the same columns
        return [tuple(row.get(n, _default(c)) for n, c in zip(names, cols, strict=True))
                for row in rows]


def insert_rows(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts keyed by column name) as fast as the backend allows."""
    if not rows:
        return
    dialect = s.get_bind().dialect.name
    cols = _columns(table, rows)
    if dialect == "postgresql":
        _copy(s, table, cols, _tuples(cols, rows))
    elif dialect == "sqlite":
        names = ", ".join(f'"{c.name}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        s.connection().exec_driver_sql(
            f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
            _bound(s, cols, _tuples(cols, rows)),
        )
    else:
        s.execute(insert(table), list(rows))


def _bound(
    s: Session, cols: list[Column[Any]], values: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """``values`` with dates and JSON as the dialect stores them (a 50,000-coding import
    spent a second in the Core path for one date column)."""
    dialect = s.get_bind().dialect
    convert = [
        (i, proc) for i, c in enumerate(cols) if not isinstance(c.type, _PLAIN)
        and (proc := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    if not convert:
        return values
    out = []
    # Bulk coding gives a chunk's rows one time: convert it once, not 10,000 times.
    last: list[tuple[Any, Any]] = [(object(), None)] * len(cols)
    for row in values:
        as_list = list(row)
        for i, proc in convert:
            value = as_list[i]
            seen, done = last[i]
            if value is not seen:
                done = proc(value)
                last[i] = (value, done)
            as_list[i] = done
        out.append(tuple(as_list))
    return out


def _copy(
    s: Session, table: Table, cols: list[Column[Any]], values: list[tuple[Any, ...]]
) -> None:
    dbapi: Any = s.connection().connection.dbapi_connection  # psycopg's, for its copy()
    as_json = [i for i, c in enumerate(cols) if isinstance(c.type, JSON)]
    names = ", ".join(f'"{c.name}"' for c in cols)
    with dbapi.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in values:
            if as_json:
                row = tuple(
                    json.dumps(v) if i in as_json and v is not None else v
                    for i, v in enumerate(row)
                )
            copy.write_row(row)


def insert_ids(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    if len(rows) == 1:  # one statement, not three: a single coding is the common write
        return [s.execute(insert(table).returning(table.c.id), rows[0]).scalar_one()]
    if s.get_bind().dialect.name == "postgresql":
        ids = list(
            s.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"t": table.name, "n": len(rows)},
            )
        )
        insert_rows(s, table, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    before = s.scalar(select(func.max(table.c.id))) or 0
    insert_rows(s, table, rows)
    # Read through the driver: SQLAlchemy's result rows cost 0.3 s for 110,000 ids.
    found = s.connection().exec_driver_sql(
        f'SELECT id FROM "{table.name}" WHERE id > ? ORDER BY id', (before,)
    )
    ids = list(found.scalars().all())
    if len(ids) != len(rows):  # pragma: no cover - only if the write lock were not ours
        raise RuntimeError(
            f"expected {plural(len(rows), f'new {table.name} row')}, found {len(ids)}"
        )
    return ids


def insert_ignoring_duplicates(s: Session, model: Any, row: dict[str, Any], key: str) -> None:
    """Insert a row unless one with the same unique ``key`` exists or is being inserted by a
    concurrent transaction (PostgreSQL waits for it and then skips; SQLite's writers are
    serialised, so there is nothing to wait for)."""
    from sqlalchemy.dialects import postgresql, sqlite

    stmt: Any
    if s.get_bind().dialect.name == "postgresql":
        stmt = postgresql.insert(model).values(**row)
    else:
        stmt = sqlite.insert(model).values(**row)
    s.execute(stmt.on_conflict_do_nothing(index_elements=[key]))


@contextmanager
def page_cache(s: Session, mib: int) -> Iterator[None]:
    """A larger SQLite page cache for one bulk write, the default back after it.

    500,000 codings go into indexes in no useful order (by transcript, by code): with the
    default 2 MB cache most inserts read and spill index pages through the OS, a quarter of
    the command's CPU time as system time. PostgreSQL sizes its own buffers.
    """
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = s.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{int(mib) * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")
