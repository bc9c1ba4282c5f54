"""Coding stripes, the turn filter and memo marks on the Code screen, as a researcher sees them."""

from __future__ import annotations

from typing import Any

from screen_text import flat, region_text
from support import pause_for_workers as _ready
from support import reading, record_notes
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.widgets.margin import CodeMargin
from themework.tui.widgets.stripes import CodeStripes
from themework.tui.widgets.transcript_view import TranscriptView

MANY = ["consistency-of-worker", "following-through", "continuity-through-transitions",
        "time-and-persistence", "warmth-and-informal-contact", "professional-boundaries",
        "non-judgemental-stance", "repairing-trust"]


def _code_turns(wb: Workbench, code: str, *turns: int) -> None:
    for index in turns:
        wb.coding.apply(CodingRequest("P01", code, Target(turn=index)))


def _turn(wb: Workbench, name: str, index: int) -> Any:
    return next(t for t in wb.transcripts.text(name).turns if t.index == index)


async def test_stripes_show_a_column_for_a_code_at_160_and_the_key_hides_them(
    demo_wb: Workbench,
) -> None:
    demo_wb.coding.apply(CodingRequest("P01", "professional-boundaries", Target(turn=3)))
    async with reading(demo_wb, "P01") as (app, pilot, reader):
        screen = app.screen
        stripes = screen.query_one(CodeStripes)
        assert stripes.display  # on by default on a wide screen
        row = reader.row_of(_turn(demo_wb, "P01", 3).start)
        column = stripes.columns().column("professional-boundaries", False)
        assert column is not None
        y = reader.wrapped_document.location_to_offset((row, 0)).y - int(reader.scroll_y)
        line = region_text(app, stripes.region)[y]
        assert line[column.x + 1] == column.glyph  # +1: the stripes' left padding
        legend = flat(region_text(app, screen.query_one("#legend").region))
        assert f"{column.glyph} PB" in legend  # the column's glyph, named by its tag
        await pilot.press("vertical_line")
        await pilot.pause()
        assert not stripes.display and not screen.query_one("#legend").display
        await pilot.press("vertical_line")
        await pilot.pause()
        assert stripes.display


async def test_at_80_the_margin_is_compact_and_stripes_count_what_does_not_fit(
    demo_wb: Workbench,
) -> None:
    for code in MANY:
        demo_wb.coding.apply(CodingRequest("P01", code, Target(turn=3)))
    async with reading(demo_wb, "P01", size=(80, 24)) as (app, pilot, reader):
        screen = app.screen
        stripes = screen.query_one(CodeStripes)
        assert not stripes.display and screen.query_one(CodeMargin).display
        reader.move_cursor(reader.location_of(_turn(demo_wb, "P01", 3).start), center=True)
        await pilot.press("vertical_line")
        await pilot.pause()
        assert stripes.display
        layout = stripes.columns()
        assert len(layout.columns) < len(MANY) and layout.hidden
        shown = flat(region_text(app, stripes.region))
        assert "+" in shown  # the codes with no column are counted on their lines
        legend = flat(region_text(app, screen.query_one("#legend").region))
        assert "without a column" in legend


async def test_filter_shows_only_the_turns_of_a_code_and_codes_real_offsets(
    demo_wb: Workbench,
) -> None:
    code = "professional-boundaries"
    _code_turns(demo_wb, code, 3, 9)
    carrying = sorted({e.turn for e in demo_wb.coding.extracts([code], transcript="P01")
                       if e.turn is not None})
    text = demo_wb.transcripts.text("P01")
    async with reading(demo_wb, "P01") as (app, pilot, reader):
        screen = app.screen
        seen = record_notes(app)
        bar = screen.query_one("#filter-bar")
        assert not bar.display
        screen.recent = [code]  # recent codes come first in the picker: 1 is this one
        await pilot.press("f")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("1")
        await _ready(app, pilot)
        reader = screen.query_one(TranscriptView)
        assert [t.index for t in reader.turns] == carrying
        assert bar.display and "f shows every turn" in flat(region_text(app, bar.region))
        # every shown line is the transcript's own text at the same offsets
        for i, line in enumerate(reader.text.split("\n")):
            start = reader.line_starts[i]
            assert text.text[start:start + len(line)] == line
        # navigation still works inside the filtered view
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert reader.turn_at(reader.cursor_offset).index == carrying[-1]
        # coding a selection inside a shown turn stores real offsets
        nine = _turn(demo_wb, "P01", 9)
        reader.select_offsets(nine.start, nine.start + 10)
        screen.recent = ["choice-and-control"]
        await pilot.press("r", "1")
        await _ready(app, pilot)
        made = demo_wb.coding.extracts(["choice-and-control"], transcript="P01", coder="carol")
        assert [(e.start, e.end) for e in made] == [(nine.start, nine.start + 10)]
        # a selection over hidden turns is refused, with the reason
        three = _turn(demo_wb, "P01", 3)
        reader.select_offsets(three.start, nine.start + 5)
        await pilot.press("c")
        await _ready(app, pilot)
        assert app.screen is screen  # no picker: nothing to code
        assert len(demo_wb.coding.extracts(["choice-and-control"], coder="carol")) == 1
        assert any("hides" in message for _, message in seen)
        await pilot.press("f")
        await _ready(app, pilot)
        assert not bar.display and reader.text == text.text
        assert len(reader.turns) == len(text.turns)


