"""The codebook beside the Code screen's reader: codes and sub-codes with their tags.

Each code shows a dot when it is coded in the open transcript (in words and shape, never
colour alone), its tag, name and number of codings. The screen pushes the codes down with
``show``; the cursor stays on the same code across reloads.

A tree line holds one line of text, so a long name is cut at the panel's edge, with "…" and
its count kept (``FittedTree``): the ``CodebookPanel`` shows the highlighted code's whole name
and its definition under the tree.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from themework.services.codes import CodeInfo
from themework.tui.widgets.fitted_tree import FittedTree
from themework.tui.widgets.static_text import update_text


class CodebookTree(FittedTree):
    class Detail(Message):
        """The highlighted code's whole name and definition ("" on no code)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Codebook", id=id)
        self.details: dict[str, str] = {}
        self.nodes: dict[str, TreeNode[str]] = {}  # code id -> its node
        self.shape: list[tuple[str, str | None]] = []  # (code, parent) as built
        self.labels: dict[str, str] = {}  # code id -> its line as shown

    def detail(self, code: str | None) -> str:
        return self.details.get(code or "", "")

    def show(self, codes: Sequence[CodeInfo], tags: Mapping[str, str],
             coded: Collection[str]) -> None:
        """Show ``codes`` (parents first); ``coded``: the codes used in the transcript. When
        the codes and their places are the same as shown, only changed lines are redrawn
        (rebuilding the tree after each coding laid the whole screen out again)."""
        highlighted = self.cursor_node.data if self.cursor_node else None
        self.details = {
            c.id: f"{tags[c.id]} {c.name}: {c.definition or 'no definition yet (E edits it)'}"
            for c in codes
        }
        labels = {c.id: f"{'●' if c.id in coded else ' '} {tags[c.id]:<4} {c.name} "
                        f"({c.codings})" for c in codes}
        tails = {c.id: len(f" ({c.codings})") for c in codes}  # the count outlasts the name
        shape = [(c.id, c.parent) for c in codes]
        if shape == self.shape:
            for code, label in labels.items():
                if self.labels.get(code) != label:
                    self.set_tail(self.nodes[code], tails[code])
                    self.nodes[code].set_label(Text(label))
        else:
            self.rebuild(codes, labels, tails)
            self.shape = shape
            if highlighted in self.nodes:
                self.move_cursor(self.nodes[highlighted])
        self.labels = labels
        # The definition may have changed while the cursor stayed.
        self.post_message(self.Detail(self.detail(highlighted)))

    def rebuild(self, codes: Sequence[CodeInfo], labels: Mapping[str, str],
                tails: Mapping[str, int]) -> None:
        self.clear()
        self.root.expand()
        parents = {c.parent for c in codes}
        self.nodes = {}
        for c in codes:
            parent = self.nodes.get(c.parent or "", self.root)
            node = self.add_fitted(parent, Text(labels[c.id]), tails[c.id], c.id, expand=True)
            if c.id not in parents:
                node.allow_expand = False
            self.nodes[c.id] = node

    def _on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self.post_message(self.Detail(self.detail(event.node.data)))


class CodebookPanel(Vertical):
    """The codebook tree and, under it, the highlighted code's detail line."""

    DEFAULT_CSS = """
    CodebookPanel { height: 1fr; }
    CodebookPanel > CodebookTree { height: 1fr; }
    CodebookPanel > #code-detail {
        height: auto; max-height: 5; padding: 0 1; color: $text-muted;
        border-top: solid $panel-lighten-2;
    }
    """

    def compose(self) -> ComposeResult:
        yield CodebookTree(id="codebook")
        yield Static("", id="code-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#code-detail").display = False

    @on(CodebookTree.Detail)
    def _detail(self, event: CodebookTree.Detail) -> None:
        event.stop()
        detail = self.query_one("#code-detail", Static)
        update_text(detail, Text(event.text))
        detail.display = bool(event.text)
