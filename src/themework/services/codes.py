"""Finding codes by id, name or alias, and reading the codebook as plain objects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from themework.domain.errors import NotFound
from themework.domain.text import name_key
from themework.store.models import Code, Coding


@dataclass(frozen=True)
class CodeInfo:
    id: str
    name: str
    parent: str | None
    status: str
    aliases: tuple[str, ...]
    definition: str
    include: str
    exclude: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    colour: str
    codings: int
    depth: int
    merged_into: str | None = None
    version: int = 1
    exclusive: bool = False  # its children are one set of mutually exclusive categories


class CodeIndex:
    """All codes of a project in memory, for resolving many references in one go."""

    def __init__(self, s: Session) -> None:
        self.codes = list(s.scalars(select(Code)))
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


def code_infos(s: Session, include_retired: bool = False) -> list[CodeInfo]:
    index = CodeIndex(s)
    counts = dict(
        s.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id)).all()
    )
    out = []
    for c in index.ordered():
        if c.status != "active" and not include_retired:
            continue
        parent = index.by_id[c.parent_id].key if c.parent_id else None
        merged = index.by_id[c.merged_into_id].key if c.merged_into_id else None
        out.append(
            CodeInfo(
                c.key, c.name, parent, c.status, tuple(c.aliases), c.definition, c.include,
                c.exclude, tuple(c.examples), tuple(c.keywords), c.colour,
                counts.get(c.id, 0), index.depth(c), merged, c.version, c.exclusive,
            )
        )
    return out