async def test_a_coding_with_a_memo_is_marked_and_the_status_line_says_so(
    demo_wb: Workbench,
) -> None:
    coding = demo_wb.coding.apply(CodingRequest("P01", "professional-boundaries",
                                                Target(turn=3)))
    demo_wb.memos.add(f"coding:{coding.id}", "why this is a boundary")
    async with reading(demo_wb, "P01") as (app, pilot, reader):
        screen = app.screen
        reader.move_cursor(reader.location_of(coding.start + 2), center=True)
        await pilot.pause()
        stripes = flat(region_text(app, screen.query_one(CodeStripes).region))
        assert "*" in stripes
        margin = flat(region_text(app, screen.query_one(CodeMargin).region))
        assert "PB*" in margin
        here = flat(region_text(app, screen.query_one("#here").region))
        assert f"#{coding.id} carol · 1 memo" in here


async def test_many_codings_here_at_80x24_end_in_a_count_not_a_silent_cut(
    demo_wb: Workbench,
) -> None:
    # Every code at one turn, each with a memo: the status line cannot name them all in its
    # three lines at 80 columns.
    codes = [c.id for c in demo_wb.codes.list()]
    coding = None
    for code in codes:
        coding = demo_wb.coding.apply(CodingRequest("P01", code, Target(turn=3)))
        demo_wb.memos.add(f"coding:{coding.id}", "why")
    assert coding is not None
    async with reading(demo_wb, "P01", size=(80, 24)) as (app, pilot, reader):
        reader.move_cursor(reader.location_of(coding.start + 2), center=True)
        await pilot.pause()
        rows = region_text(app, app.screen.query_one("#here").region)
        here = flat(rows)
        assert len(rows) == 3, rows
        # The codes named, then how many more are left out, on the last line shown.
        named = here.count("(#")
        assert 0 < named < len(codes), here
        assert f"… {len(codes) - named} more" in flat(rows[-1:]), rows


async def test_the_filter_banner_says_how_to_clear_it_whole_at_80x24(demo_wb: Workbench) -> None:
    code = "professional-boundaries"
    demo_wb.coding.apply(CodingRequest("P01", code, Target(turn=3)))
    async with reading(demo_wb, "P01", size=(80, 24)) as (app, pilot, _):
        screen = app.screen
        screen.recent = [code]
        await pilot.press("f", "1")
        await _ready(app, pilot)
        banner = flat(region_text(app, screen.query_one("#filter-bar").region))
        assert "Professional boundaries" in banner and banner.endswith("f shows every turn again")


async def test_motions_inside_the_filtered_view_select_the_transcripts_own_words(
    demo_wb: Workbench,
) -> None:
    code = "professional-boundaries"
    _code_turns(demo_wb, code, 3, 9)
    text = demo_wb.transcripts.text("P01")
    nine = _turn(demo_wb, "P01", 9)
    async with reading(demo_wb, "P01") as (app, pilot, reader):
        screen = app.screen
        screen.recent = [code]
        await pilot.press("f", "1")
        await _ready(app, pilot)
        reader = screen.query_one(TranscriptView)
        reader.move_cursor(reader.location_of(nine.start + 1))
        await pilot.press("u")
        await pilot.pause()
        start, end = reader.selection_offsets() or (0, 0)
        assert (start, end) == (nine.start, nine.end)
        reader.move_cursor(reader.location_of(nine.start + 1))
        await pilot.press("w")
        await pilot.pause()
        start, end = reader.selection_offsets() or (0, 0)
        word = text.text[start:end]
        assert start == nine.start and word and word == text.text[nine.start:].split()[0].strip(
            ".,;:!?\"'"
        )


def _cursor_in_view(reader: TranscriptView) -> bool:
    row = reader.wrapped_document.location_to_offset(reader.cursor_location).y
    top = int(reader.scroll_y)
    return top <= row < top + reader.scrollable_content_region.height


async def test_toggling_stripes_at_80_keeps_the_selection_in_view(demo_wb: Workbench) -> None:
    # Walkthrough: at 80x24, turn 47 selected by `s s`, then `|`: the reader rewrapped to the
    # narrower width and showed turns 40 to 43, the selection out of sight.
    async with reading(demo_wb, "P01", size=(80, 24)) as (app, pilot, reader):
        turn = _turn(demo_wb, "P01", 30)
        reader.go_to_turn(turn.index)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert _cursor_in_view(reader)
        for _ in range(2):  # on (the reader narrows and rewraps), then off (it widens)
            await pilot.press("vertical_line")
            await _ready(app, pilot)
            assert _cursor_in_view(reader)
            assert not reader.selection.is_empty
