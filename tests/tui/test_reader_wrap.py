"""The reader's fast wrapping (widgets/transcript_wrap.py) breaks lines exactly where
Textual's own wrapping does, so the screen looks the same, only sooner."""

from __future__ import annotations

import random
from bisect import bisect_right

import pytest
from textual._wrap import compute_wrap_offsets
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import get_tab_widths
from textual.geometry import Offset

from themework.tui.widgets.transcript_wrap import KnownHeight, wrap_offsets

WORDS = ["we", "kept", "going", "back,", "week", "after", "a", "safeguarding", "I", "—",
         "café", "naïve", "日本語", "tab\there", "x" * 30, "  ", "", "P07:"]


def _lines(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    lines = ["", " ", "     ", "word", " leading", "trailing   ", "a  b   c    d",
             "x" * 200, "Interviewer: " + "y" * 90 + " z", "\tindented", "e\u0301"]
    for _ in range(count):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60))))
        lines.append(" ".join(rng.choice(WORDS[:8]) for _ in range(rng.randint(1, 60))))
    return lines


@pytest.mark.parametrize("width", [0, 1, 5, 12, 31, 40, 77, 98, 150])
def test_breaks_and_tab_widths_are_textuals(width: int) -> None:
    for line in _lines(width, 150):
        offsets, tabs = wrap_offsets(line, width, 4)
        sections = get_tab_widths(line, 4)
        expected = (compute_wrap_offsets(line, width, tab_size=4,
                                         precomputed_tab_sections=sections) if width else [])
        assert (offsets, tabs) == (expected, [w for _, w in sections]), repr(line)


def test_a_wrapped_document_matches_textuals_line_for_line() -> None:
    document = Document("\n".join(_lines(7, 80)))
    ours, theirs = KnownHeight(document), WrappedDocument(document)
    for width in (0, 23, 60):
        ours.wrap(width, 4)
        theirs.wrap(width, 4)
        assert ours.lines == theirs.lines
        assert ours.height == theirs.height
        for y in range(0, theirs.height, 7):
            row, col = theirs.offset_to_location(Offset(0, y))
            assert ours.offset_to_location(Offset(0, y)) == (row, col)
            # the margins' short cut: the row and which wrapped part of it
            assert ours.line_at(y) == (row, bisect_right(theirs.get_offsets(row), col))
        assert ours.line_at(ours.height + 3) == ours.line_at(ours.height - 1)


async def test_marks_changed_on_one_line_are_painted_and_only_there() -> None:
    """set_marks repaints the lines whose marks changed (a coding applied repaints its
    turn, not the screen): what is painted must still follow the marks, on and off."""
    from textual.app import App, ComposeResult

    from themework.tui.widgets.transcript_view import Mark, TranscriptView

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield TranscriptView(id="reader")

    text = "Interviewer: hello there\n\nP01: we kept going back\n\nP01: week after week\n"
    app = One()
    async with app.run_test(size=(60, 10)) as pilot:
        reader = app.query_one(TranscriptView)
        reader.show_text(text)
        await pilot.pause()
        x0, y0 = reader.content_region.offset

        def underlined(row: int, col: int) -> bool:
            return bool(app.screen.get_style_at(x0 + col, y0 + row).underline)

        kept = text.index("kept")
        reader.set_marks([Mark(kept, kept + 4, "KG", "")])
        await pilot.pause()
        assert reader.changed_rows == {2}
        assert underlined(2, 9) and not underlined(2, 14) and not underlined(4, 5)
        week = text.index("week")
        reader.set_marks([Mark(kept, kept + 4, "KG", ""), Mark(week, week + 4, "W", "")])
        await pilot.pause()
        assert reader.changed_rows == {4}
        assert underlined(2, 9) and underlined(4, 5)
        reader.set_marks([Mark(week, week + 4, "W", "")])
        await pilot.pause()
        assert not underlined(2, 9) and underlined(4, 5)
