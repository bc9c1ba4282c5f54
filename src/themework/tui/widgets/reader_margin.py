"""A margin level with a reader's lines (the Code and Familiarise screens each have one).

It follows the reader's soft wrapping through the wrapped document's public offsets, so a
label stays beside the words it describes at any width, and repaints when the reader
scrolls, moves its cursor or rewraps.
"""

from __future__ import annotations

import bisect

from rich.style import Style
from rich.text import Text
from textual.geometry import Offset
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea
from textual.widgets.text_area import WrappedDocument

from themework.tui.widgets.transcript_wrap import KnownHeight


def line_at(wrapped: WrappedDocument, y: int) -> tuple[int, int]:
    """The document row on screen line ``y`` of a reader, and which wrapped part of it."""
    if isinstance(wrapped, KnownHeight):
        return wrapped.line_at(y)
    row, col = wrapped.offset_to_location(Offset(0, y))
    return row, bisect.bisect_right(wrapped.get_offsets(row), col)


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

    def line_text(self, row: int, part: int, parts: int) -> str | Text:
        """The margin's text beside wrapped line ``part`` (0: the first) of the ``parts`` that
        document row ``row`` wraps to."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        view = self.view
        vy = int(view.scroll_y) + y
        wrapped = view.wrapped_document
        if vy >= wrapped.height:
            return Strip.blank(width)
        row, part = line_at(wrapped, vy)
        text = self.line_text(row, part, len(wrapped.get_offsets(row)) + 1)
        if isinstance(text, str):
            text = Text(text)
        text.truncate(width, pad=True)
        text.stylize_before(Style(bold=row == view.cursor_location[0]))
        return Strip(list(text.render(self.app.console)), width)
