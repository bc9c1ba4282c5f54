"""The margin beside the reader: turn numbers and the codes on each line, as text tags.

It follows the reader's soft wrapping through the wrapped document's public offsets, so the
tags stay level with the words they describe at any width.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset
from textual.strip import Strip
from textual.widget import Widget

from themework.tui.widgets.transcript_view import TranscriptView


class CodeMargin(Widget):
    DEFAULT_CSS = """
    CodeMargin { width: 18; height: 1fr; background: $panel; }
    .-narrow CodeMargin { width: 10; }
    """

    def __init__(self, view: TranscriptView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.turn_rows: dict[int, int] = {}  # document row -> turn number

    def on_mount(self) -> None:
        self.watch(self.view, "scroll_y", self._view_changed)
        self.watch(self.view, "cursor_location", self._view_changed)

    def _view_changed(self, *_: object) -> None:
        self.refresh()

    def set_turns(self, rows: dict[int, int]) -> None:
        self.turn_rows = rows
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        view = self.view
        vy = int(view.scroll_y) + y
        wrapped = view.wrapped_document
        if vy >= wrapped.height:
            return Strip.blank(width)
        row, col = wrapped.offset_to_location(Offset(0, vy))
        first = col == 0
        turn = self.turn_rows.get(row) if first else None
        tags = sorted(
            {m.tag if m.kind == "coding" else f"?{m.tag}" for m in view.marks_on_line(row)}
        )
        label = f"{turn:>3} " if turn is not None else "    "
        body = " ".join(tags) if first else ("┆" if tags else "")
        text = (label + body)[:width].ljust(width)
        style = Style(bold=row == view.cursor_location[0])
        return Strip([Segment(text, style)], width)
