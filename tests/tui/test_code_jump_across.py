"""``}``/``{`` go through a code's codings across transcripts: past the last coding of the
followed code in a transcript, ``}`` opens the next transcript in the list holding one, at its
first, and ``{`` goes back; only past the very last one is there nothing more."""

from __future__ import annotations

from typing import Any

from support import pause_for_workers as _ready
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.widgets.transcript_view import TranscriptView

CODE = "warmth-and-informal-contact"


def _told(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_braces_go_on_to_the_next_transcript_holding_the_code(
    demo_wb: Workbench,
) -> None:
    order = [t.name for t in demo_wb.transcripts.list()]
    # One stop per start, as within a transcript (two coders' codings often share one).
    starts = {name: sorted({e.start for e in demo_wb.coding.extracts(
        [CODE], transcript=name)}) for name in order}
    holding = [name for name in order if starts[name]]
    assert len(holding) >= 3, "the demo should hold this code in three transcripts"
    first, second, last = holding[0], holding[1], holding[-1]
    name = next(c.name for c in demo_wb.codes.list() if c.id == CODE)
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen: Any = app.screen
        screen.open(first)
        await _ready(app, pilot)
        screen.jumps.follow = CODE
        reader = screen.query_one(TranscriptView)
        reader.focus()
        reader.move_cursor(reader.location_of(starts[first][-1]))
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        await _ready(app, pilot)
        # On to the next transcript holding it, at its first coding, and said so.
        assert screen.transcript == second
        assert reader.cursor_offset == starts[second][0]
        assert f"{second}: coding 1 of {len(starts[second])} of {name}" in _told(app)
        assert not any("no more" in m for m in _told(app))
        await pilot.press("left_curly_bracket")
        await _ready(app, pilot)
        # Back to the one before, at its last coding.
        assert screen.transcript == first
        assert reader.cursor_offset == starts[first][-1]
        n = len(starts[first])
        assert f"{first}: coding {n} of {n} of {name}" in _told(app)
        # Past the very last coding there is nothing more.
        screen.open(last)
        await _ready(app, pilot)
        reader.move_cursor(reader.location_of(starts[last][-1]))
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        await _ready(app, pilot)
        assert screen.transcript == last
        assert f"no more codings of {name} this way" in _told(app)
