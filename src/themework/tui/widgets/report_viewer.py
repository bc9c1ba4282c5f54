"""The report preview: a Markdown viewer whose table of contents never squeezes the report,
and whose tables are one widget each.

Textual docks the contents at the left at their natural width; at 80 columns that left the
report about ten columns. On a narrow screen the contents take the report's place instead,
and choosing a heading brings the report back, at that heading.

Textual's Markdown lays out a widget per table cell. The report's tables (codes per theme,
prevalence, the framework matrix, the codebook) came to some 800 cells at 1,000
transcripts, most of the seconds the Report screen took to show; here each table is drawn
as one widget (no child) with the same lines and header style. The parser folds a table's
tokens into one (no block per cell is built), and each table is drawn once per width. Bullet
lists of a paragraph per item (the checklist's) are one widget each too, drawn as Textual
draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType
from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Markdown, MarkdownViewer
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

INLINE_STYLES = {"strong": Style(bold=True), "em": Style(italic=True),
                 "s": Style(strike=True)}


def cell_text(inline: Token | None) -> Text:
    """A table cell's inline Markdown as text: emphasis, strong, struck and code kept."""
    out = Text()
    styles: list[Style] = []
    for child in (inline.children or []) if inline is not None else []:
        kind = child.type
        if kind in ("text", "html_inline"):
            out.append(child.content, Style.chain(Style(), *styles))
        elif kind == "code_inline":
            out.append(child.content, Style.chain(Style(), *styles, Style(reverse=True)))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind.endswith("_open"):
            styles.append(INLINE_STYLES.get(kind[:-5], Style()))
        elif kind.endswith("_close") and styles:
            styles.pop()
    return out


TABLE = "report_table"  # a whole table as one token (see ``fold_tables``)
LIST = "report_list"  # a top-level bullet list of one paragraph per item (``fold_lists``)
ITEM = ("list_item_open", "paragraph_open", "inline", "paragraph_close", "list_item_close")


def table_cells(tokens: list[Token]) -> tuple[list[Text], list[list[Text]]]:
    """The header and rows of the table whose tokens (``table_open`` to ``table_close``)
    are given."""
    headers: list[Text] = []
    rows: list[list[Text]] = []
    for i, token in enumerate(tokens):
        if token.type == "tr_open" and any(t.type == "td_open" for t in tokens[i:i + 2]):
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            text = cell_text(nxt if nxt is not None and nxt.type == "inline" else None)
            if token.type == "th_open":
                headers.append(text)
            elif rows:
                rows[-1].append(text)
    return headers, rows


def fold_tables(tokens: list[Token]) -> list[Token]:
    """Each table's tokens folded into one ``TABLE`` token holding its cells.

    Textual's Markdown makes a block, with its styled content, for every row and cell of a
    table before the table itself is laid out; the report draws each table as one widget,
    so those hundreds of cells were built for nothing."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "table_open":
            out.append(token)
            i += 1
            continue
        end = next((j for j in range(i + 1, len(tokens)) if tokens[j].type == "table_close"),
                   len(tokens) - 1)
        headers, rows = table_cells(tokens[i:end + 1])
        out.append(Token(TABLE, "table", 0, map=token.map, level=token.level,
                         block=True, meta={"headers": headers, "rows": rows}))
        i = end + 1
    return out


def fold_lists(tokens: list[Token]) -> list[Token]:
    """Each top-level bullet list whose items are one paragraph each, folded into one
    ``LIST`` token holding the items' inline tokens (others are left to Textual)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        items: list[Token] = []
        j = i + 1
        if token.type == "bullet_list_open" and token.level == 0:
            while [t.type for t in tokens[j:j + len(ITEM)]] == list(ITEM):
                items.append(tokens[j + 2])
                j += len(ITEM)
        if items and j < len(tokens) and tokens[j].type == "bullet_list_close":
            out.append(Token(LIST, "ul", 0, map=token.map, level=0, block=True,
                             meta={"items": items}))
            i = j + 1
        else:
            out.append(token)
            i += 1
    return out


class ReportParser(MarkdownIt):
    """GitHub-flavoured Markdown, as Textual's, with tables and simple lists folded
    (``fold_tables``, ``fold_lists``)."""

    def __init__(self) -> None:
        super().__init__("gfm-like")

    def parse(self, src: str, env: EnvType | None = None) -> list[Token]:
        return fold_lists(fold_tables(super().parse(src, env)))


