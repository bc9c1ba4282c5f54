"""The margin beside the Code screen's reader: turn numbers and the codes on each line, as
text tags (``?`` before a suggestion's)."""

from __future__ import annotations

from themework.tui.widgets.reader_margin import ReaderMargin
from themework.tui.widgets.transcript_view import TranscriptView


class CodeMargin(ReaderMargin):
    DEFAULT_CSS = """
    CodeMargin { width: 18; height: 1fr; background: $panel; }
    .-narrow CodeMargin { width: 10; }
    """

    view: TranscriptView

    def __init__(self, view: TranscriptView, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self.turn_rows: dict[int, int] = {}  # document row -> turn number

    def set_turns(self, rows: dict[int, int]) -> None:
        self.turn_rows = rows
        self.refresh()

    def line_text(self, row: int, first: bool) -> str:
        turn = self.turn_rows.get(row) if first else None
        tags = sorted(
            {m.tag if m.kind == "coding" else f"?{m.tag}" for m in self.view.marks_on_line(row)}
        )
        label = f"{turn:>3} " if turn is not None else "    "
        return label + (" ".join(tags) if first else ("┆" if tags else ""))
