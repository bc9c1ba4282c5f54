"""Moving in a long transcript (issue 11, defect 10): go to a turn, the ends of a line, a turn
and the transcript, and between the codings of one code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from support import pause_for_workers as _ready
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.widgets.transcript_view import KnownText, TranscriptView
from themework.tui.widgets.transcript_wrap import KnownHeight

TURNS = 5000
LONG_TURN = 2  # this one runs over several screen lines


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("long")
    lines = ["Interview L01 - a long one", ""]
    for i in range(1, TURNS + 1):
        words = "we kept going back, week after week, " * (30 if i == LONG_TURN else 1)
        lines += [f"{'Interviewer' if i % 2 else 'L01'}: turn {i}, {words.strip()}", ""]
    (root / "L01.txt").write_text("\n".join(lines), encoding="utf-8")
    path = root / "long.themework"
    wb = Workbench.init(from_string(str(path)), name="long", approach="reflexive", coder="carol")
    wb.transcripts.import_files([root / "L01.txt"])
    wb.close()
    return path


@pytest.fixture
def long_wb(long_file: Path, tmp_path: Path) -> Iterator[Workbench]:
    target = tmp_path / "long.themework"
    shutil.copy(long_file, target)
    wb = Workbench.open(from_string(str(target)), coder="carol")
    try:
        yield wb
    finally:
        wb.close()


async def _reader(app, pilot, name: str) -> TranscriptView:  # type: ignore[no-untyped-def]
    await _ready(app, pilot)
    app.screen.open(name)
    await _ready(app, pilot)
    reader = app.screen.query_one(TranscriptView)
    reader.focus()
    await pilot.pause()
    return reader  # type: ignore[no-any-return]


async def test_ends_of_the_transcript_and_going_to_a_turn(long_wb: Workbench) -> None:
    turns = {t.index: t for t in long_wb.transcripts.text("L01").turns}
    app = create_app(long_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot, "L01")
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert reader.cursor_location == reader.document.end
        assert reader.scroll_y > 0  # and the end is in view
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert reader.cursor_location == (0, 0)
        await pilot.press("colon")
        await _ready(app, pilot)
        assert isinstance(app.screen, PromptScreen)
        assert "1 to 5000" in app.screen.title_text
        await pilot.press(*"2500", "enter")
        await _ready(app, pilot)
        assert reader.cursor_offset == turns[2500].label_start
        here = str(app.screen.query_one("#here", Static).render())
        assert "turn 2500" in here
        # A turn that is not there leaves the cursor where it was, and says why.
        await pilot.press("colon")
        await _ready(app, pilot)
        await pilot.press(*"9999", "enter")
        await _ready(app, pilot)
        assert reader.cursor_offset == turns[2500].label_start
        assert any("no turn 9999" in str(n.message) for n in app._notifications)


async def test_home_and_end_go_to_the_line_then_the_turn(long_wb: Workbench) -> None:
    turn = next(t for t in long_wb.transcripts.text("L01").turns if t.index == LONG_TURN)
    app = create_app(long_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot, "L01")
        reader.move_cursor(reader.location_of(turn.start + 5))
        await pilot.press("end")
        await pilot.pause()
        first = reader.cursor_offset
        assert turn.start + 5 < first < turn.end  # the end of the screen line: it wraps
        await pilot.press("end")
        await pilot.pause()
        assert reader.cursor_offset == turn.end
        await pilot.press("home")
        await pilot.pause()
        assert turn.label_start < reader.cursor_offset < turn.end
        await pilot.press("home")
        await pilot.pause()
        assert reader.cursor_offset == turn.label_start


async def test_the_reader_remembers_its_wrapped_height(long_wb: Workbench) -> None:
    """Pins what KnownHeight relies on: the reader's wrapped document is rewrapped (wrap)
    when the width changes, and its remembered height follows."""
    app = create_app(long_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot, "L01")
        doc = reader.wrapped_document
        assert isinstance(doc, KnownHeight)
        narrow = doc.height
        assert narrow == sum(len(parts) for parts in doc.lines) > reader.document.line_count
        await pilot.resize_terminal(160, 48)
        await _ready(app, pilot)
        wide = reader.wrapped_document
        assert wide.height == sum(len(parts) for parts in wide.lines) < narrow


async def test_braces_jump_between_the_codings_of_one_code(demo_wb: Workbench) -> None:
    code = "warmth-and-informal-contact"
    starts = sorted({e.start for e in demo_wb.coding.extracts([code], transcript="P01")})
    assert len(starts) >= 2, "the demo's P01 should hold two codings of this code"
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot, "P01")
        await pilot.press("right_curly_bracket")
        await _ready(app, pilot)
        assert isinstance(app.screen, ChooseScreen)  # which code, the first time
        await pilot.press(*"warmth and informal", "enter")
        await _ready(app, pilot)
        assert reader.cursor_offset == starts[0]
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert reader.cursor_offset == starts[1]
        await pilot.press("left_curly_bracket")
        await pilot.pause()
        assert reader.cursor_offset == starts[0]


async def test_the_reader_remembers_its_text_until_it_changes() -> None:
    """Pins KnownText: the joined text is kept (TextArea asks for it on every line it
    paints), and any edit through TextArea's API shows in it at once."""
    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield TranscriptView(id="reader")

    app = One()
    async with app.run_test(size=(60, 10)) as pilot:
        reader = app.query_one(TranscriptView)
        reader.show_text("Interviewer: hello\n\nP01: hi there")
        await pilot.pause()
        assert isinstance(reader.document, KnownText)
        assert reader.text is reader.text  # joined once, not on each call
        reader.replace("Hi", (2, 5), (2, 7))
        assert reader.text == "Interviewer: hello\n\nP01: Hi there"
        reader.show_text("P02: another")
        assert reader.text == "P02: another"
