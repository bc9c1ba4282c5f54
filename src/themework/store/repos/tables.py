"""Whole tables as plain rows: copying a project between backends and recording the rows a
transcript's replacement removes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session


def table_rows(s: Session, table: Table) -> list[dict[str, Any]]:
    """Every row of ``table`` as a dict, in order of its primary key."""
    q = select(table).order_by(*table.primary_key.columns)
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
