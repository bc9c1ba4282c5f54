"""Whole tables as plain rows: copying a project between backends and recording the rows a
transcript's replacement removes; rows written from plain values (a project merge's)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session


def table_rows(s: Session, table: Table) -> list[dict[str, Any]]:
    """Every row of ``table`` as a dict, in order of its primary key."""
    q = select(table).order_by(*table.primary_key.columns)
    return [dict(r) for r in s.execute(q).mappings()]


def rows_but(s: Session, table: Table, *left_out: str) -> list[dict[str, Any]]:
    """Every row of ``table`` without the columns ``left_out`` (a transcript's text: a
    merge matches 10,000 transcripts by hash, and copies only those it lacks)."""
    cols = [c for c in table.columns if c.name not in left_out]
    q = select(*cols).order_by(*table.primary_key.columns)
    return [dict(r) for r in s.execute(q).mappings()]


def row_by_id(s: Session, table: Table, row_id: Any) -> dict[str, Any]:
    return dict(s.execute(select(table).where(table.c.id == row_id)).mappings().one())


def rows_after(s: Session, table: Table, after_id: int, limit: int) -> list[dict[str, Any]]:
    """The next ``limit`` rows of ``table`` (keyed by ``id``) after id ``after_id``, by id:
    a large table read a part at a time (a project merge's codings)."""
    q = select(table).where(table.c.id > after_id).order_by(table.c.id).limit(limit)
    return [dict(r) for r in s.execute(q).mappings()]


def max_value(s: Session, table: Table, column: str) -> Any:
    """The largest value in a column (None in an empty table)."""
    return s.scalar(select(func.max(table.c[column])))


def transcript_rows(s: Session, table: Table, transcript_id: str) -> list[dict[str, Any]]:
    """The rows of ``table`` (one with a ``transcript_id`` column) of one transcript."""
    q = select(table).where(table.c.transcript_id == transcript_id)
    return [dict(r) for r in s.execute(q).mappings()]


def delete_transcript_rows(s: Session, table: Table, transcript_id: str) -> None:
    s.execute(delete(table).where(table.c.transcript_id == transcript_id))


def add_rows(s: Session, table: Table, rows: dict[str, Any] | list[dict[str, Any]]) -> None:
    """One row, or many in one statement, from plain values (the bulk path of many chunks is
    ``store.bulk``)."""
    s.execute(insert(table), rows)


def add_row_id(s: Session, table: Table, row: dict[str, Any]) -> int:
    """One row from plain values (all but its ``id``); returns the new id."""
    return int(s.execute(insert(table).returning(table.c.id), row).scalar_one())
