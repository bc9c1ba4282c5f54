"""The codebook beside the Code screen's reader: codes and sub-codes with their tags.

Each code shows a dot when it is coded in the open transcript (in words and shape, never
colour alone), its tag, name and number of codings. The screen pushes the codes down with
``show``; the cursor stays on the same code across reloads.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Tree

from themework.services.codes import CodeInfo


class CodebookTree(Tree[str]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Codebook", id=id)

    def show(self, codes: Sequence[CodeInfo], tags: Mapping[str, str],
             coded: Collection[str]) -> None:
        """Rebuild from ``codes`` (parents first); ``coded``: the codes used in the transcript."""
        highlighted = self.cursor_node.data if self.cursor_node else None
        self.clear()
        self.root.expand()
        nodes: dict[str, Any] = {}
        for c in codes:
            parent = nodes.get(c.parent or "", self.root)
            mark = "●" if c.id in coded else " "
            label = f"{mark} {tags[c.id]:<4} {c.name} ({c.codings})"
            node = parent.add(Text(label), data=c.id, expand=True)
            if not any(x.parent == c.id for x in codes):
                node.allow_expand = False
            nodes[c.id] = node
        if highlighted in nodes:
            self.move_cursor(nodes[highlighted])
