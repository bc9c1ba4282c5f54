"""Codes: every code of a project, resolved by key, name or alias; codings per code."""

from __future__ import annotations

from sqlalchemy import func, select
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
