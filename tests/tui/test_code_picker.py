"""The code picker and the codebook at 80x24: codes already applied are marked and never
applied twice; a new code asks for its definition, inclusion, exclusion and keywords; a long
code name is always visible whole."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, OptionList, TextArea

from screen_text import flat, region_text, screen_lines
from support import pause_for_workers, reading
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.code_form import NewCodeScreen
from themework.tui.dialogs.prompt import ConfirmScreen
from themework.tui.dialogs.unsaved import DecideScreen
from themework.tui.widgets.code_codebook import CodebookTree

SMALL = (80, 24)
LONG = ("Feeling safe enough with the worker to say what is really happening at home, "
        "at school and online")


def _mine(wb: Workbench) -> list[tuple[int, int, str]]:
    return sorted((e.start, e.end, e.code) for e in wb.coding.extracts(coder="carol"))


def _marked(app: Any) -> dict[str, bool]:
    """Per code in the open picker, whether its line carries the applied mark."""
    ol = app.screen.query_one(OptionList)
    options = [ol.get_option_at_index(i) for i in range(ol.option_count)]
    # "N ✓ TAG name": the mark follows the number.
    return {str(o.id): str(o.prompt).split()[1] == "✓" for o in options}


async def test_the_picker_marks_the_codes_applied_here(demo_wb: Workbench) -> None:
    turns = demo_wb.transcripts.text("P02").turns
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        reader.select_offsets(turns[3].start, turns[3].start + 12)
        await pilot.press("c")
        await pause_for_workers(app, pilot)
        assert not any(_marked(app).values())
        await pilot.press(*"choice and control", "enter")
        await pause_for_workers(app, pilot)
        # The picker comes back for another code, with the one just applied marked.
        assert isinstance(app.screen, ChooseScreen)
        marked = _marked(app)
        assert marked["choice-and-control"]
        assert sum(marked.values()) == 1
        # The mark is explained in words, and the hint line still shows at 80x24.
        shown = flat(screen_lines(app))
        assert "✓ applied here" in shown and "Esc cancels" in shown
        await pilot.press("escape")
        await pause_for_workers(app, pilot)
        # A selection inside it is covered by it; one reaching past it is not.
        reader.select_offsets(turns[3].start + 2, turns[3].start + 8)
        await pilot.press("c")
        await pause_for_workers(app, pilot)
        assert _marked(app)["choice-and-control"]
        await pilot.press("escape")
        reader.select_offsets(turns[3].start, turns[3].start + 40)
        await pilot.press("c")
        await pause_for_workers(app, pilot)
        assert not _marked(app)["choice-and-control"]


async def test_a_filter_that_matches_nothing_says_so_and_enter_codes_nothing(
    demo_wb: Workbench,
) -> None:
    turns = demo_wb.transcripts.text("P02").turns
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        reader.select_offsets(turns[3].start, turns[3].start + 12)
        await pilot.press("c")
        await pause_for_workers(app, pilot)
        await pilot.press(*"qqqqqq")
        await pause_for_workers(app, pilot)
        assert "nothing matches 'qqqqqq'" in flat(screen_lines(app))
        await pilot.press("enter")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, ChooseScreen)  # still choosing, nothing applied
        assert _mine(demo_wb) == []
        await pilot.press(*["backspace"] * 6)
        await pause_for_workers(app, pilot)
        assert "nothing matches" not in flat(screen_lines(app))


async def test_choosing_an_applied_code_does_not_code_twice(demo_wb: Workbench) -> None:
    turns = demo_wb.transcripts.text("P02").turns
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        reader.select_offsets(turns[5].start, turns[5].start + 9)
        await pilot.press("c", *"professional boundaries", "enter")
        await pause_for_workers(app, pilot)
        assert len(_mine(demo_wb)) == 1
        # Again, in the picker that came back: said so, nothing applied; n keeps the coding.
        await pilot.press("1")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Professional boundaries is already applied here" in app.screen.question
        await pilot.press("n")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, ChooseScreen)  # back to choosing more codes
        assert len(_mine(demo_wb)) == 1
        await pilot.press("escape")
        await pause_for_workers(app, pilot)
        # The recent-code keys are no way round it either.
        await pilot.press("r", "1")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pause_for_workers(app, pilot)
        assert len(_mine(demo_wb)) == 1
        # y removes it instead (ctrl+z would bring it back).
        await pilot.press("c", "1")
        await pause_for_workers(app, pilot)
        await pilot.press("y")
        await pause_for_workers(app, pilot)
        assert _mine(demo_wb) == []
        assert not _marked(app)["professional-boundaries"]


async def test_another_coders_coding_is_no_duplicate_of_yours(demo_wb: Workbench) -> None:
    """Double coding: each coder codes the same text on their own."""
    theirs = next(e for e in demo_wb.coding.extracts(transcript="P01") if e.coder == "alice")
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, reader):
        reader.select_offsets(theirs.start, theirs.end)
        await pilot.press("c")
        await pause_for_workers(app, pilot)
        assert not _marked(app)[theirs.code]
        await pilot.press(*theirs.code_name.lower(), "enter")
        await pause_for_workers(app, pilot)
        assert _mine(demo_wb) == [(theirs.start, theirs.end, theirs.code)]


async def test_a_new_code_asks_for_definition_inclusion_exclusion_keywords(
    demo_wb: Workbench,
) -> None:
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, _):
        await pilot.press("plus")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, NewCodeScreen)
        await pilot.press(*"Feeling safe", "enter")  # Enter in the name: the definition next
        await pilot.pause()
        assert app.focused is app.screen.query_one("#definition", TextArea)
        await pilot.press(*"Safe with the worker", "tab", *"says safe", "tab",
                          *"risk language", "tab", *"safe, safety", "ctrl+s")
        await pause_for_workers(app, pilot)
        assert not isinstance(app.screen, NewCodeScreen)
        code = demo_wb.codes.get("Feeling safe")
        assert (code.definition, code.include, code.exclude, code.keywords) == (
            "Safe with the worker", "says safe", "risk language", ("safe", "safety"))
        # A name already taken: the form says so and keeps what was typed.
        await pilot.press("plus", *"Feeling safe", "tab", *"again", "ctrl+s")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, NewCodeScreen)
        assert app.screen.query_one("#definition", TextArea).text == "again"


async def test_esc_in_the_new_code_form_asks_once_something_was_typed(
    demo_wb: Workbench,
) -> None:
    before = len(demo_wb.codes.list())
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, _):
        await pilot.press("plus")
        await pause_for_workers(app, pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, (NewCodeScreen, DecideScreen))
        await pilot.press("plus", *"Half a code", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)
        assert "Half a code" in app.screen.question
        await pilot.press("c")  # cancel: back in the form, the text as it was
        await pilot.pause()
        assert isinstance(app.screen, NewCodeScreen)
        assert app.screen.query_one("#name", Input).value == "Half a code"
        # Quitting with the form open asks too.
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen) and "quitting" in app.screen.question
        await pilot.press("c", "escape", "d")
        await pause_for_workers(app, pilot)
        assert not isinstance(app.screen, (NewCodeScreen, DecideScreen))
        assert len(demo_wb.codes.list()) == before


async def test_in_vivo_keeps_its_quick_path_and_takes_a_definition(demo_wb: Workbench) -> None:
    turns = demo_wb.transcripts.text("P02").turns
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        start = turns[3].start
        reader.select_offsets(start, start + 12)
        words = " ".join(reader.selected_text.split())
        await pilot.press("n", "enter")  # the selected words name the code
        await pause_for_workers(app, pilot)
        code = demo_wb.codes.get(words)
        assert (start, start + 12, code.id) in _mine(demo_wb)
        reader.select_offsets(start + 20, start + 30)
        await pilot.press("n")
        await pause_for_workers(app, pilot)
        assert isinstance(app.screen, NewCodeScreen)
        await pilot.press("ctrl+u", *"Their own words", "tab", *"What they call it",
                          "ctrl+s")
        await pause_for_workers(app, pilot)
        code = demo_wb.codes.get("Their own words")
        assert code.definition == "What they call it"
        assert (start + 20, start + 30, code.id) in _mine(demo_wb)


async def test_a_long_code_name_is_visible_whole_at_80x24(demo_wb: Workbench) -> None:
    demo_wb.codes.add(LONG, definition="Safety as the ground of disclosure.")
    turn = demo_wb.transcripts.text("P01").turns[3]
    demo_wb.coding.apply(CodingRequest("P01", LONG, Target(turn=turn.index)))
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, reader):
        # In the picker the name wraps, and the detail line repeats it with the definition.
        reader.move_cursor(reader.location_of(turn.start))
        await pilot.press("c", *"feeling safe enough")
        await pause_for_workers(app, pilot)
        ol = app.screen.query_one(OptionList)
        assert LONG in flat(region_text(app, ol.content_region))
        detail = flat(region_text(app, app.screen.query_one("#detail").region))
        assert LONG in detail and "Safety as the ground" in detail
        assert "Esc cancels" in flat(screen_lines(app))
        await pilot.press("escape", "escape")
        await pause_for_workers(app, pilot)
        # In the codebook tree (t shows it at 80 columns) the line is cut at the panel's
        # edge: the highlighted code's whole name shows under the tree.
        await pilot.press("t")
        await pause_for_workers(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        node = next(n for n in tree.root.children if n.data and n.data.startswith("feeling"))
        tree.move_cursor(node)
        await pause_for_workers(app, pilot)
        below = flat(region_text(app, app.screen.query_one("#code-detail").region))
        assert LONG in below


async def test_editing_a_code_stores_the_changed_fields_and_esc_asks(
    demo_wb: Workbench,
) -> None:
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, _):
        await pilot.press("E", *"consistency of worker", "enter")
        await pause_for_workers(app, pilot)
        area = app.screen.query_one("#definition", TextArea)
        area.load_text("Turning up, as the same person.")
        await pilot.press("escape")  # something was changed: asked, not dropped
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "end", *", on time", "enter")
        await pause_for_workers(app, pilot)
        code = demo_wb.codes.get("consistency-of-worker")
        assert code.definition == "Turning up, as the same person."
        assert code.keywords[-1] == "on time"
        assert code.include  # unchanged fields stay as they were


async def test_closing_the_picker_costs_the_code_screen_no_layout_and_a_code_one_repaint(
    demo_wb: Workbench, monkeypatch: Any,
) -> None:
    """Issue 11: a closed dialog left the screen under it repainted twice: once as it came
    back, and laid out and repainted whole once more as Textual removed the closed picker.
    Esc now costs the Code screen no layout and none of its own repaints of the codings; a
    code chosen, one repaint of the codings."""
    turns = demo_wb.transcripts.text("P02").turns
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        screen = app.screen
        layouts: list[dict[str, Any]] = []
        shows: list[object] = []
        refresh, show = screen.refresh, screen._show_codings

        def counted_refresh(*regions: Any, **kw: Any) -> Any:
            if kw.get("layout"):
                layouts.append(kw)
            return refresh(*regions, **kw)

        def counted_show(view: Any) -> None:
            shows.append(view)
            show(view)

        monkeypatch.setattr(screen, "refresh", counted_refresh)
        monkeypatch.setattr(screen, "_show_codings", counted_show)
        reader.select_offsets(turns[3].start, turns[3].start + 12)
        for _ in range(2):
            await pilot.press("c")
            await pause_for_workers(app, pilot)
            assert isinstance(app.screen, ChooseScreen)
            layouts.clear()
            await pilot.press("escape")
            await pause_for_workers(app, pilot)
            assert app.screen is screen
            assert (layouts, shows) == ([], [])
        await pilot.press("c", *"choice and control", "enter")
        await pause_for_workers(app, pilot)
        assert ("choice-and-control", "carol") in {(e.code, e.coder) for e in screen.view.extracts}
        assert len(shows) == 1
        layouts.clear()
        shows.clear()
        await pilot.press("escape")  # the picker asking for another code
        await pause_for_workers(app, pilot)
        assert app.screen is screen
        assert (layouts, shows) == ([], [])
