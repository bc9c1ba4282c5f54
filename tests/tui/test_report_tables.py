"""The report preview's tables: drawn once per width, they still show every cell, follow
the text inside lists, and take new colours when the theme changes."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Markdown

from themework.tui.widgets.report_viewer import (
    ReportDocument,
    ReportList,
    ReportTable,
    ReportViewer,
)

TABLES = """# Report

| Code | Definition |
| --- | --- |
| Trust | **Built** slowly |
| Pace | Not rushed |

- a list item

  | Group | Extracts |
  | --- | --- |
  | All | 12 |
"""


class Preview(App[None]):
    def compose(self) -> ComposeResult:
        yield ReportViewer(id="v")


def _lines(grid: ReportTable) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def test_tables_show_their_cells_also_inside_a_list() -> None:
    app = Preview()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.query_one(ReportViewer).document.update(TABLES)
        await pilot.pause()
        grids = list(app.query(ReportTable))
        assert len(grids) == 2
        first, nested = ("\n".join(_lines(g)) for g in grids)
        for cell in ("Code", "Definition", "Trust", "Built slowly", "Pace", "Not rushed"):
            assert cell in first
        assert "Extracts" in nested and "12" in nested
        assert grids[0].size.height == 7  # header, two rows, and the lines around them


async def test_a_new_theme_redraws_the_tables_in_its_colours() -> None:
    app = Preview()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.query_one(ReportViewer).document.update(TABLES)
        await pilot.pause()
        grid = app.query(ReportTable).first()

        def header_colour() -> object:
            strip = grid.render_line(1)  # the header row, under the top line
            return next(s.style.color for s in strip if s.text.strip() == "Code" and s.style)

        app.theme = "textual-dark"
        await pilot.pause()
        dark = header_colour()
        app.theme = "textual-light"
        await pilot.pause()
        assert header_colour() != dark


LISTS = """Some text.

- **Evidence:** 1001 transcripts; 0 corrections recorded after import, and a long line
  that wraps at the width of the screen
- Researcher: *not yet answered*, `code` and ~~struck~~

1\\. **Coding.** A paragraph between two lists.

   - Evidence: 8 of 8 themes collate codes
   - Researcher: *not yet answered*

A paragraph before a list Textual draws.

- a list with a nested list
  - nested
"""


class Plain(App[None]):
    """Textual's own Markdown, the look the report's lists keep."""

    def __init__(self, document: type[Markdown]) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        yield self.document(open_links=False)


async def _drawn(document: type[Markdown], width: int, theme: str) -> tuple[list[str], int]:
    app = Plain(document)
    async with app.run_test(size=(width, 30)) as pilot:
        app.theme = "textual-dark"
        await app.query_one(Markdown).update(LISTS)
        await pilot.pause()
        app.theme = theme  # drawn again in the new theme's colours
        await pilot.pause()
        # Private, but what export_screenshot draws; Textual is pinned exactly.
        update = app.screen._compositor.render_full_update()
        lines = ["".join(f"{seg.text}\0{seg.style}" for strip in line for seg in strip)
                 for line in update.strips]
        return lines, len(app.query(ReportList))


@pytest.mark.parametrize("width", [36, 100])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_lists_drawn_as_one_widget_look_as_textual_draws_them(
    width: int, theme: str
) -> None:
    # Each bullet list of one paragraph per item is one widget (Textual lays out four per
    # item); character for character and style for style it is drawn the same.
    ours, folded = await _drawn(ReportDocument, width, theme)
    textuals, _ = await _drawn(Markdown, width, theme)
    assert folded == 2  # the nested list is left to Textual
    assert ours == textuals
