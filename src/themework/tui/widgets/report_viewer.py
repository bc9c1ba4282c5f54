"""The report preview: a Markdown viewer whose table of contents never squeezes the report,
and whose tables are one widget each.

Textual docks the contents at the left at their natural width; at 80 columns that left the
report about ten columns. On a narrow screen the contents take the report's place instead,
and choosing a heading brings the report back, at that heading.

Textual's Markdown lays out a widget per table cell. The report's tables (codes per theme,
prevalence, the framework matrix, the codebook) came to some 800 cells at 1,000
transcripts, most of the seconds the Report screen took to show; here each table is drawn
as one widget with the same lines and header style.
"""

from __future__ import annotations

from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich import box
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
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


def table_cells(source: str) -> tuple[list[Text], list[list[Text]]]:
    """The header and rows of the Markdown table in ``source``."""
    headers: list[Text] = []
    rows: list[list[Text]] = []
    tokens = MarkdownIt("gfm-like").parse(source)
    for i, token in enumerate(tokens):
        if token.type == "tr_open" and any(t.type == "td_open" for t in tokens[i:i + 2]):
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            text = cell_text(tokens[i + 1] if tokens[i + 1].type == "inline" else None)
            if token.type == "th_open":
                headers.append(text)
            elif rows:
                rows[-1].append(text)
    return headers, rows


class TableGrid(Widget):
    """A table as one widget: a column per header, lines between rows (as Textual's)."""

    DEFAULT_CSS = """
    TableGrid { width: 1fr; height: auto; }
    TableGrid > .table-grid--header { color: $primary; text-style: bold; }
    TableGrid > .table-grid--lines { color: $foreground 20%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"table-grid--header", "table-grid--lines"}

    def __init__(self, headers: list[Text], rows: list[list[Text]]) -> None:
        super().__init__()
        self.headers = headers
        self.rows = rows

    def render(self) -> Table:
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


class ReportTable(MarkdownBlock):
    """A Markdown table block drawn by one ``TableGrid``, not a widget per cell."""

    DEFAULT_CSS = """
    ReportTable { width: 1fr; height: auto; margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        yield TableGrid(*table_cells(self.source or ""))


class ReportDocument(Markdown):
    def __init__(self, *, open_links: bool) -> None:
        super().__init__(open_links=open_links)
        self.BLOCKS = {**Markdown.BLOCKS, "table_open": ReportTable}


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
