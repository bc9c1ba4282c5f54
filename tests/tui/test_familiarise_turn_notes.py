"""A familiarisation note hangs on the turn being read, or on the whole transcript (N)."""

from __future__ import annotations

from typing import Any

from support import reading
from themework.services.workbench import Workbench
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.widgets.familiarise_notes import MemoList


async def test_n_notes_the_turn_being_read_and_N_the_whole_transcript(
    demo_wb: Workbench, ready: Any,
) -> None:
    turn = demo_wb.transcripts.text("P03").turns[3]
    async with reading(demo_wb, "P03", mode="familiarise") as (app, pilot, reader):
        screen = app.screen
        reader.focus()
        reader.move_cursor(reader.location_of(turn.start + 3))
        await pilot.press("n")
        assert isinstance(app.screen, PromptScreen)
        assert f"turn {turn.index}" in app.screen.title_text
        await pilot.press(*"access first", "ctrl+s")
        await ready(app, pilot)
        await pilot.press("N", *"whole interview", "ctrl+s")
        await ready(app, pilot)
        notes = demo_wb.memos.list(kind="note", on="transcript:P03")
        assert [(n.text, n.turn) for n in notes] == [
            ("access first", turn.index), ("whole interview", None)
        ]
        listed = screen.query_one("#fam-notes", MemoList)
        assert any(f"turn {turn.index}" in str(listed.get_option_at_index(i).prompt)
                   for i in range(listed.option_count))


async def test_the_reader_marks_a_noted_turn_where_the_notes_panel_is_off_screen(
    demo_wb: Workbench, ready: Any,
) -> None:
    # Walkthrough at 80x24: after n on P01 turn 2 nothing in the reader showed that the turn
    # had a note (the notes panel takes the reader's place there, behind t).
    from textual.widgets import Static

    from themework.tui.widgets.familiarise_margin import TurnMargin

    turn = demo_wb.transcripts.text("P01").turns[1]
    async with reading(demo_wb, "P01", mode="familiarise", size=(80, 24)) as (app, pilot,
                                                                              reader):
        screen = app.screen
        margin = screen.query_one(TurnMargin)
        row = reader.row_of(turn.label_start)
        assert margin.labels[row].rstrip() == f"{turn.index:>3}"
        reader.focus()
        reader.move_cursor(reader.location_of(turn.start + 3))
        await pilot.press("n", *"overlap", "ctrl+s")
        await ready(app, pilot)
        assert margin.labels[reader.row_of(turn.label_start)] == f"{turn.index:>3}*"
        here = str(screen.query_one("#fam-here", Static).render())
        assert f"turn {turn.index} of" in here and "1 note on this turn" in here, here
