"""The focus is always on a widget you can see, and it shows: hiding a panel, opening a
transcript, Tab and typing on search results never leave it somewhere unseen."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.screens.code import CodeScreen
from themework.tui.screens.define import DefineScreen
from themework.tui.screens.familiarise import FamiliariseScreen
from themework.tui.widgets.search_results import SearchResults
from themework.tui.widgets.transcript_view import TranscriptView


def _looks(widget: Widget) -> list[list[tuple[str, str]]]:
    """What the widget draws (text and style), to tell focused from not."""
    return [[(seg.text, str(seg.style)) for seg in strip]
            for strip in widget.render_lines(widget.size.region)]


async def test_hiding_the_side_panel_gives_the_reader_the_focus(
    demo_wb: Workbench, ready: Any
) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodeScreen)
        screen.query_one("#codebook").focus()
        await pilot.press("t")  # hide the panel that has the focus
        await pilot.pause()
        reader = screen.query_one(TranscriptView)
        assert not screen.query_one("#side").display
        assert screen.focused is reader
        before = reader.cursor_location
        await pilot.press("down")  # the arrows work at once, no Tab needed
        assert reader.cursor_location != before


async def test_opening_a_transcript_moves_to_the_reader(demo_wb: Workbench, ready: Any) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodeScreen)
        screen.query_one("#transcripts").focus()
        await pilot.press("o")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"P04", "enter")
        await ready(app, pilot)
        assert screen.transcript == "P04"
        assert screen.focused is screen.query_one(TranscriptView)


async def test_every_tab_stop_shows_that_it_has_the_focus(
    demo_wb: Workbench, ready: Any
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        seen = []
        for _ in range(len(screen.focus_chain)):
            await pilot.press("tab")
            await pilot.pause()
            widget = screen.focused
            assert widget is not None and widget.region.area > 0, widget
            seen.append(widget)
            focused = _looks(widget)
            screen.set_focus(None)
            await pilot.pause()
            assert _looks(widget) != focused, f"{widget} shows no sign of the focus"
            widget.focus()
            await pilot.pause()
        assert screen.query_one("#df-preview-box") in seen


async def test_letters_typed_on_search_results_go_on_with_the_search(
    demo_wb: Workbench, ready: Any
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, FamiliariseScreen)
        await pilot.press("slash", *"trust", "enter")
        await ready(app, pilot)
        results = screen.query_one(SearchResults)
        assert results.has_focus and results.hits
        await pilot.press(*"nothing")  # n would have opened a note dialog
        await pilot.pause()
        box = screen.query_one("#fam-search", Input)
        assert app.screen is screen and box.has_focus
        assert box.value == "trustnothing"