class RenderedOnce:
    """A renderable drawn once per width and replayed after.

    Textual draws a widget's content to measure its height, again at another width while the
    scrollbar is placed, and again to paint it; for the report's tables (the codebook alone
    is sixty rows of wrapped definitions) that was most of the time the Report screen took
    to show. ``make`` builds the renderable; ``forget`` drops what was drawn (the styles
    changed)."""

    def __init__(self, make: Callable[[], RenderableType]) -> None:
        self.make = make
        self._lines: dict[int, list[list[Segment]]] = {}

    def forget(self) -> None:
        self._lines.clear()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = self._lines.get(width)
        if lines is None:
            lines = console.render_lines(self.make(), options, pad=False, new_lines=True)
            self._lines[width] = lines
        for line in lines:
            yield from line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.make())


class ReportTable(MarkdownBlock):
    """A Markdown table as one widget (Textual's lays out a widget per cell): a column per
    header, lines between rows, as Textual's."""

    DEFAULT_CSS = """
    ReportTable { width: 1fr; height: auto; margin-bottom: 1; }
    ReportTable > .table-grid--header { color: $primary; text-style: bold; }
    ReportTable > .table-grid--lines { color: $foreground 20%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"table-grid--header", "table-grid--lines"}

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        self.headers: list[Text] = token.meta["headers"]
        self.rows: list[list[Text]] = token.meta["rows"]
        self._drawn = RenderedOnce(self._table)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.forget()  # the header and line colours come from the styles

    def render(self) -> RenderedOnce:
        return self._drawn

    def _table(self) -> Table:
        table = Table(
            box=box.SQUARE, show_lines=True, expand=True, padding=(0, 1),
            header_style=self.get_component_rich_style("table-grid--header"),
            border_style=self.get_component_rich_style("table-grid--lines"),
        )
        for header in self.headers:
            table.add_column(header, overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        return table


class ReportList(MarkdownBlock):
    """A bullet list of one paragraph per item as one widget, drawn as Textual draws it (a
    bullet, the paragraph wrapped beside it): Textual lays out four widgets per item, and
    the report's checklist alone came to 120 of them."""

    DEFAULT_CSS = """
    ReportList { width: 1fr; height: auto; margin: 0 0 1 0; }
    ReportList > .report-list--bullet { color: $text-primary; }
    ReportList:light > .report-list--bullet { color: $text-secondary; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"report-list--bullet"}
    BULLET = Markdown.BULLETS[0]

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        self.items = [self._token_to_content(t) for t in token.meta["items"]]
        self._wrapped: tuple[int, Content] | None = None

    def _lines(self, width: int) -> Content:
        if self._wrapped is None or self._wrapped[0] != width:
            style = self.get_visual_style("report-list--bullet")
            bullet = Content.styled(self.BULLET, style)
            indent = Content.styled(" " * bullet.cell_length, style)  # as Textual's bullet column
            lines: list[Content] = []
            for item in self.items:
                for n, line in enumerate(item.wrap(max(1, width - bullet.cell_length))):
                    lines.append((indent if n else bullet) + line)
            self._wrapped = (width, Content("\n").join(lines))
        return self._wrapped[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped = None  # the bullet's colour comes from the styles

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width).split("\n"))

    def render(self) -> Content:
        return self._lines(self.size.width)


class ReportDocument(Markdown):
    def __init__(self, *, open_links: bool) -> None:
        super().__init__(open_links=open_links, parser_factory=ReportParser)

    def unhandled_token(self, token: Token) -> MarkdownBlock | None:
        if token.type == TABLE:
            return ReportTable(self, token)
        return ReportList(self, token) if token.type == LIST else None


class ReportViewer(MarkdownViewer):
    """The narrow layout is in report.tcss (it depends on the screen's ``-narrow`` class)."""

    def __init__(self, *, id: str | None = None, show_table_of_contents: bool = False,
                 open_links: bool = False) -> None:
        super().__init__(id=id, show_table_of_contents=show_table_of_contents,
                         open_links=open_links)
        self.open_links = open_links

    def compose(self) -> ComposeResult:
        document = ReportDocument(open_links=self.open_links)
        document.can_focus = True
        yield document
        yield MarkdownTableOfContents(document)

    @on(Markdown.TableOfContentsSelected)
    def _heading_chosen(self, message: Markdown.TableOfContentsSelected) -> None:
        if not self.screen.has_class("-narrow"):
            return  # side by side: the viewer scrolls to the heading itself
        self.show_table_of_contents = False
        block = self.document.query_one(f"#{message.block_id}")
        self.document.focus()
        # The report is laid out again once shown; scroll to the heading after that.
        self.call_after_refresh(self.scroll_to_widget, block, top=True, animate=False)
