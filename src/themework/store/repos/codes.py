"""Codes: every code of a project, resolved by key, name or alias; codings per code; the
writes and locks of the ``code`` table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from themework.domain.errors import NotFound
from themework.domain.text import name_key
from themework.store.models import Code, Coder, Coding


class CodeIndex:
    """All codes of a project in memory, for resolving many references in one go."""

    def __init__(self, s: Session, fresh: bool = False) -> None:
        query = select(Code)
        if fresh:  # read again what the session already holds (another coder changed it)
            query = query.execution_options(populate_existing=True)
        self.codes = list(s.scalars(query))
        self.by_id = {c.id: c for c in self.codes}
        self.by_key = {c.key: c for c in self.codes}
        self.by_name: dict[str, Code] = {}
        self.by_alias: dict[str, Code] = {}
        for c in self.codes:
            # Active codes win a name clash with retired ones.
            if c.name_key not in self.by_name or c.status == "active":
                self.by_name[c.name_key] = c
            for alias in c.aliases:
                self.by_alias.setdefault(name_key(alias), c)

    def find(self, ref: str) -> Code | None:
        ref = ref.strip()
        code = self.by_key.get(ref) or self.by_name.get(name_key(ref)) or self.by_alias.get(
            name_key(ref)
        )
        # A merged code's references lead to the code it was merged into.
        seen = set()
        while code is not None and code.status == "merged" and code.merged_into_id:
            if code.id in seen:
                break
            seen.add(code.id)
            code = self.by_id.get(code.merged_into_id)
        return code

    def get(self, ref: str) -> Code:
        code = self.find(ref)
        if code is None:
            raise NotFound(f"no code {ref!r} (see 'themework code list')")
        return code

    def depth(self, code: Code) -> int:
        d, cur, seen = 0, code, set()
        while cur.parent_id is not None and cur.parent_id not in seen:
            seen.add(cur.parent_id)
            cur = self.by_id[cur.parent_id]
            d += 1
        return d

    def ordered(self) -> list[Code]:
        """Depth-first by sort order then name: the order of the codebook tree."""
        children: dict[int | None, list[Code]] = {}
        for c in self.codes:
            children.setdefault(c.parent_id, []).append(c)
        out: list[Code] = []

        def walk(parent: int | None) -> None:
            for c in sorted(children.get(parent, []), key=lambda c: (c.sort_order, c.name_key)):
                out.append(c)
                walk(c.id)

        walk(None)
        return out


def coding_counts(s: Session, coder: str | None = None) -> dict[int, int]:
    """How many codings each code has (codes without any are left out); with ``coder``,
    that coder's codings only."""
    q = select(Coding.code_id, func.count()).group_by(Coding.code_id)
    if coder is not None:
        q = q.join(Coder, Coder.id == Coding.coder_id).where(Coder.name == coder)
    return {code_id: n for code_id, n in s.execute(q).all()}


def next_code_order(s: Session) -> int:
    """The sort order after every code's (1 for the first code)."""
    return 1 + (s.scalar(select(func.max(Code.sort_order))) or 0)


def insert_code(s: Session, values: dict[str, Any]) -> Code:
    """A new code from ``values`` (every column but the id), as the mapped row."""
    return s.get_one(Code, new_code_id(s, values))


def new_code_id(s: Session, values: dict[str, Any]) -> int:
    """A new code from ``values`` (every column but the id); returns its id only."""
    return s.execute(insert(Code).returning(Code.id), values).scalar_one()


def children_of(s: Session, code_id: int) -> list[Code]:
    """The codes directly under a code, by id."""
    return list(s.scalars(select(Code).where(Code.parent_id == code_id).order_by(Code.id)))


def delete_code(s: Session, code_id: int) -> None:
    s.execute(delete(Code).where(Code.id == code_id))


def lock_codes(s: Session) -> None:
    """Hold every code row until this transaction ends (PostgreSQL; SQLite serialises).

    Taken before a merge reads the codings it moves: a concurrent coding either committed
    first (and is moved) or waits and then finds the code merged
    (``services.codes.hold_codes``)."""
    s.execute(select(Code.id).order_by(Code.id).with_for_update())


def share_lock_statuses(s: Session, code_ids: Iterable[int]) -> dict[int, str]:
    """The status of each of these codes, share-locked until the transaction ends: no other
    transaction can merge or retire them meanwhile (PostgreSQL; SQLite serialises)."""
    q = select(Code.id, Code.status).where(Code.id.in_(set(code_ids))).with_for_update(read=True)
    return {code_id: status for code_id, status in s.execute(q).all()}
