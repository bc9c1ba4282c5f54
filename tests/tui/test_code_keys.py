"""Code screen keys that must work in any terminal: recent codes, confirmations, navigation."""

from __future__ import annotations

import io

from rich.console import Console

from support import pause_for_workers as _ready
from support import running
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.keys import KeysScreen
from themework.tui.dialogs.prompt import ConfirmScreen
from themework.tui.widgets.transcript_view import TranscriptView


async def _open(app, pilot, name: str):  # type: ignore[no-untyped-def]
    await _ready(app, pilot)
    app.screen.open(name)
    await _ready(app, pilot)
    return app.screen, app.screen.query_one(TranscriptView)


async def _code(app, pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await _ready(app, pilot)
    await pilot.press(*name, "enter")
    await _ready(app, pilot)
    await pilot.press("escape")
    await _ready(app, pilot)


def _mine(wb: Workbench) -> list[tuple[int, int, str]]:
    return sorted((e.start, e.end, e.code) for e in wb.coding.extracts(coder="carol"))


async def test_r_then_a_digit_applies_a_recent_code(demo_wb: Workbench) -> None:
    """Issue 11, defect 3: alt+1 never arrives through tmux; r 1 and c 1 do."""
    turns = demo_wb.transcripts.text("P02").turns
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        _, reader = await _open(app, pilot, "P02")
        reader.select_offsets(turns[3].start, turns[3].start + 12)
        await _code(app, pilot, "choice and control")
        reader.select_offsets(turns[5].start, turns[5].start + 9)
        await _code(app, pilot, "professional boundaries")
        # Recent 1 is the last code used; 2 the one before.
        reader.select_offsets(turns[7].start, turns[7].start + 5)
        await pilot.press("r")
        await _ready(app, pilot)
        await pilot.press("2")
        await _ready(app, pilot)
        assert not isinstance(app.screen, ChooseScreen)  # one code, and done
        assert (turns[7].start, turns[7].start + 5, "choice-and-control") in _mine(demo_wb)
        # In the code picker, with nothing typed, a digit takes the N-th listed (recent first).
        reader.select_offsets(turns[9].start, turns[9].start + 7)
        await pilot.press("c")
        await _ready(app, pilot)
        await pilot.press("1")
        await _ready(app, pilot)
        assert isinstance(app.screen, ChooseScreen)  # the picker stays for more codes
        await pilot.press("escape")
        await _ready(app, pilot)
        assert (turns[9].start, turns[9].start + 7, "choice-and-control") in _mine(demo_wb)
        assert len(_mine(demo_wb)) == 4


async def test_digits_filter_once_typing_started_and_r_with_no_history_says_so(
    demo_wb: Workbench,
) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        _, reader = await _open(app, pilot, "P02")
        turn = demo_wb.transcripts.text("P02").turns[3]
        reader.select_offsets(turn.start, turn.start + 12)
        await pilot.press("r")
        await _ready(app, pilot)
        assert not isinstance(app.screen, ChooseScreen)
        assert any("no recent codes yet" in str(n.message) for n in app._notifications)
        await pilot.press("c")
        await _ready(app, pilot)
        await pilot.press("x", "1")
        await _ready(app, pilot)
        assert isinstance(app.screen, ChooseScreen)
        assert app.screen.query_one("#filter").value == "x1"
        await pilot.press("escape")
        await _ready(app, pilot)
        assert _mine(demo_wb) == []


async def test_the_digit_after_r_with_no_recent_code_is_not_a_phase_key(
    demo_wb: Workbench,
) -> None:
    """r then 4, with no code used yet, said "no recent codes yet" and went to phase 4."""
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        _, reader = await _open(app, pilot, "P02")
        turn = demo_wb.transcripts.text("P02").turns[3]
        reader.select_offsets(turn.start, turn.start + 12)
        await pilot.press("r", "4")
        await _ready(app, pilot)
        assert app.current_mode == "code"
        assert any("no recent codes yet" in str(n.message) for n in app._notifications)
        # Only the one key after r: the next 4 is the phase key again.
        await pilot.press("4")
        await _ready(app, pilot)
        assert app.current_mode == "review"


async def test_x_asks_before_removing_another_coders_coding(demo_wb: Workbench) -> None:
    """Issue 11, defect 7: x removed alice's coding on one key, with no question."""
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        _, reader = await _open(app, pilot, "P01")
        theirs = next(e for e in demo_wb.coding.extracts(transcript="P01")
                      if e.coder == "alice"
                      and sum(o.start <= e.start < o.end
                              for o in demo_wb.coding.extracts(transcript="P01")) == 1)
        reader.move_cursor(reader.location_of(theirs.start))
        await pilot.press("x")
        await _ready(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Remove alice's coding #{theirs.id} ({theirs.code_name}" in app.screen.question
        assert "ctrl+z undoes" in app.screen.question
        await pilot.press("n")
        await _ready(app, pilot)
        assert theirs.id in {e.id for e in demo_wb.coding.extracts(transcript="P01")}
        await pilot.press("x")
        await _ready(app, pilot)
        await pilot.press("y")
        await _ready(app, pilot)
        assert theirs.id not in {e.id for e in demo_wb.coding.extracts(transcript="P01")}
        # Your own coding goes on one key, as before.
        reader.select_offsets(theirs.start, theirs.start + 4)
        screen = app.screen
        screen.recent = [theirs.code]
        await pilot.press("alt+1")
        await _ready(app, pilot)
        assert len(_mine(demo_wb)) == 1
        reader.move_cursor(reader.location_of(theirs.start + 1))
        await pilot.press("x")
        await _ready(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert _mine(demo_wb) == []


async def test_merging_codes_asks_first(demo_wb: Workbench) -> None:
    moving = next(c for c in demo_wb.codes.list() if c.id == "confidentiality-limits").codings
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "P01")
        for step in ("M", "explaining confidentiality", "enter", "honesty about", "enter"):
            await pilot.press(*([step] if step in ("M", "enter") else list(step)))
            await _ready(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert question.startswith("Merge the code Explaining confidentiality limits into "
                                   "Honesty about information sharing?")
        assert f"{moving} codings move" in question and "ctrl+z undoes" in question
        await pilot.press("y")
        await _ready(app, pilot)
        merged = next(c for c in demo_wb.codes.list(include_retired=True)
                      if c.id == "confidentiality-limits")
        assert merged.status == "merged"


async def test_the_recent_key_can_be_remapped_and_is_listed(demo_wb: Workbench) -> None:
    import io

    from rich.console import Console

    from themework.tui.dialogs.keys import bindings_of

    turns = demo_wb.transcripts.text("P02").turns
    app = create_app(demo_wb, start_mode="code", keymap={"code.recent": "semicolon"})
    async with app.run_test(size=(80, 24)) as pilot:
        _, reader = await _open(app, pilot, "P02")
        app.screen.recent = ["choice-and-control"]
        reader.select_offsets(turns[3].start, turns[3].start + 12)
        await pilot.press("semicolon")
        await _ready(app, pilot)
        await pilot.press("1")
        await _ready(app, pilot)
        assert _mine(demo_wb) == [(turns[3].start, turns[3].start + 12, "choice-and-control")]
        await pilot.press("question_mark")
        await _ready(app, pilot)
        ids = {b.id for b in bindings_of(app.screen.target)}  # what the ? table lists
        assert {"code.recent", "code.reject", "code.follow", "reader.goto", "reader.bottom"} <= ids
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen._table())  # what the ? screen shows, at full width
        assert "code.recent" in console.export_text()


async def test_the_status_line_on_a_speaker_label_names_the_turns_codings(
    demo_wb: Workbench,
) -> None:
    """Standing at the start of a coded turn (its label) said "not coded here"."""
    turns = demo_wb.transcripts.text("P02").turns
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, reader = await _open(app, pilot, "P02")
        reader.select_offsets(turns[3].start, turns[3].end)
        await _code(app, pilot, "choice and control")
        reader.select_offsets(turns[3].label_start, turns[3].label_start)
        await _ready(app, pilot)
        here = str(screen.query_one("#here").render())
        assert "not coded here" not in here and "Choice and control" in here, here


async def test_keys_says_what_ctrl_x_and_ctrl_c_remove_and_copy(demo_wb: Workbench) -> None:
    # Walkthrough: ? listed "^x super+x  Remove" and "^c  Copy" in the Code screen's reader.
    async with running(demo_wb, "code", (80, 24)) as (app, pilot):
        await pilot.press("question_mark")
        await _ready(app, pilot)
        assert isinstance(app.screen, KeysScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen._table())
        listed = console.export_text()
        assert "Remove the coding here, as x does" in listed, listed
        assert "Copy the selection, or the coding here, to the clipboard" in listed


async def test_r_shows_the_recent_codes_of_now_each_time_from_a_kept_picker(
    demo_wb: Workbench,
) -> None:
    """Issue 11: r's picker is kept (Textual removing a closed dialog repainted the whole
    app after each r 1), yet each r lists the recent codes and marks of the moment, with
    an empty filter, whatever the last r left there."""
    from textual.widgets import OptionList

    turns = demo_wb.transcripts.text("P02").turns
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        _, reader = await _open(app, pilot, "P02")
        first = (turns[3].start, turns[3].start + 12)
        reader.select_offsets(*first)
        await _code(app, pilot, "choice and control")
        reader.select_offsets(turns[5].start, turns[5].start + 9)
        await pilot.press("r")
        await _ready(app, pilot)
        kept = app.screen
        assert isinstance(kept, ChooseScreen)
        await pilot.press("z", "z", "escape")
        await _ready(app, pilot)
        await _code(app, pilot, "professional boundaries")
        reader.select_offsets(*first)
        await pilot.press("r")
        await _ready(app, pilot)
        assert app.screen is kept and app.is_screen_installed(kept)
        assert kept.query_one("#filter").value == ""
        ol = kept.query_one(OptionList)
        labels = [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]
        assert len(labels) == 2
        assert labels[0].startswith("1  ") and "Professional boundaries" in labels[0]
        assert labels[1].startswith("2 ✓") and "Choice and control" in labels[1]
        await pilot.press("1")
        await _ready(app, pilot)
        assert not isinstance(app.screen, ChooseScreen)
        assert (*first, "professional-boundaries") in _mine(demo_wb)
