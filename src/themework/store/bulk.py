"""Bulk inserts that hand back the new ids in the order of the rows.

SQLAlchemy's ordered RETURNING falls back to one INSERT per row on SQLite, ten times slower
than executemany. A write transaction on SQLite holds the database's only write lock
(``BEGIN IMMEDIATE``) and ids only grow (AUTOINCREMENT), so the rows inserted after the
current maximum id are exactly ours, in order. PostgreSQL keeps RETURNING.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session


def insert_ids(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    if s.get_bind().dialect.name != "sqlite":
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(s.scalars(stmt, list(rows)))
    before = s.scalar(select(func.max(table.c.id))) or 0
    s.execute(insert(table), list(rows))
    ids = list(s.scalars(select(table.c.id).where(table.c.id > before).order_by(table.c.id)))
    if len(ids) != len(rows):  # pragma: no cover - only if the write lock were not ours
        raise RuntimeError(f"expected {len(rows)} new {table.name} rows, found {len(ids)}")
    return ids
