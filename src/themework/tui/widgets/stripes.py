"""Coding stripes beside the Code screen's reader: one narrow column per code on screen.

The screen hands down plain data (reader line -> the codes covering it, from
``domain.stripes.by_line``); the widget lays out columns for the lines on screen only, so a
5,000-turn transcript costs no more than a short one. Each column has its own glyph as well
as the code's colour; suggestions are a group apart, dim, marked ``?``; ``*`` beside a
stripe marks where a coding carrying a memo starts; codes with no room are counted as ``+N``.
Which glyph stands for which code goes up in a ``LegendChanged`` message for the screen to
show under the reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.message import Message

from themework.domain.plural import plural
from themework.domain.stripes import Cover, Layout, cells, lay_out, on_segment
from themework.tui.widgets.reader_margin import ReaderMargin, line_at
from themework.tui.widgets.transcript_view import TranscriptView


class CodeStripes(ReaderMargin):
    DEFAULT_CSS = """
    CodeStripes { width: 24; height: 1fr; background: $panel; padding: 0 0 0 1; }
    """

    class LegendChanged(Message):
        """The glyph of each code on screen changed: ``legend`` says which is which."""

        def __init__(self, legend: Text) -> None:
            super().__init__()
            self.legend = legend

    view: TranscriptView

    def __init__(self, view: TranscriptView, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self.rows: Mapping[int, Sequence[Cover]] = {}
        self.order: Mapping[str, int] = {}
        self.tags: Mapping[str, str] = {}
        self.colours: Mapping[str, str] = {}
        self._version = 0
        self._key: tuple[object, ...] | None = None
        self._layout = Layout((), (), None)
        self._legend: str | None = None

    def show(self, rows: Mapping[int, Sequence[Cover]], order: Mapping[str, int],
             tags: Mapping[str, str], colours: Mapping[str, str]) -> None:
        self.rows, self.order, self.tags, self.colours = rows, order, tags, colours
        self._version += 1
        self.refresh()

    # -- layout ----------------------------------------------------------------------------
    def _segment(self, row: int, part: int) -> list[Cover]:
        covers = self.rows.get(row)
        if not covers:
            return []
        breaks = self.view.wrapped_document.get_offsets(row)
        start = breaks[part - 1] if 0 < part <= len(breaks) else 0
        end = breaks[part] if part < len(breaks) else None
        return on_segment(covers, start, end)

    def _visible(self) -> list[list[Cover]]:
        wrapped = self.view.wrapped_document
        top = int(self.view.scroll_y)
        out = []
        for vy in range(top, min(top + self.size.height, wrapped.height)):
            out.append(self._segment(*line_at(wrapped, vy)))
        return out

    def columns(self) -> Layout:
        """The columns for what is on screen now (worked out again only when that changes)."""
        cursor_row = self.view.cursor_location[0]
        key = (self._version, int(self.view.scroll_y), self.size, cursor_row,
               self.view.wrapped_document.height)
        if key != self._key:
            self._key = key
            here = {c.code for c in self.rows.get(cursor_row, ())}
            self._layout = lay_out(self._visible(), self.size.width, self.order, here)
            legend = self.legend()
            if legend.plain != self._legend:
                self._legend = legend.plain
                self.post_message(self.LegendChanged(legend))
        return self._layout

    def legend(self) -> Text:
        lay = self._layout
        out = Text("stripes: ")
        coded = [c for c in lay.columns if not c.suggested]
        suggested = [c for c in lay.columns if c.suggested]
        if not lay.columns and not lay.hidden:
            out.append("no codes on these lines")
        for col in coded:
            out.append(col.glyph, self._style(col.code, False))
            out.append(f" {self.tags.get(col.code, '?')}  ")
        if suggested:
            out.append("suggested: ", Style(dim=True))
            out.append(" ".join(self.tags.get(c.code, "?") for c in suggested) + "  ",
                       Style(dim=True, italic=True))
        if lay.hidden:
            hidden = " ".join(("?" if s else "") + self.tags.get(code, "?")
                              for code, s in lay.hidden)
            out.append(f"+N: {plural(len(lay.hidden), 'code')} without a column ({hidden})  ",
                       Style(bold=True))
        out.append("* memo  | hides")
        return out

    def _style(self, code: str, suggested: bool) -> Style:
        if suggested:
            return Style(dim=True, italic=True)
        return Style(color=self.colours.get(code) or None, bold=True)

    # -- drawing ---------------------------------------------------------------------------
    def line_text(self, row: int, part: int, parts: int) -> Text:
        layout = self.columns()
        line = Text()
        for cell in cells(layout, self._segment(row, part)):
            line.append(" " * max(cell.x - len(line.plain), 0))
            if cell.code is None:
                line.append(cell.text, Style(bold=True, reverse=True))
            else:
                line.append(cell.text, self._style(cell.code, cell.suggested))
        return line
