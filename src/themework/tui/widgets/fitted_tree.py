"""A tree whose labels fit its width: a cut label ends in "…" and keeps its tail (a count).

Textual crops a tree line at the widget's edge, so at 80 columns a side panel showed
"Consistency of worker (2" and "… candidat": the count lost and nothing said the name was
cut. Here the name gives way first; the screen shows the highlighted item's whole name
elsewhere (the codebook's detail line, the Themes screen's heading).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

ELLIPSIS = "…"


def fit(label: Text, width: int, tail: int) -> Text:
    """``label`` in ``width`` cells: if cut, its end but the last ``tail`` characters gives
    way to "…"; a tail that cannot fit with one character before it is cut too."""
    if label.cell_len <= width:
        return label
    if width <= 0:
        return Text()
    tail = tail if 0 < tail < width - 1 else 0
    body = label[: len(label) - tail] if tail else label.copy()
    body.truncate(width - tail - 1)
    body.rstrip()
    body.append(ELLIPSIS)
    return body + label[len(label) - tail:] if tail else body


class FittedTree(Tree[str]):
    """A ``Tree`` of ids whose nodes are added with ``add_fitted``, giving the tail to keep."""

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self._tails: dict[int, int] = {}

    def add_fitted(self, parent: TreeNode[str], label: Text, tail: int, data: str,
                   **options: bool) -> TreeNode[str]:
        node = parent.add(label, data=data, **options)
        self._tails[node.id] = tail
        return node

    def set_tail(self, node: TreeNode[str], tail: int) -> None:
        """The tail to keep of ``node``'s label from now on (its count changed length)."""
        self._tails[node.id] = tail

    def clear(self) -> FittedTree:
        self._tails.clear()
        super().clear()
        return self

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        # One guide per level below the root (below its children, when the root is hidden).
        depth, up = (0 if self.show_root else -1), node.parent
        while up is not None:
            depth, up = depth + 1, up.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        return fit(label, room, self._tails.get(node.id, 0))
