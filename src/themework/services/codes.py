"""The codebook as plain objects (codes are found by ``store.repos.codes.CodeIndex``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from themework.domain.errors import Conflict
from themework.store.repos.codes import CodeIndex, coding_counts, share_lock_statuses

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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


def code_infos(s: Session, include_retired: bool = False,
               coder: str | None = None) -> list[CodeInfo]:
    """Every code in codebook order; ``codings`` counts ``coder``'s only when given."""
    index = CodeIndex(s)
    counts = coding_counts(s, coder)
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


def hold_codes(s: Session, index: CodeIndex, rows: list[dict[str, Any]]) -> CodeIndex:
    """Share-lock the codes that ``rows`` use and point rows whose code was merged since
    ``index`` was read at the code it was merged into; returns the index now current.

    Without this, a coding applied while another coder merged its code landed on the merged
    code (seen on PostgreSQL under mixed load)."""
    for _ in range(3):
        used = {r["code_id"] for r in rows}
        status = share_lock_statuses(s, used)
        stale = {cid for cid in used if status.get(cid) != index.by_id[cid].status}
        if not stale:
            return index
        index = CodeIndex(s, fresh=True)
        for r in rows:
            if r["code_id"] in stale:
                old = index.by_id.get(r["code_id"])
                code = index.find(old.key) if old is not None else None
                if code is None or code.status != "active":
                    name = old.name if old is not None else str(r["code_id"])
                    raise Conflict(f"code {name!r} was retired or deleted by another coder "
                                   "just now; nothing was coded")
                r["code_id"] = code.id
    raise Conflict("the codes kept changing while coding; nothing was coded, try again")
