"""The Review screen's extract rows (widgets/extract_list.py) take their height from where
Rich breaks their words, without rendering them: it must be the height they render to, or
the list's lines and its scrolling go wrong."""

from __future__ import annotations

import random

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.app import App, ComposeResult
from textual.visual import RichVisual

from themework.tui.widgets.extract_list import FollowingOptionList, Hanging, HangingVisual

WORDS = [
    "we",
    "kept",
    "going",
    "back,",
    "week",
    "after",
    "a",
    "safeguarding",
    "I",
    "—",
    "café",
    "naïve",
    "日本語",
    "x" * 30,
    "e\u0301",
    "🙂",
    "P07:",
    "well…",
    "don’t",
    "a\u00a0b",
    "x" * 7,
]


def _rows(seed: int, count: int) -> list[tuple[Text, Text]]:
    rng = random.Random(seed)
    rows = [
        (Text(""), Text("")),
        (Text("    ★ turn 3 · P01"), Text("y" * 200)),
        (Text("head"), Text("tab\there")),
        (Text("two\nlines"), Text("body")),
    ]
    for _ in range(count):
        head = Text("    ")
        head.append(f"turn {rng.randint(1, 5000)} · {rng.choice(WORDS)}", style="bold")
        head.append(f" · coder · #{rng.randint(1, 10**6)}", style="dim")
        # Half the extracts in words one cell a character (the short cut), half in any.
        words = WORDS if len(rows) % 2 else [w for w in WORDS if w.isascii() or w == "don’t"]
        body = Text(" ".join(rng.choice(words) for _ in range(rng.randint(0, 80))))
        rows.append((head, body))
    return rows


class _Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield FollowingOptionList()


async def test_a_rows_height_is_the_height_it_renders_to() -> None:
    app = _Lists()
    async with app.run_test():
        widget = app.query_one(FollowingOptionList)
        for head, body in _rows(11, 120):
            ours = HangingVisual(widget, Hanging(head, body, 6))
            rendered = RichVisual(widget, Group(head, Padding(body, (0, 0, 0, 6))))
            for width in (1, 6, 7, 8, 13, 15, 29, 40, 41, 77, 106, 108, 158):
                assert ours.get_height(widget.styles, width) == rendered.get_height(
                    widget.styles, width
                ), (width, str(body))


async def test_the_list_measures_hanging_rows_without_rendering_them(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Pins the private OptionList hook (``_get_visual``, ``Option._visual``) the list
    overrides: should a Textual upgrade rename it, the rows would be rendered for their
    height again (the Review screen's first visit, 0.4 s slower) and this fails."""
    measured: list[int] = []
    original = HangingVisual.get_height

    def spy(self: HangingVisual, rules: object, width: int) -> int:
        measured.append(width)
        return original(self, rules, width)  # type: ignore[arg-type]

    monkeypatch.setattr(HangingVisual, "get_height", spy)
    app = _Lists()
    async with app.run_test() as pilot:
        widget = app.query_one(FollowingOptionList)
        widget.add_options([Hanging(head, body, 6) for head, body in _rows(3, 20)])
        await pilot.pause()
        assert measured, "OptionList no longer asks FollowingOptionList for its visuals"
