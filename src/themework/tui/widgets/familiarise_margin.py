"""The margin beside the Familiarise reader: turn numbers and start times, level with each turn.

Like the Code screen's margin it follows the reader's soft wrapping through the wrapped
document's public offsets, so a label stays beside the first line of its turn at any width.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea


class TurnMargin(Widget):
    DEFAULT_CSS = """
    TurnMargin { width: 5; height: 1fr; background: $panel; color: $text-muted; }
    """

    def __init__(self, view: TextArea, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.labels: dict[int, str] = {}  # document row -> "  3 [00:01:02]"

    def on_mount(self) -> None:
        self.watch(self.view, "scroll_y", self._repaint)
        self.watch(self.view, "cursor_location", self._repaint)
        # The reader rewraps when it is resized (e.g. when this margin widens for timestamps).
        self.watch(self.view, "virtual_size", self._repaint)

    def _repaint(self, *_: object) -> None:
        self.refresh()

    def set_labels(self, labels: dict[int, str]) -> None:
        self.labels = labels
        self.styles.width = max((len(v) for v in labels.values()), default=3) + 2
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        view = self.view
        vy = int(view.scroll_y) + y
        wrapped = view.wrapped_document
        if vy >= wrapped.height:
            return Strip.blank(width)
        row, col = wrapped.offset_to_location(Offset(0, vy))
        label = self.labels.get(row, "") if col == 0 else ""
        style = Style(bold=row == view.cursor_location[0])
        return Strip([Segment(f"{label} "[:width].ljust(width), style)], width)
