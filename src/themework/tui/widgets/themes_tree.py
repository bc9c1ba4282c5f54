"""Themes and sub-themes as a tree: status and code counts in words, never colour alone.

Used by the Themes (phase 3) and Review (phase 4) screens. A name too long for the panel
ends in "…" before its status and count (``FittedTree``); the Themes screen's heading shows
it whole. The screen pushes a list of
``ThemeInfo`` down with ``show``; the cursor stays on the same theme across reloads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from themework.services.themes import ThemeInfo
from themework.tui.widgets.fitted_tree import FittedTree

STATUS_MARK = {
    "candidate": "○",
    "reviewed": "◐",
    "defined": "●",
    "final": "◆",
    "discarded": "×",
}


def theme_label(t: ThemeInfo, extra: str = "") -> tuple[Text, int]:
    """``● Name  defined · 5`` (status in words, code count; names never read as markup),
    and the length of its detail, kept when the name is cut."""
    label = Text(f"{STATUS_MARK.get(t.status, '?')} ")
    label.append(t.name)
    detail = f"  {t.status} · {len(t.codes)}"
    if extra:
        detail += f" · {extra}"
    label.append(detail, style="dim")
    return label, len(detail)


def members(themes: Sequence[ThemeInfo], theme_id: str) -> list[str]:
    """The theme's codes, then its sub-themes' codes (depth first), each once."""
    by_id = {t.id: t for t in themes}
    out: list[str] = []
    todo = [theme_id]
    seen: set[str] = set()
    while todo:
        cur = by_id.get(todo.pop(0))
        if cur is None or cur.id in seen:
            continue
        seen.add(cur.id)
        out += [c for c in cur.codes if c not in out]
        todo = [*cur.children, *todo]
    return out


class ThemeTree(FittedTree):
    DEFAULT_CSS = """
    ThemeTree { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Themes", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False

    @property
    def current(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def show(self, themes: Sequence[ThemeInfo], current: str | None,
             extra: Mapping[str, str] | None = None) -> None:
        """Rebuild from ``themes`` (in their stored order) and put the cursor on ``current``,
        else on the first theme."""
        extra = extra or {}
        self.clear()
        self.root.expand()
        nodes: dict[str, Any] = {}
        for t in themes:
            parent = nodes.get(t.parent or "", self.root)
            label, tail = theme_label(t, extra.get(t.id, ""))
            node = self.add_fitted(parent, label, tail, t.id, expand=True,
                                   allow_expand=bool(t.children))
            nodes[t.id] = node
        if not nodes:
            return
        self.last_line  # noqa: B018 - builds the lines, so new nodes know where they are
        target = nodes.get(current or "") or next(iter(nodes.values()))
        self.move_cursor(target)
