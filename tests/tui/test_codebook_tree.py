"""The Code screen's codebook tree after a reload: changed counts and marks show (the
lines are redrawn in place, the cursor staying on its code), and a changed codebook is
drawn anew."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult

from themework.services.codes import CodeInfo
from themework.tui.widgets.code_codebook import CodebookTree


def code(id: str, name: str, codings: int, parent: str | None = None) -> CodeInfo:
    return CodeInfo(id, name, parent, "active", (), "", "", "", (), (), "", codings,
                    1 if parent else 0)


class One(App[None]):
    def compose(self) -> ComposeResult:
        yield CodebookTree(id="codebook")


def lines(tree: CodebookTree) -> list[str]:
    return [str(tree.nodes[c].label) for c in tree.nodes]


async def test_a_reload_shows_new_counts_and_keeps_the_cursor() -> None:
    codes = [code("a", "Trust", 2), code("b", "Warmth", 0, parent="a"), code("c", "Pace", 1)]
    tags = {"a": "T", "b": "W", "c": "P"}
    app = One()
    async with app.run_test() as pilot:
        tree = app.query_one(CodebookTree)
        tree.show(codes, tags, coded={"a"})
        await pilot.pause()
        tree.move_cursor(tree.nodes["c"])
        await pilot.pause()
        tree.show([codes[0], replace(codes[1], codings=1), codes[2]], tags, coded={"a", "b"})
        await pilot.pause()
        assert lines(tree) == ["● T    Trust (2)", "● W    Warmth (1)", "  P    Pace (1)"]
        assert tree.cursor_node is tree.nodes["c"]
        tree.show([codes[2], codes[0]], tags, coded=set())  # Warmth merged away
        await pilot.pause()
        assert lines(tree) == ["  P    Pace (1)", "  T    Trust (2)"]
