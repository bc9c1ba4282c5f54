"""The transcript reader: a read-only TextArea that marks coded spans.

Selection comes for free from TextArea. Coded spans are styled in ``get_line`` from a
precomputed line -> spans index; offsets convert through a line-start table and ``bisect``,
never by joining the document. Marks do not rely on colour alone: one code underlines, two or
more overlapping codes add bold, and suggestions are italic; the margin names the codes.

Moving in a long transcript (5,000 turns): ``:`` and a number goes to a turn, Home/End go to
the start/end of the line and, pressed again, of the turn, ctrl+Home/ctrl+End to the start/end
of the transcript. Turns are a sorted table of offsets searched with ``bisect``.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.document._document_navigator import DocumentNavigator
from textual.widgets import TextArea
from textual.widgets.text_area import Document, EditResult, Location

from themework.domain.plural import plural
from themework.domain.safe_text import visible
from themework.gcpause import gc_paused
from themework.tui.widgets.transcript_wrap import KnownHeight


class KnownText(Document):
    """A document that remembers its text until it is changed.

    Textual's TextArea asks for ``text`` (every line joined) on every line it paints, to see
    whether to show a placeholder: at 5,000 turns that was most of a page-down's time. Every
    change goes through ``replace_range``, which forgets the text.
    """

    _known: str | None = None

    @property
    def text(self) -> str:
        if self._known is None:
            self._known = super().text
        return self._known

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        self._known = None
        return super().replace_range(start, end, text)


@dataclass(frozen=True)
class TurnSpan:
    index: int  # 1-based turn number
    start: int  # the label's first offset
    end: int  # the utterance's end (exclusive)
    body: int | None = None  # the utterance's first offset, after the label (None: unknown)



@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    tag: str  # short non-colour label, e.g. "CW"
    colour: str  # "#rrggbb" or ""
    kind: str = "coding"  # coding or suggestion
    ref: int = 0  # coding or suggestion id
    memo: bool = False  # a memo hangs on the coding


class TranscriptView(TextArea):
    DEFAULT_CSS = """
    TranscriptView { height: 1fr; border: none; padding: 0 1; }
    TranscriptView:focus { border: none; }
    """
    # A read-only TextArea still binds ctrl+z, ctrl+y and ctrl+x: hand them to the app.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z,super+z", "app.undo", "Undo", show=False, id="reader.undo"),
        Binding("ctrl+y,super+y", "app.redo", "Redo", show=False, id="reader.redo"),
        # ? listed these as "Remove" and "Copy": remove what, copy what?
        Binding("ctrl+x,super+x", "screen.remove_coding", "Remove", show=False, id="reader.cut",
                tooltip="Remove the coding here, as x does (the reader's text never changes)"),
        Binding("ctrl+c", "copy_extract", "Copy", show=False, id="reader.copy",
                tooltip="Copy the selection, or the coding here, to the clipboard (OSC 52)"),
        Binding("colon", "go_to_turn", "Go to turn", id="reader.goto", show=False,
                tooltip="Go to turn N: type : then its number"),
        Binding("home", "home", "Line start", show=False, id="reader.home",
                tooltip="Start of the line; again: start of the turn"),
        Binding("end", "end", "Line end", show=False, id="reader.end",
                tooltip="End of the line; again: end of the turn"),
        Binding("ctrl+home", "document_start", "Top", show=False, id="reader.top",
                tooltip="Start of the transcript"),
        Binding("ctrl+end", "document_end", "Bottom", show=False, id="reader.bottom",
                tooltip="End of the transcript"),
    ]

    wrapped_document: KnownHeight  # always, from _set_document

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", read_only=True, soft_wrap=True, show_line_numbers=False, id=id)
        self.show_cursor = True
        self.line_starts: list[int] = [0]
        self.marks: list[Mark] = []
        self._by_line: dict[int, list[Mark]] = {}
        self.changed_rows: set[int] = set()  # the document rows set_marks last changed
        self.turns: list[TurnSpan] = []
        self._turn_starts: list[int] = []
        self._width = 0  # the width the text was last wrapped to

    def on_resize(self, event: events.Resize) -> None:
        # A new width rewraps the text (the stripes or the side panel shown or hidden, the
        # terminal resized) while the scroll stays on the same screen line, so other text
        # comes into view: bring the cursor, and so the selection, back into view.
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.scroll_cursor_visible, center=True)

    # -- content ---------------------------------------------------------------------------
    def _set_document(self, text: str, language: str | None) -> None:
        # TextArea's, for plain text, with a document that remembers its text and a wrapped
        # one that wraps fast and remembers its height (KnownText, KnownHeight): TextArea's
        # own would be wrapped twice, slowly, before they could replace it. Built with the
        # collector paused: 10,000 lines of lists, none of them garbage (see KnownHeight.wrap).
        self._highlight_query = None
        with gc_paused():
            self.document = KnownText(text)
            self.wrapped_document = KnownHeight(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def show_text(self, text: str, line_starts: Sequence[int] | None = None) -> None:
        """Show ``text``; ``line_starts``, when given, are the real offsets of its lines (a
        view of some lines of a transcript, domain.turn_filter), so offsets stay real."""
        # One for one, so offsets hold: an ESC in the transcript shows as "␛" (and the app's
        # line filter would strip any control character that got past).
        self.load_text(visible(text))
        starts = [0]
        for line in text.split("\n")[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self.line_starts = list(line_starts) if line_starts is not None else starts
        self.marks = []
        self._by_line = {}
        self.set_turns([])

    def set_turns(self, turns: Sequence[TurnSpan]) -> None:
        """Where the turns of the text shown are, for Home/End and going to a turn."""
        self.turns = sorted(turns, key=lambda t: t.start)
        self._turn_starts = [t.start for t in self.turns]

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Mark ``marks``; only the lines whose marks changed are painted again (a coding
        applied repaints its turn, not the screen). ``changed_rows`` says which."""
        self.marks = sorted(marks, key=lambda m: (m.start, m.end, m.tag))
        by_line: dict[int, list[Mark]] = {}
        for m in self.marks:
            first, last = self.row_of(m.start), self.row_of(max(m.start, m.end - 1))
            for row in range(first, last + 1):
                by_line.setdefault(row, []).append(m)
        old, self._by_line = self._by_line, by_line
        self.changed_rows = {row for row in old.keys() | by_line.keys()
                             if old.get(row) != by_line.get(row)}
        if not self.changed_rows:
            return
        # TextArea keeps painted lines by screen line; marks are not in its key.
        self._line_cache.clear()
        for y, count in self.screen_lines(self.changed_rows):
            self.refresh_lines(y, count)

    def screen_lines(self, rows: Collection[int]) -> list[tuple[int, int]]:
        """The screen lines in view (first, count; from the top of the text) that
        document ``rows`` wrap to."""
        top = int(self.scroll_y)
        bottom = top + self.size.height
        out = []
        for row in sorted(rows):
            if row >= self.document.line_count:
                continue
            first, count = self.wrapped_document.rows_of(row)
            first, last = max(first, top), min(first + count, bottom)
            if first < last:
                out.append((first, last - first))
        return out

    # -- offsets ---------------------------------------------------------------------------
    def row_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.line_starts, offset) - 1)

    def location_of(self, offset: int) -> tuple[int, int]:
        row = self.row_of(offset)
        return row, offset - self.line_starts[row]

    def offset_of(self, location: tuple[int, int]) -> int:
        row, col = location
        row = min(row, len(self.line_starts) - 1)
        return self.line_starts[row] + col

    @property
    def cursor_offset(self) -> int:
        return self.offset_of(self.cursor_location)

    def selection_offsets(self) -> tuple[int, int] | None:
        sel = self.selection
        a, b = self.offset_of(sel.start), self.offset_of(sel.end)
        if a == b:
            return None
        return (a, b) if a < b else (b, a)

    def marks_at(self, offset: int) -> list[Mark]:
        return [m for m in self._by_line.get(self.row_of(offset), []) if m.start <= offset < m.end]

    def marks_on_line(self, row: int) -> list[Mark]:
        return self._by_line.get(row, [])

    def select_offsets(self, start: int, end: int) -> None:
        from textual.widgets.text_area import Selection

        self.selection = Selection(self.location_of(start), self.location_of(end))
        self.scroll_cursor_visible(center=True)

    # -- drawing ---------------------------------------------------------------------------
    def get_line(self, line_index: int) -> Text:
        text = super().get_line(line_index)
        marks = self._by_line.get(line_index)
        if not marks:
            return text
        base = self.line_starts[line_index]
        length = len(text.plain)
        depth = [0] * (length + 1)
        for m in marks:
            s, e = max(0, m.start - base), min(length, m.end - base)
            if e <= s:
                continue
            if m.kind == "suggestion":
                text.stylize(Style(italic=True, underline=True), s, e)
                continue
            colour = m.colour or None
            text.stylize(Style(underline=True, color=colour), s, e)
            for i in range(s, e):
                depth[i] += 1
        # Overlaps get bold on top, so they show without relying on colour.
        run_start = None
        for i in range(length + 1):
            if i < length and depth[i] >= 2:
                run_start = i if run_start is None else run_start
            elif run_start is not None:
                text.stylize(Style(bold=True), run_start, i)
                run_start = None
        return text

    # -- moving ----------------------------------------------------------------------------
    def turn_at(self, offset: int) -> TurnSpan | None:
        """The turn whose label starts at or before ``offset`` (None in the preamble)."""
        i = bisect.bisect_right(self._turn_starts, offset) - 1
        return self.turns[i] if i >= 0 else None

    def go_to_turn(self, index: int) -> bool:
        """Put the cursor on turn ``index``'s label, in the middle of the view."""
        turn = next((t for t in self.turns if t.index == index), None)
        if turn is None:
            return False
        self.move_cursor(self.location_of(turn.start), center=True)
        return True

    def action_go_to_turn(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        if not self.turns:
            self.app.notify("this transcript has no turns", severity="warning")
            return
        last = max(t.index for t in self.turns)

        def chosen(value: str | None) -> None:
            if value is None or not value.strip():
                return
            number = value.strip().lstrip(":")
            if not (number.isdigit() and self.go_to_turn(int(number))):
                self.app.notify(f"no turn {number}: the turns run from 1 to {last}",
                                severity="warning")

        self.app.push_screen(
            PromptScreen(f"Go to turn (1 to {last})", hint="Enter goes there · Esc cancels"),
            chosen,
        )

    def action_home(self) -> None:
        before = self.cursor_location
        self.action_cursor_line_start()
        turn = self.turn_at(self.cursor_offset)
        if self.cursor_location == before and turn is not None:
            self.move_cursor(self.location_of(turn.start))

    def action_end(self) -> None:
        before = self.cursor_location
        self.action_cursor_line_end()
        turn = self.turn_at(self.cursor_offset)
        if self.cursor_location == before and turn is not None:
            self.move_cursor(self.location_of(turn.end))

    def action_document_start(self) -> None:
        self.move_cursor((0, 0))

    def action_document_end(self) -> None:
        self.move_cursor(self.document.end)

    def action_copy_extract(self) -> None:
        """Copy the selection (or the coding under the cursor) through OSC 52."""
        chosen = self.selected_text
        if not chosen:
            here = self.marks_at(self.cursor_offset)
            if here:
                m = here[0]
                chosen = self.document.get_text_range(
                    self.location_of(m.start), self.location_of(m.end)
                )
        if chosen:
            self.app.copy_to_clipboard(chosen)
            self.app.notify(f"copied {plural(len(chosen), 'character')}")
