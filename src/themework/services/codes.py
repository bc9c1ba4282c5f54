"""The codebook as plain objects (codes are found by ``store.repos.codes.CodeIndex``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from themework.store.repos.codes import CodeIndex, coding_counts


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


def code_infos(s: Session, include_retired: bool = False) -> list[CodeInfo]:
    index = CodeIndex(s)
    counts = coding_counts(s)
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
                counts.get(c.id, 0), index.depth(c), merged, c.version,
            )
        )
    return out
