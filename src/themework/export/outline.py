"""The thematic map as an indented outline, for documents that cannot draw Mermaid."""

from __future__ import annotations

from dataclasses import dataclass

from themework.export.model import ThemeSection


@dataclass(frozen=True)
class OutlineItem:
    depth: int  # 0 for a top-level theme; one more for each step down
    kind: str  # "theme" or "code"
    text: str


def map_outline(themes: tuple[ThemeSection, ...]) -> list[OutlineItem]:
    """Each theme, then its sub-themes, then its codes, indented under it.

    A code in two themes is listed under both: an outline has no lines to draw between them.
    """
    out: list[OutlineItem] = []

    def walk(t: ThemeSection, depth: int) -> None:
        out.append(OutlineItem(depth, "theme", t.name))
        for sub in t.subthemes:
            walk(sub, depth + 1)
        out.extend(OutlineItem(depth + 1, "code", c.name) for c in t.codes)

    for t in themes:
        walk(t, 0)
    return out
