"""The report preview: a Markdown viewer whose table of contents never squeezes the report.

Textual docks the contents at the left at their natural width; at 80 columns that left the
report about ten columns. On a narrow screen the contents take the report's place instead,
and choosing a heading brings the report back, at that heading.
"""

from __future__ import annotations

from textual import on
from textual.widgets import Markdown, MarkdownViewer


class ReportViewer(MarkdownViewer):
    """The narrow layout is in report.tcss (it depends on the screen's ``-narrow`` class)."""

    @on(Markdown.TableOfContentsSelected)
    def _heading_chosen(self, message: Markdown.TableOfContentsSelected) -> None:
        if not self.screen.has_class("-narrow"):
            return  # side by side: the viewer scrolls to the heading itself
        self.show_table_of_contents = False
        block = self.document.query_one(f"#{message.block_id}")
        self.document.focus()
        # The report is laid out again once shown; scroll to the heading after that.
        self.call_after_refresh(self.scroll_to_widget, block, top=True, animate=False)
