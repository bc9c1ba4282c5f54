"""Selection by motions in the Code screen's reader (issue 11): word, sentence and turn under
the cursor, extending by word and sentence, to the end of the turn, a visual mode, and coding
what was selected."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from rich.console import Console
from textual.widgets import Static

from support import pause_for_workers as _ready
from support import reading, running
from themework.services.workbench import Workbench
from themework.tui.dialogs.keys import KeysScreen
from themework.tui.widgets.coding_reader import CodingReader

# P02, turn 6: "Honestly, the biggest thing is being honest. Being straight with them about
# what I can and can't do. I won't ever say to a young person, "this stays between us,"
# because it doesn't. ..."
FIRST = "Honestly, the biggest thing is being honest."
SECOND = "Being straight with them about what I can and can't do."
THIRD = 'I won\'t ever say to a young person, "this stays between us," because it doesn\'t.'


@asynccontextmanager
async def _at(wb: Workbench, word: str) -> AsyncIterator[tuple[Any, Any, CodingReader, Any]]:
    """The Code screen at 80x24 on P02, the cursor inside ``word`` of turn 6:
    ``(app, pilot, reader, turn)``."""
    async with reading(wb, "P02", size=(80, 24)) as (app, pilot, reader):
        turn = wb.transcripts.text("P02").turns[5]
        at = reader.source.index(word, turn.start) + 1
        reader.move_cursor(reader.location_of(at))
        await pilot.pause()
        yield app, pilot, reader, turn


def _status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#here", Static).render())


async def _code_it(app, pilot, typing: Callable, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await _ready(app, pilot)
    await typing(pilot, name)
    await pilot.press("enter")
    await _ready(app, pilot)
    await pilot.press("escape")
    await _ready(app, pilot)


def _coded(wb: Workbench) -> list[str]:
    return [e.text for e in wb.coding.extracts(coder="carol")]


async def test_w_selects_the_word_and_c_codes_it(demo_wb: Workbench, typing: Callable) -> None:
    async with _at(demo_wb, "straight") as (app, pilot, reader, _):
        await pilot.press("w")
        assert reader.selected_text == "straight"
        assert "1 word selected" in _status(app)
        await _code_it(app, pilot, typing, "honesty")
        assert _coded(demo_wb) == ["straight"]
        # The cursor stands after the selection: the status names the selection's codings.
        assert "HIS Honesty about information sharing (#" in _status(app), _status(app)


async def test_s_selects_the_sentence_and_extends_by_sentences(
    demo_wb: Workbench, typing: Callable
) -> None:
    async with _at(demo_wb, "straight") as (app, pilot, reader, _):
        await pilot.press("s")
        assert reader.selected_text == SECOND
        assert "sentence selected, 11 words" in _status(app)
        await pilot.press("s")  # again: on to the end of the next sentence
        assert reader.selected_text == f"{SECOND} {THIRD}"
        assert "2 sentences selected, 26 words" in _status(app)
        await pilot.press("left_parenthesis")  # back: the end returns a sentence
        assert reader.selected_text == SECOND
        await pilot.press("right_parenthesis")
        await _code_it(app, pilot, typing, "honesty")
        assert _coded(demo_wb) == [f"{SECOND} {THIRD}"]


async def test_w_and_b_extend_and_shrink_a_selection_by_words(demo_wb: Workbench) -> None:
    async with _at(demo_wb, "straight") as (app, pilot, reader, _):
        await pilot.press("w", "w", "w")
        assert reader.selected_text == "straight with them"
        assert "3 words selected" in _status(app)
        await pilot.press("b")
        assert reader.selected_text == "straight with"


async def test_u_selects_the_turn_without_its_label_and_codes_it(
    demo_wb: Workbench, typing: Callable
) -> None:
    async with _at(demo_wb, "straight") as (app, pilot, reader, turn):
        reader.move_cursor(reader.location_of(turn.label_start))  # on the label "P02"
        await pilot.press("u")
        said = reader.source[turn.start:turn.end]
        assert reader.selected_text == said and said.startswith(FIRST)
        assert "turn 6 selected" in _status(app)
        await _code_it(app, pilot, typing, "honesty")
        [e] = demo_wb.coding.extracts(coder="carol")
        assert (e.start, e.end, e.text) == (turn.start, turn.end, said)


async def test_e_selects_to_the_end_of_the_turn(demo_wb: Workbench) -> None:
    async with _at(demo_wb, "Being straight") as (_, pilot, reader, turn):
        reader.move_cursor(reader.location_of(reader.source.index(SECOND, turn.start)))
        await pilot.press("e")
        assert reader.selected_text == reader.source[turn.start:turn.end][len(FIRST) + 1:]
        await pilot.press("e")  # already at the end: says so, and keeps the selection
        assert reader.selected_text.startswith(SECOND)


async def test_visual_mode_extends_with_arrows_and_motions_and_esc_leaves_it(
    demo_wb: Workbench, typing: Callable
) -> None:
    async with _at(demo_wb, "Being straight") as (app, pilot, reader, turn):
        reader.move_cursor(reader.location_of(reader.source.index(SECOND, turn.start)))
        await pilot.press("v")
        assert "VISUAL" in _status(app)
        await pilot.press("right", "right", "right")
        assert reader.selected_text == "Bei"
        await pilot.press("w", "w")  # to the end of this word, then the next
        assert reader.selected_text == "Being straight"
        await pilot.press("escape")  # leaves visual mode; the selection stays for c
        assert not reader.visual and "VISUAL" not in _status(app)
        await pilot.press("right")
        assert reader.selected_text == ""  # out of visual mode, arrows move again
        reader.move_cursor(reader.location_of(reader.source.index(SECOND, turn.start)))
        await pilot.press("v", "s")  # from here to the end of the sentence
        assert reader.selected_text == SECOND
        await _code_it(app, pilot, typing, "honesty")
        assert not reader.visual  # coding ends visual mode
        assert _coded(demo_wb) == [SECOND]
        await pilot.press("escape")  # a second Esc drops the selection
        assert reader.selected_text == ""


async def test_mouse_drag_still_selects_and_status_counts_words(demo_wb: Workbench) -> None:
    async with _at(demo_wb, "straight") as (app, pilot, reader, _):
        x, y = reader.cursor_screen_offset
        offset = (x - reader.region.x, y - reader.region.y)
        await pilot.mouse_down(reader, offset=offset)
        await pilot.hover(reader, offset=(offset[0] + 6, offset[1]))
        await pilot.mouse_up(reader, offset=(offset[0] + 6, offset[1]))
        await pilot.pause()
        assert reader.selected_text == "traigh"
        assert "1 word selected" in _status(app)


async def test_advance_moved_to_A_and_keys_lists_the_motions(demo_wb: Workbench) -> None:
    async with running(demo_wb, "code", (80, 40)) as (app, pilot):
        await pilot.press("A")
        assert app.screen.advance
        await pilot.press("question_mark")
        await _ready(app, pilot)
        assert isinstance(app.screen, KeysScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen._table())  # what the ? screen shows, at full width
        listed = console.export_text()
        for key_id in ("select.word", "select.sentence", "select.turn", "select.turn_end",
                       "select.word_back", "select.sentence_on", "select.sentence_back",
                       "select.visual", "select.leave", "code.advance"):
            assert key_id in listed
        assert "Select the sentence here; with a selection, extend it by a sentence" in listed


async def test_motions_stop_at_the_turn_but_arrows_cross_it(demo_wb: Workbench) -> None:
    async with _at(demo_wb, "straight") as (app, pilot, reader, turn):
        await pilot.press("u", "w")  # the whole turn: no word is left in it
        assert reader.selection_offsets() == (turn.start, turn.end)
        await pilot.press("v", "down", "down", "down")
        assert "words selected, across 2 turns" in _status(app)
