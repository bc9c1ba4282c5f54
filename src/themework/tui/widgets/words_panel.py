"""Top words and keyness as a terminal bar chart (block characters: no colour needed)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from themework.services.language import WordRow

BAR = "█"


def chart(rows: Sequence[WordRow], width: int = 28) -> Table:
    """One block of bars per group: the bar is the count (or keyness, when there is one)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    groups: dict[str, list[WordRow]] = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    for group, items in groups.items():
        keyed = any(r.g2 is not None for r in items)
        top = max((abs(r.g2 or 0) if keyed else r.count) for r in items) or 1
        table.add_row(Text(group, style="bold"), Text("keyness (G2)" if keyed else "count"), "")
        for r in items:
            value = abs(r.g2 or 0) if keyed else r.count
            n = max(1, round(width * value / top))
            label = f"{r.g2:.1f}" if keyed and r.g2 is not None else str(r.count)
            table.add_row(Text(r.word), Text(BAR * n), Text(label))
        table.add_row("", "", "")
    return table


class WordsPanel(Static):
    DEFAULT_CSS = """
    WordsPanel { height: auto; padding: 0 1; }
    """

    rows: tuple[WordRow, ...] = ()

    def show(self, rows: Sequence[WordRow], heading: str) -> None:
        self.rows = tuple(rows)
        if not rows:
            self.update(Text(f"{heading}: no words yet (import transcripts first)"))
            return
        grid = Table.grid()
        grid.add_row(Text(heading, style="italic"))
        grid.add_row(chart(rows))
        self.update(grid)
