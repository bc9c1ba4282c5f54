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


FILTER = "professional-boundaries"


def _shown_starts(wb: Workbench, name: str, code: str) -> list[int]:
    """The starts of ``code``'s codings in ``name`` that reach a turn carrying FILTER: the
    ones the filter on FILTER shows."""
    from themework.domain.turn_filter import TurnRange, turns_carrying

    ranges = [TurnRange(t.index, t.label_start, t.end) for t in wb.transcripts.text(name).turns]
    kept = set(turns_carrying(ranges, [(e.start, e.end) for e in wb.coding.extracts(
        [FILTER], transcript=name)]))
    return sorted({e.start for e in wb.coding.extracts([code], transcript=name)
                   if set(turns_carrying(ranges, [(e.start, e.end)])) & kept})


async def _filtered_and_following(app: Any, pilot: Any, code: str) -> Any:
    """P01 open with only the turns carrying FILTER shown, following ``code``, the cursor at
    the top."""
    screen: Any = app.screen
    screen.open("P01")
    await _ready(app, pilot)
    reader = screen.query_one(TranscriptView)
    reader.focus()
    await pilot.press("f", *FILTER.replace("-", " "), "enter")
    await _ready(app, pilot)
    assert screen.filter.code == FILTER
    screen.jumps.follow = code
    reader.move_cursor((0, 0))
    await pilot.pause()
    return reader


async def test_braces_under_a_filter_skip_to_the_next_coding_the_filter_shows(
    demo_wb: Workbench,
) -> None:
    code = "honesty-about-information-sharing"
    order = [t.name for t in demo_wb.transcripts.list()]
    after = order[order.index("P01") + 1:]
    holding = [n for n in after if demo_wb.coding.extracts([code], transcript=n)]
    shown = [n for n in after if _shown_starts(demo_wb, n, code)]
    assert not _shown_starts(demo_wb, "P01", code)
    assert shown and holding[0] != shown[0], "the demo should hide the code's next codings"
    there, starts = shown[0], _shown_starts(demo_wb, shown[0], code)
    name = next(c.name for c in demo_wb.codes.list() if c.id == code)
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        reader = await _filtered_and_following(app, pilot, code)
        await pilot.press("right_curly_bracket")
        await _ready(app, pilot)
        screen: Any = app.screen
        # Past the transcripts whose codings of it the filter hides, to one it shows, the
        # filter kept: the cursor stands on that coding, marked on screen.
        assert (screen.transcript, screen.filter.code) == (there, FILTER)
        assert reader.cursor_offset == starts[0]
        tag = screen.view.tags[code]
        assert tag in [m.tag for m in reader.marks_at(reader.cursor_offset)]
        assert f"{there}: coding 1 of {len(starts)} of {name}" in _told(app)


async def test_braces_under_a_filter_that_hides_every_coding_say_so_and_stay(
    demo_wb: Workbench,
) -> None:
    code = "warmth-and-informal-contact"
    order = [t.name for t in demo_wb.transcripts.list()]
    assert not any(_shown_starts(demo_wb, n, code) for n in order[order.index("P01"):])
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        reader = await _filtered_and_following(app, pilot, code)
        await pilot.press("right_curly_bracket")
        await _ready(app, pilot)
        screen: Any = app.screen
        assert (screen.transcript, screen.filter.code) == ("P01", FILTER)
        assert reader.cursor_offset == reader.line_starts[0]
        assert any("no more codings of" in m and "the filter shows" in m for m in _told(app))
