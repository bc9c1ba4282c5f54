"""update_text: a Static's new text shows, and its height follows when the text wraps to
more or fewer lines (the layout it skips is only the one that changes nothing)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from themework.tui.widgets.static_text import update_text


class One(App[None]):
    CSS = "#line { height: auto; width: 20; } "

    def compose(self) -> ComposeResult:
        yield Static("", id="line", markup=False)
        yield Static("below", id="below", markup=False)


async def test_new_text_shows_and_the_height_follows_its_lines() -> None:
    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        line = app.query_one("#line", Static)
        below = app.query_one("#below", Static)
        update_text(line, "one line")
        await pilot.pause()
        assert line.size.height == 1 and below.region.y == 1
        update_text(line, "another line")
        await pilot.pause()
        assert str(line.render()) == "another line"
        update_text(line, "a line long enough to wrap onto a second one")
        await pilot.pause()
        assert line.size.height == 3 and below.region.y == 3
        update_text(line, "short again")
        await pilot.pause()
        assert line.size.height == 1 and below.region.y == 1
        assert str(line.render()) == "short again"
