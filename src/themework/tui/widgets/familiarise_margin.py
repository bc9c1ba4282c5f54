"""The margin beside the Familiarise reader: turn numbers and start times, level with each turn.

A label stays beside the first line of its turn at any width (see ``ReaderMargin``).
"""

from __future__ import annotations

from textual.widgets import TextArea

from themework.tui.widgets.reader_margin import ReaderMargin


class TurnMargin(ReaderMargin):
    DEFAULT_CSS = """
    TurnMargin { width: 5; height: 1fr; background: $panel; color: $text-muted; }
    """

    def __init__(self, view: TextArea, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self.labels: dict[int, str] = {}  # document row -> "  3 [00:01:02]"

    def set_labels(self, labels: dict[int, str]) -> None:
        self.labels = labels
        self.styles.width = max((len(v) for v in labels.values()), default=3) + 2
        self.refresh()

    def line_text(self, row: int, part: int, parts: int) -> str:
        return f"{self.labels.get(row, '') if part == 0 else ''} "
