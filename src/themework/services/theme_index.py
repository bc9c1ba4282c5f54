"""Themes as plain objects (themes are found by ``store.repos.themes.ThemeIndex``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from themework.store.repos.codes import CodeIndex
from themework.store.repos.themes import ThemeIndex, exemplar_rows, theme_code_links

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATUSES = ("candidate", "reviewed", "defined", "final", "discarded")


@dataclass(frozen=True)
class ExemplarInfo:
    id: int
    coding_id: int
    order: int
    trimmed: str | None
    transcript: str
    code: str
    text: str


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    name: str
    status: str
    parent: str | None
    order: int
    definition: str
    central_concept: str
    scope: str
    narrative: str
    codes: tuple[str, ...]  # code ids in the theme's order
    children: tuple[str, ...]
    exemplars: tuple[ExemplarInfo, ...]
    depth: int
    version: int
    created_at: datetime


@dataclass(frozen=True)
class ThemeChange:
    theme: ThemeInfo
    warnings: tuple[str, ...] = ()


def theme_infos(s: Session, include_discarded: bool = False) -> list[ThemeInfo]:
    index = ThemeIndex(s)
    codes = CodeIndex(s)
    links = theme_code_links(s)
    exemplars: dict[int, list[ExemplarInfo]] = {}
    for ex in exemplar_rows(s):
        exemplars.setdefault(ex.theme_id, []).append(
            ExemplarInfo(ex.id, ex.coding_id, ex.sort_order, ex.trimmed, ex.transcript,
                         codes.by_id[ex.code_id].key, ex.quote)
        )
    out = []
    for t in index.ordered():
        if t.status == "discarded" and not include_discarded:
            continue
        kids = tuple(
            c.key for c in index.ordered()
            if c.parent_id == t.id and (include_discarded or c.status != "discarded")
        )
        out.append(
            ThemeInfo(
                t.key, t.name, t.status,
                index.by_id[t.parent_id].key if t.parent_id else None,
                t.sort_order, t.definition, t.central_concept, t.scope, t.narrative,
                tuple(codes.by_id[c].key for _, c in sorted(links.get(t.id, []))),
                kids,
                tuple(sorted(exemplars.get(t.id, []), key=lambda e: (e.order, e.id))),
                index.depth(t), t.version, t.created_at,
            )
        )
    return out
