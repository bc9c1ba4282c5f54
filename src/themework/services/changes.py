"""Row images: how every service records what it changed, so that undo and redo are generic.

A service reports each insert, update and delete as (table, primary key, before, after).
Undo writes the before-images back in reverse order; redo writes the after-images. Values
are stored as JSON, so dates travel as ISO strings and are parsed back by column type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Date, DateTime, Table, and_, delete, insert, update
from sqlalchemy.orm import Session

from themework.domain.spans import quote_fields
from themework.store.models import Base
from themework.store.repos.transcripts import texts_of

Row = dict[str, Any]
# Columns whose values point at other rows: a later change that references a row this
# event created or deleted depends on it.
_REFS = {
    "transcript_id": "transcript",
    "code_id": "code",
    "theme_id": "theme",
    "coding_id": "coding",
    "participant_id": "participant",
    "speaker_id": "speaker",
    "parent_id": None,  # same table as the row itself
    "merged_into_id": "code",
}


def table(name: str) -> Table:
    return Base.metadata.tables[name]


@dataclass(frozen=True)
class _Shape:
    """What images need to know of a table, worked out once: bulk imports take images of
    tens of thousands of rows."""

    columns: tuple[str, ...]
    dated: frozenset[str]
    pk: tuple[str, ...]
    refs: tuple[tuple[str, str], ...]  # (column, referenced table) outside the primary key


_SHAPES: dict[str, _Shape] = {}


def _shape(t: Table) -> _Shape:
    try:
        return _SHAPES[t.name]
    except KeyError:
        pk = tuple(c.name for c in t.primary_key.columns)
        shape = _SHAPES[t.name] = _Shape(
            columns=tuple(c.name for c in t.columns),
            dated=frozenset(c.name for c in t.columns if isinstance(c.type, DateTime | Date)),
            pk=pk,
            refs=tuple(
                (col, ref or t.name)
                for col, ref in _REFS.items()
                if col in t.c and col not in pk
            ),
        )
    return shape


def _pk_cols(t: Table) -> tuple[str, ...]:
    return _shape(t).pk


def to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _from_json(t: Table, row: Row) -> Row:
    out: Row = {}
    for key, value in row.items():
        col_type = t.c[key].type
        if value is not None and isinstance(col_type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(col_type, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def image(t: Table, values: Row) -> Row:
    shape = _shape(t)
    out = {c: values[c] for c in shape.columns if c in values}
    for c in shape.dated & out.keys():
        out[c] = to_json(out[c])
    return out


def orm_image(obj: Any) -> Row:
    t = obj.__table__
    return {c.name: to_json(getattr(obj, c.key)) for c in t.columns}


@dataclass
class ChangeSet:
    changes: list[tuple[str, Row | None, Row | None]] = field(default_factory=list)

    def add(self, table_name: str, before: Row | None, after: Row | None) -> None:
        """One change as it is (a subclass may write the set out in parts as it grows)."""
        self.changes.append((table_name, before, after))

    def inserted(self, table_name: str, after: Row) -> None:
        self.add(table_name, None, after)

    def updated(self, table_name: str, before: Row, after: Row) -> None:
        """Keep only the primary key and the columns that changed (a rename must not copy
        a whole transcript's text into the audit log)."""
        keys = set(_pk_cols(table(table_name)))
        changed = {k for k in after if before.get(k) != after[k]}
        if changed:
            keep = keys | changed
            self.add(
                table_name,
                {k: v for k, v in before.items() if k in keep},
                {k: v for k, v in after.items() if k in keep},
            )

    def deleted(self, table_name: str, before: Row) -> None:
        self.add(table_name, before, None)

    def payload(self) -> list[list[Any]]:
        return [[name, before, after] for name, before, after in self.changes]

    def targets(self) -> list[str]:
        """Rows changed (``table:pk``) and rows referenced (``@table:pk``)."""
        out: set[str] = set()
        # Per table: its shape, its one-column key (if so) and its references' prefixes,
        # worked out once (a bulk apply asks this of 10,000 rows at a time).
        known: dict[str, tuple[_Shape, str | None, list[tuple[str, str]]]] = {}
        for name, before, after in self.changes:
            if name not in known:
                shape = _shape(table(name))
                key = shape.pk[0] if len(shape.pk) == 1 else None
                known[name] = (shape, key, [(col, f"@{ref}:") for col, ref in shape.refs])
            shape, key, refs = known[name]
            for row in (before, after):
                if row is None:
                    continue
                out.add(f"{name}:{row[key]}" if key else _target(name, shape, row))
                for col, prefix in refs:
                    value = row.get(col)
                    if value is not None:
                        out.add(f"{prefix}{value}")
        return sorted(out)


def _target(name: str, shape: _Shape, row: Row) -> str:
    return f"{name}:" + "/".join(str(row[c]) for c in shape.pk)


def created_or_deleted(payload: list[list[Any]]) -> set[str]:
    """The ``table:pk`` targets of the rows a payload inserted or deleted (one pass)."""
    out: set[str] = set()
    for name, before, after in payload:
        if before is None or after is None:
            row = after if before is None else before
            out.add(_target(name, _shape(table(name)), row))
    return out


def _where(t: Table, row: Row) -> Any:
    return and_(*(t.c[c] == row[c] for c in _pk_cols(t)))


def apply_images(session: Session, payload: list[list[Any]], *, reverse: bool) -> list[int]:
    """Write the before-images (undo, ``reverse=True``) or the after-images (redo).

    Steps keep their order; a run of inserts or deletes on one table goes out as one
    statement (per chunk), so undoing a bulk apply of 20,000 codings is a few statements,
    not 20,000. Returns the ids of turns it re-created, whose derived search rows the caller
    rebuilds.
    """
    restored_turns: list[int] = []
    ordered = reversed(payload) if reverse else iter(payload)
    steps: list[tuple[str, Row | None, Row | None]] = [  # (table, old image, new image)
        (n, a, b) if reverse else (n, b, a) for n, b, a in ordered
    ]
    for (name, kind), run in groupby(steps, key=lambda step: (step[0], _kind(step[1], step[2]))):
        t = table(name)
        rows = list(run)
        olds = [old for _, old, _ in rows if old is not None]
        news = [new for _, _, new in rows if new is not None]
        if kind == "delete":
            _delete_rows(session, t, olds)
        elif kind == "insert":
            values = [_from_json(t, new) for new in news]
            if name == "coding":
                _add_quotes(session, values)
            for _columns, same in groupby(values, key=_columns_of):
                session.execute(insert(t), list(same))
            if name == "turn":
                restored_turns.extend(int(new["id"]) for new in news)
        elif kind == "update":
            _update_rows(session, t, news)
    return restored_turns


def _add_quotes(session: Session, rows: list[Row]) -> None:
    """Fill in the quote and context that bulk coding leaves out of its row images (they
    are the transcript's text at the span: half a 500,000-coding audit record). Texts are
    read a few hundred transcripts at a time and let go of: all of them are 100 MB at 10,000
    transcripts."""
    bare: dict[str, list[Row]] = {}
    for row in rows:
        if "quote" not in row:
            bare.setdefault(row["transcript_id"], []).append(row)
    wanted = sorted(bare)
    for i in range(0, len(wanted), _CHUNK):
        texts = texts_of(session, wanted[i : i + _CHUNK])
        for tid in wanted[i : i + _CHUNK]:
            text = texts.get(tid, "")
            for row in bare[tid]:
                row.update(quote_fields(text, row["start"], row["end"]))


def _columns_of(row: Row) -> tuple[str, ...]:
    return tuple(row)


def _kind(old: Row | None, new: Row | None) -> str:
    if new is None:
        return "delete" if old is not None else "none"
    return "insert" if old is None else "update"


_CHUNK = 500


def _delete_rows(session: Session, t: Table, rows: list[Row]) -> None:
    pk = _pk_cols(t)
    if len(pk) != 1:
        for row in rows:
            session.execute(delete(t).where(_where(t, row)))
        return
    col = t.c[pk[0]]
    for i in range(0, len(rows), _CHUNK):
        session.execute(delete(t).where(col.in_([row[pk[0]] for row in rows[i : i + _CHUNK]])))


def _update_rows(session: Session, t: Table, rows: list[Row]) -> None:
    """Rows in a run that take the same values (a merge's codings all take the one code) go
    out as one UPDATE per chunk of keys: a statement per row was most of undoing a merge of
    100,000 codings."""
    pk = _pk_cols(t)
    if len(pk) != 1:
        for row in rows:
            session.execute(update(t).where(_where(t, row)).values(**_from_json(t, row)))
        return
    key = pk[0]
    for values, same in groupby(rows, key=lambda row: {k: v for k, v in row.items() if k != key}):
        ids = [row[key] for row in same]
        new = _from_json(t, values)
        for i in range(0, len(ids), _CHUNK):
            session.execute(update(t).where(t.c[key].in_(ids[i : i + _CHUNK])).values(**new))


def versioned_update(
    s: Session, obj: Any, changes: ChangeSet, expected: int | None = None, **values: Any
) -> None:
    """Set ``values`` on a versioned row (a code or a theme), bump its version and record it.

    With ``expected`` (the version the client read), a concurrent change is a Conflict, never
    a silent overwrite: the version is read again under a row lock first, since on PostgreSQL
    another client may have committed after this transaction read the row.
    """
    from themework.domain.errors import Conflict

    if expected is not None:
        s.refresh(obj, with_for_update=True)
        if obj.version != expected:
            raise Conflict(
                f"{obj.__table__.name} {obj.name!r} was changed by someone else (version "
                f"{obj.version}, you read {expected}); reload and try again"
            )
    before = orm_image(obj)
    for k, v in values.items():
        setattr(obj, k, v)
    obj.version += 1
    s.flush()
    changes.updated(obj.__table__.name, before, orm_image(obj))
