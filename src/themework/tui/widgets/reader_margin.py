"""A margin level with a reader's lines (the Code and Familiarise screens each have one).

It follows the reader's soft wrapping through the wrapped document's public offsets, so a
label stays beside the words it describes at any width, and repaints when the reader
scrolls, moves its cursor or rewraps.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea


class ReaderMargin(Widget):
    def __init__(self, view: TextArea, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view

    def on_mount(self) -> None:
        self.watch(self.view, "scroll_y", self._repaint)
        self.watch(self.view, "cursor_location", self._repaint)
        # The reader rewraps when it is resized (e.g. when a margin widens for timestamps).
        self.watch(self.view, "virtual_size", self._repaint)

    def _repaint(self, *_: object) -> None:
        self.refresh()

    def line_text(self, row: int, first: bool) -> str:
        """The margin's text beside document row ``row``; ``first``: its first wrapped line."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        view = self.view
        vy = int(view.scroll_y) + y
        wrapped = view.wrapped_document
        if vy >= wrapped.height:
            return Strip.blank(width)
        row, col = wrapped.offset_to_location(Offset(0, vy))
        text = self.line_text(row, col == 0)[:width].ljust(width)
        style = Style(bold=row == view.cursor_location[0])
        return Strip([Segment(text, style)], width)
