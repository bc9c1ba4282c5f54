"""The report preview's tables: drawn once per width, they still show every cell, follow
the text inside lists, and take new colours when the theme changes."""

from __future__ import annotations

from textual.app import App, ComposeResult

from themework.tui.widgets.report_viewer import ReportViewer, TableGrid

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


def _lines(grid: TableGrid) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def test_tables_show_their_cells_also_inside_a_list() -> None:
    app = Preview()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.query_one(ReportViewer).document.update(TABLES)
        await pilot.pause()
        grids = list(app.query(TableGrid))
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
        grid = app.query(TableGrid).first()

        def header_colour() -> object:
            strip = grid.render_line(1)  # the header row, under the top line
            return next(s.style.color for s in strip if s.text.strip() == "Code" and s.style)

        app.theme = "textual-dark"
        await pilot.pause()
        dark = header_colour()
        app.theme = "textual-light"
        await pilot.pause()
        assert header_colour() != dark
