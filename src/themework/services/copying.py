"""Copying a whole project between SQLite and PostgreSQL, losing nothing.

Rows keep their ids. Self-references (a code's parent, a theme's parent, an undo's target)
are written after the rows they point to exist; PostgreSQL sequences are reset after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, insert, text, update
from sqlalchemy.orm import Session

from themework.domain.errors import ProjectError
from themework.store.engine import Store
from themework.store.location import Location
from themework.store.models import Base
from themework.store.repos.tables import max_value, table_rows

# Derived rows the destination rebuilds itself (the search index) are copied like any other
# table; the FTS index on SQLite follows them through its triggers.
BATCH = 5_000


@dataclass(frozen=True)
class CopyReport:
    source: str
    destination: str
    rows: dict[str, int]


def _self_refs(t: Table) -> list[str]:
    return [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]


def copy_project(
    source: Store, destination: Store, progress: Callable[[str, int], None] | None = None
) -> CopyReport:
    """Every row of ``source`` into ``destination``, a project just created (the
    ``Workbench`` opens both). A copy that fails disposes of the destination and leaves no
    half-copied file behind."""
    try:
        with source.read() as rs, destination.write() as ws:
            counts = copy_rows(rs, ws, progress)
    except Exception:
        destination.dispose()
        path = destination.location.path
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        raise
    return CopyReport(source.location.display(), destination.location.display(), counts)


def copy_rows(
    rs: Session, ws: Session, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Replace every row the writing session's project holds with the reading one's."""
    counts: dict[str, int] = {}
    for t in reversed(Base.metadata.sorted_tables):
        ws.execute(t.delete())  # the destination's own rows (a fresh project's first ones)
    for t in Base.metadata.sorted_tables:
        refs = _self_refs(t)
        pk = [c for c in t.primary_key.columns]
        rows = table_rows(rs, t)
        counts[t.name] = len(rows)
        pending = []
        for r in rows:
            if any(r.get(c) is not None for c in refs):
                pending.append({**{c.name: r[c.name] for c in pk}, **{c: r[c] for c in refs}})
                r.update({c: None for c in refs})
        for i in range(0, len(rows), BATCH):
            ws.execute(insert(t), rows[i : i + BATCH])
        for p in pending:
            where = [t.c[c.name] == p[c.name] for c in pk]
            ws.execute(update(t).where(*where).values({c: p[c] for c in refs}))
        if progress:
            progress(t.name, len(rows))
    if ws.get_bind().dialect.name == "postgresql":
        _reset_sequences(ws)
    return counts


def _reset_sequences(session: object) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    for t in Base.metadata.sorted_tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        col = pk[0].name
        top = max_value(session, t, col)
        seq = session.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": t.name, "c": col})
        if seq:
            session.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": seq, "v": top or 1, "called": top is not None},
            )


def check_destination_empty(destination: Location) -> None:
    if destination.path is not None and destination.path.exists():
        raise ProjectError(f"{destination.display()} already exists; copy into a new project")
