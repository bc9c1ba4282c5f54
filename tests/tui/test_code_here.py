"""The Code screen's "here": ``x`` and ``m`` act on the codings the status line names.

After coding a selection the cursor stands after its end, past the new coding, and on a
speaker's label it stands before what they said; the status line names the codings at the
selection's start (or the utterance's), and ``x`` and ``m`` said "no coding under the cursor".
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from support import pause_for_workers as _ready
from support import reading
from themework.services.workbench import Workbench
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.prompt import PromptScreen


def _status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#here", Static).render())


async def test_m_and_x_act_on_the_coding_just_made_on_a_selection(
    demo_wb: Workbench, typing: Callable, notes: Callable
) -> None:
    async with reading(demo_wb, "P02", size=(80, 24)) as (app, pilot, reader):
        turn = demo_wb.transcripts.text("P02").turns[5]
        reader.move_cursor(reader.location_of(reader.source.index("straight", turn.start) + 1))
        await pilot.press("w", "c")
        await _ready(app, pilot)
        await typing(pilot, "honesty")
        await pilot.press("enter")
        await _ready(app, pilot)
        await pilot.press("escape")
        await _ready(app, pilot)
        [made] = demo_wb.coding.extracts(coder="carol")
        assert f"#{made.id} carol" in _status(app), _status(app)
        seen = notes(app)
        await pilot.press("m")  # a memo on the coding the status line names
        await _ready(app, pilot)
        assert isinstance(app.screen, PromptScreen), seen
        assert f"Memo on coding {made.id}" in app.screen.title_text
        await pilot.press("escape")
        await _ready(app, pilot)
        await pilot.press("x")  # and x removes it (carol's own: no question)
        await _ready(app, pilot)
        assert demo_wb.coding.extracts(coder="carol") == []
        assert ("warning", "no coding under the cursor") not in seen


async def test_x_on_a_speakers_label_asks_about_the_codings_the_status_names(
    demo_wb: Workbench, notes: Callable
) -> None:
    async with reading(demo_wb, "P02", size=(80, 24)) as (app, pilot, reader):
        turn = demo_wb.transcripts.text("P02").turns[5]  # coded by alice and bob from its start
        reader.move_cursor(reader.location_of(turn.label_start))
        await _ready(app, pilot)
        assert "HIS Honesty about information sharing (#" in _status(app), _status(app)
        seen = notes(app)
        await pilot.press("x")
        await _ready(app, pilot)
        assert isinstance(app.screen, ChooseScreen), seen
        assert app.screen.title_text == "Which coding?"
