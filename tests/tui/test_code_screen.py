"""The Code screen, driven as a researcher would: keys in, stored codings out."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static, Tree

from screen_text import region_text
from support import pause_for_workers as _ready
from support import reading, record_notes, running
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.widgets.transcript_view import TranscriptView


def _turn_offsets(wb: Workbench, name: str, index: int) -> tuple[int, int]:
    t = wb.transcripts.text(name)
    turn = next(x for x in t.turns if x.index == index)
    return turn.start, turn.end


async def test_code_a_turn_with_the_picker_codes_the_utterance(demo_wb: Workbench) -> None:
    async with reading(demo_wb, "P01") as (app, pilot, reader):
        start, end = _turn_offsets(demo_wb, "P01", 3)
        reader.move_cursor(reader.location_of(start + 5))
        before = len(demo_wb.coding.extracts(["professional-boundaries"], transcript="P01"))
        await pilot.press("c")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"professional boundaries", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)  # several codes in a row
        await pilot.press("escape")
        await _ready(app, pilot)
        after = demo_wb.coding.extracts(["professional-boundaries"], transcript="P01")
        assert len(after) == before + 1
        new = max(after, key=lambda e: e.id)
        assert (new.start, new.end, new.coder) == (start, end, "carol")
        assert any(m.ref == new.id for m in reader.marks)


async def test_selection_undo_redo_and_remove(demo_wb: Workbench) -> None:
    async with reading(demo_wb, "P02") as (app, pilot, reader):
        screen = app.screen
        start, _ = _turn_offsets(demo_wb, "P02", 4)
        reader.select_offsets(start, start + 12)
        screen.recent = ["choice-and-control"]
        await pilot.press("alt+1")
        await _ready(app, pilot)
        mine = [e for e in demo_wb.coding.extracts(coder="carol")]
        assert [(e.start, e.end, e.code) for e in mine] == [
            (start, start + 12, "choice-and-control")
        ]
        reader.focus()
        await pilot.press("ctrl+z")  # the reader must hand undo to the app
        await _ready(app, pilot)
        assert demo_wb.coding.extracts(coder="carol") == []
        await pilot.press("ctrl+y")
        await _ready(app, pilot)
        assert len(demo_wb.coding.extracts(coder="carol")) == 1
        reader.move_cursor(reader.location_of(start + 3))
        await pilot.pause()
        await pilot.press("x")
        await _ready(app, pilot)
        if isinstance(app.screen, ChooseScreen):  # alice's codings overlap here too
            await pilot.press("escape")
        assert len(demo_wb.coding.extracts(coder="carol")) <= 1


async def test_works_at_80x24_and_errors_are_notifications(demo_wb: Workbench) -> None:
    async with running(demo_wb, "code", (80, 24)) as (app, pilot):
        screen = app.screen
        assert screen.has_class("-narrow")
        assert not screen.query_one("#side").display
        reader = screen.query_one(TranscriptView)
        assert reader.size.width >= 50
        reader.move_cursor((0, 0))  # the preamble: no turn, no selection
        await pilot.press("alt+3")
        await pilot.pause()
        assert app.is_running
        await pilot.press("t")
        await pilot.pause()
        assert screen.query_one("#side").display
        assert isinstance(screen.query_one("#codebook"), Tree)


async def test_suggestions_are_asked_for_then_accepted_or_rejected_under_the_cursor(
    demo_wb: Workbench,
) -> None:
    from textual.widgets import Static

    async with reading(demo_wb, "P03") as (app, pilot, reader):
        screen = app.screen
        await pilot.press("G")  # keyword matches from the codebook
        await _ready(app, pilot)
        await _ready(app, pilot)  # the reload the change sets off
        reader = screen.query_one(TranscriptView)
        codings = [m for m in reader.marks if m.kind == "coding"]
        free = [
            m for m in reader.marks
            if m.kind == "suggestion"
            and not any(c.start <= m.end and m.start <= c.end for c in codings)
            and sum(o.start <= m.start < o.end for o in reader.marks) == 1
        ]
        assert len(free) >= 2, "the demo's P03 should get keyword suggestions off its codings"
        take, drop = free[0], free[-1]
        by_id = {sg.id: sg for sg in screen.view.suggestions}

        reader.move_cursor(reader.location_of(take.start))
        await pilot.pause()
        here = str(screen.query_one("#here", Static).render())
        assert "not coded here" in here and "1 suggested" in here
        code = by_id[take.ref].code
        before = len(demo_wb.coding.extracts([code], transcript="P03"))
        await pilot.press("a")
        await _ready(app, pilot)
        after = demo_wb.coding.extracts([code], transcript="P03")
        assert len(after) == before + 1
        assert any((e.start, e.end) == (take.start, take.end) for e in after)
        assert not any(m.kind == "suggestion" and m.ref == take.ref for m in reader.marks)

        reader.move_cursor(reader.location_of(drop.start))
        await pilot.pause()
        await pilot.press("X")  # r is recent codes now (issue 11, defect 3)
        await _ready(app, pilot)
        assert not any(m.kind == "suggestion" and m.ref == drop.ref for m in reader.marks)
        await pilot.press("G")  # asking again does not bring a rejected one back
        await _ready(app, pilot)
        await _ready(app, pilot)
        assert not any(
            m.kind == "suggestion" and (m.start, m.end) == (drop.start, drop.end)
            for m in reader.marks
        )


async def test_blind_coding_recorded_for_the_project_cannot_be_switched_off(
    demo_wb: Workbench,
) -> None:
    """``project blind on``: the Code screen starts blind and B says why it stays so."""
    app = create_app(demo_wb, start_mode="code", blind_required=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        notes = record_notes(app)
        assert app.blind
        await pilot.press("B")
        await _ready(app, pilot)
        assert app.blind
        assert any("records blind coding" in text for _, text in notes)


async def test_the_transcript_list_counts_a_new_coding(demo_wb: Workbench) -> None:
    from textual.widgets import OptionList

    def label(ol: OptionList, name: str) -> str:
        return str(ol.get_option(name).prompt)

    async with reading(demo_wb, "P02") as (app, pilot, reader):
        screen = app.screen
        ol = screen.query_one("#transcripts", OptionList)
        counts = {t.name: t.codings for t in demo_wb.transcripts.list()}
        assert label(ol, "P02") == f"P02  ({counts['P02']})"
        reader = screen.query_one(TranscriptView)
        start, _ = _turn_offsets(demo_wb, "P02", 2)
        reader.move_cursor(reader.location_of(start + 2))
        await pilot.press("c", *"professional boundaries", "enter", "escape")
        await _ready(app, pilot)
        assert label(ol, "P02") == f"P02  ({counts['P02'] + 1})"
        assert label(ol, "P01") == f"P01  ({counts['P01']})"
        assert ol.option_count == len(counts)


async def test_a_coding_shows_everywhere_without_reading_the_transcript_again(
    demo_wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After coding, only what a coding changes is read again (reading a 5,000-turn text and
    1,000 transcripts again took most of the quarter second to show it); the reader's marks,
    the transcript list, the codebook tree and the status line all show the new coding.
    ctrl+z still reloads everything."""
    from textual.widgets import OptionList

    from themework.tui.screens import code as code_screen
    from themework.tui.widgets.code_codebook import CodebookTree
    from themework.tui.widgets.margin import CodeMargin
    from themework.tui.widgets.status import StatusLine

    loads: list[str | None] = []
    real = code_screen.load

    def counted(wb: Workbench, name: str | None, blind_as: str | None = None) -> Any:
        loads.append(name)
        return real(wb, name, blind_as)

    monkeypatch.setattr(code_screen, "load", counted)
    code = "professional-boundaries"
    async with reading(demo_wb, "P02") as (app, pilot, reader):
        screen = app.screen
        ol = screen.query_one("#transcripts", OptionList)
        tree = screen.query_one("#codebook", CodebookTree)
        counts = {t.name: t.codings for t in demo_wb.transcripts.list()}
        of_code = next(c.codings for c in demo_wb.codes.list() if c.id == code)
        total = demo_wb.projects.info().codings
        margin = screen.query_one(CodeMargin)
        assert "PB" not in "\n".join(region_text(app, margin.region))
        loads.clear()
        start, _ = _turn_offsets(demo_wb, "P02", 2)
        reader.move_cursor(reader.location_of(start + 2))
        await pilot.press("c", *"professional boundaries", "enter", "escape")
        await _ready(app, pilot)
        assert loads == []
        assert "PB" in "\n".join(region_text(app, margin.region))
        new = max(demo_wb.coding.extracts([code], transcript="P02"), key=lambda e: e.id)
        assert any(m.ref == new.id for m in reader.marks)
        assert str(ol.get_option("P02").prompt) == f"P02  ({counts['P02'] + 1})"
        assert str(tree.nodes[code].label).endswith(f"({of_code + 1})")
        status = str(screen.query_one(StatusLine).render())
        assert f"{total + 1} codings" in status and "last: coded P02" in status
        assert "P02 · turn 2" in str(screen.query_one("#here", Static).render())
        await pilot.press("ctrl+z")
        await _ready(app, pilot)
        assert loads == ["P02"]
        assert str(ol.get_option("P02").prompt) == f"P02  ({counts['P02']})"
        assert not any(m.ref == new.id for m in reader.marks)


async def test_the_status_line_names_the_coded_turn_as_the_log_does(demo_wb: Workbench) -> None:
    # It read "last: coded FG01-site-b 1592:1607 as ..." while the log said "turn 12".
    from themework.tui.widgets.status import StatusLine

    async with reading(demo_wb, "P02") as (app, pilot, reader):
        start, _ = _turn_offsets(demo_wb, "P02", 2)
        reader.move_cursor(reader.location_of(start + 2))
        await pilot.press("c", *"professional boundaries", "enter", "escape")
        await _ready(app, pilot)
        status = str(app.screen.query_one(StatusLine).render())
        logged = demo_wb.history.log()[-1].summary
        assert logged == "coded P02 turn 2 as Professional boundaries"
        assert f"last: {logged}" in " ".join(status.split())
