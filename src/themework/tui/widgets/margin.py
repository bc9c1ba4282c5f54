"""The margin beside the Code screen's reader: turn numbers and the codes on each line.

Codes show as short text tags in their colour (the tag is the non-colour mark); real codings
come first, suggestions after them, in italics with a ``?``. Nothing is cut silently: the
tags run on over the turn's wrapped lines, and when they still do not fit, the last line
ends in ``+N`` (N tags not shown; the status line under the reader lists every coding).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.geometry import Region

from themework.tui.widgets.reader_margin import ReaderMargin
from themework.tui.widgets.transcript_view import Mark, TranscriptView

LABEL = 4  # "123 ": the turn number's column


@dataclass(frozen=True)
class Tag:
    text: str
    style: Style


def tags_of(marks: Sequence[Mark]) -> list[Tag]:
    """One tag per code: codings first, then suggestions (``?`` and italic), each by tag;
    ``*`` after the tag of a code whose coding here carries a memo."""
    memo = {m.tag for m in marks if m.kind == "coding" and m.memo}
    coded = sorted({m.tag + ("*" if m.tag in memo else ""): m.colour
                    for m in marks if m.kind == "coding"}.items())
    suggested = sorted({m.tag: m.colour for m in marks if m.kind != "coding"}.items())
    return [
        *(Tag(tag, Style(color=colour or None, bold=True)) for tag, colour in coded),
        *(Tag(f"?{tag}", Style(italic=True, dim=True)) for tag, _ in suggested),
    ]


def lay_out(tags: Sequence[Tag], width: int, lines: int) -> list[list[Tag]]:
    """``tags`` over at most ``lines`` lines of ``width`` cells, in order; when some do not
    fit, the last line ends in a ``+N`` tag counting them."""
    rest = list(tags)
    rows: list[list[Tag]] = []
    for r in range(max(lines, 1)):
        row: list[Tag] = []
        while rest and _width(row) + len(rest[0].text) + bool(row) <= width:
            row.append(rest.pop(0))
        if r == lines - 1 and rest:
            while row and _width(row) + len(f" +{len(rest) + 1}") > width:
                rest.insert(0, row.pop())
            row.append(Tag(f"+{len(rest)}", Style(bold=True, reverse=True)))
        rows.append(row)
        if not rest:
            break
    return rows


def _width(row: Sequence[Tag]) -> int:
    return sum(len(t.text) for t in row) + max(len(row) - 1, 0)


class CodeMargin(ReaderMargin):
    # Narrower on a narrow screen: code.tcss (a widget's own CSS cannot see the screen's class).
    DEFAULT_CSS = """
    CodeMargin { width: 18; height: 1fr; background: $panel; }
    """

    view: TranscriptView

    def __init__(self, view: TranscriptView, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self.turn_rows: dict[int, int] = {}  # document row -> turn number

    def set_turns(self, rows: dict[int, int]) -> None:
        self.turn_rows = rows
        self.refresh()

    def refresh_rows(self, rows: Collection[int]) -> None:
        """Paint again beside the reader's document ``rows`` (their marks changed)."""
        top = int(self.view.scroll_y)
        for first, count in self.view.screen_lines(rows):
            self.refresh(Region(0, first - top, self.size.width, count))

    def line_text(self, row: int, part: int, parts: int) -> Text:
        turn = self.turn_rows.get(row) if part == 0 else None
        line = Text(f"{turn:>3} " if turn is not None else " " * LABEL)
        tags = tags_of(self.view.marks_on_line(row))
        rows = lay_out(tags, self.size.width - LABEL, parts)
        if part < len(rows):
            for i, tag in enumerate(rows[part]):
                line.append((" " if i else "") + tag.text, tag.style)
        elif tags:
            line.append("┆")  # the codings above run on over this line
        return line
