"""The transcripts table: one row per transcript, keyed by its name, refreshed in place.

It is rebuilt only when its columns or rows change (a new coder, an import); otherwise cells
are updated where they stand, so the cursor stays put. Filling it never posts
``RowHighlighted``: only the researcher's own moves do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable


def plain(value: object) -> object:
    """A cell as plain text: DataTable reads a string as Rich markup, which dropped a name's
    "[draft]" and cost a markup parse per cell (8,000 at 1,000 transcripts)."""
    return Text(value, no_wrap=True, end="") if isinstance(value, str) else value


class TranscriptTable(DataTable[Any]):
    # A table of rows: Home and End go to the first and last transcript (DataTable's own
    # scroll sideways, which hid the names at 80 columns).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.names: tuple[str, ...] = ()
        self._columns: tuple[str, ...] = ()
        self._heads: tuple[str, ...] = ()

    def show(self, columns: Sequence[str], rows: Sequence[tuple[str, Sequence[object]]],
             current: str | None, labels: Sequence[str] = ()) -> None:
        """Show ``rows`` (name, cells) under ``columns`` (keys, headed by ``labels`` where
        given), the cursor on ``current``."""
        names = tuple(name for name, _ in rows)
        heads = tuple(labels) or tuple(columns)
        with self.prevent(DataTable.RowHighlighted):
            if (tuple(columns), heads, names) != (self._columns, self._heads, self.names):
                self.clear(columns=True)
                for col, head in zip(columns, heads, strict=True):
                    self.add_column(Text(head), key=col)
                for name, cells in rows:
                    self.add_row(*map(plain, cells), key=name)
                self._columns, self._heads, self.names = tuple(columns), heads, names
            else:
                for name, cells in rows:
                    for col, value in zip(columns, cells, strict=True):
                        self.update_cell(name, col, plain(value))
            self.point_at(current)

    def point_at(self, name: str | None) -> None:
        """Put the cursor on a transcript's row without announcing it."""
        if name in self.names:
            with self.prevent(DataTable.RowHighlighted):
                self.move_cursor(row=self.names.index(name))

    @property
    def current(self) -> str | None:
        row = self.cursor_row
        return self.names[row] if 0 <= row < len(self.names) else None
