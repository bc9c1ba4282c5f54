"""Which codes travel together: a co-occurrence table that fits its columns to its width.

Rows are (code, code, n, Jaccard) in the order given; codes of the highlighted theme carry a
``●`` so the mark does not rely on colour. Names are cut with an ellipsis to fit; the screen
shows the highlighted pair in full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from rich.text import Text
from textual.events import Resize
from textual.widgets import DataTable

from themework.analysis.cooccurrence import Pair

N_WIDTH, J_WIDTH, PADDING, SCROLLBAR = 3, 7, 8, 2


class CooccurrenceTable(DataTable[Text]):
    DEFAULT_CSS = """
    CooccurrenceTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.pairs: tuple[Pair, ...] = ()
        self.names: Mapping[str, str] = {}
        self.mine: Set[str] = frozenset()
        self._fitted = -1

    def show(self, pairs: Sequence[Pair], names: Mapping[str, str], mine: Set[str]) -> None:
        self.pairs, self.names, self.mine = tuple(pairs), names, mine
        self._rebuild()

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._fitted:
            self._rebuild()

    def _name_width(self) -> int:
        width = self.size.width
        self._fitted = width
        if width <= 0:
            return 20
        return max(8, (width - N_WIDTH - J_WIDTH - PADDING - SCROLLBAR) // 2)

    def _rebuild(self) -> None:
        row = self.cursor_row
        width = self._name_width()
        self.clear(columns=True)
        self.add_column("code", key="a", width=width)
        self.add_column("code", key="b", width=width)
        self.add_column("n", key="n", width=N_WIDTH)
        self.add_column("Jaccard", key="j", width=J_WIDTH)

        def cell(code: str) -> Text:
            mark = "● " if code in self.mine else "  "
            return Text(mark + self.names.get(code, code), no_wrap=True, overflow="ellipsis")

        for i, p in enumerate(self.pairs):
            self.add_row(cell(p.a), cell(p.b), Text(str(p.n), justify="right"),
                         Text(f"{p.jaccard:.2f}", justify="right"), key=str(i))
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), scroll=False)
