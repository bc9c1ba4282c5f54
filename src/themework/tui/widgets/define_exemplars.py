"""A theme's exemplar extracts in their order (phase 5): the screen pushes them down.

Each entry shows its position, extract id, transcript and turn, code, whether the quote is
trimmed (in words: "trimmed", never colour alone) and the quote as the report will use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from themework.services.themes import ExemplarInfo

QUOTE_CHARS = 280


class ExemplarList(OptionList):
    DEFAULT_CSS = """
    ExemplarList { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.exemplars: tuple[ExemplarInfo, ...] = ()

    def show(self, exemplars: Sequence[ExemplarInfo], turns: Mapping[int, int | None],
             code_names: Mapping[str, str], keep: int | None = None) -> None:
        """Fill the list; the cursor stays on extract ``keep`` (else on the same extract)."""
        keep = keep if keep is not None else self.coding_id
        index = self.highlighted
        self.exemplars = tuple(exemplars)
        self.clear_options()
        if not self.exemplars:
            self.add_option(Option(
                Text("no exemplars yet: * stars one of the theme's extracts", style="dim"),
                disabled=True,
            ))
            return
        self.add_options([
            Option(self._prompt(i, e, turns.get(e.coding_id), code_names), id=str(e.coding_id))
            for i, e in enumerate(self.exemplars, start=1)
        ])
        ids = [e.coding_id for e in self.exemplars]
        if keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = min(index or 0, len(ids) - 1)

    @staticmethod
    def _prompt(n: int, e: ExemplarInfo, turn: int | None,
                code_names: Mapping[str, str]) -> Group:
        head = Text(f"{n}. ", style="bold")
        head.append(f"#{e.coding_id} {e.transcript}")
        if turn is not None:
            head.append(f" turn {turn}")
        head.append(f" · {code_names.get(e.code, e.code)}", style="dim")
        if e.trimmed is not None:
            head.append(" · trimmed", style="italic")
        words = " ".join((e.trimmed if e.trimmed is not None else e.text).split())
        if len(words) > QUOTE_CHARS:
            words = words[: QUOTE_CHARS - 1].rstrip() + "…"
        return Group(head, Padding(Text(words), (0, 0, 0, 3)))

    @property
    def coding_id(self) -> int | None:
        """The extract under the cursor (None when the list is empty)."""
        if self.highlighted is None or self.highlighted >= len(self.exemplars):
            return None
        return self.exemplars[self.highlighted].coding_id

    @property
    def current(self) -> ExemplarInfo | None:
        cid = self.coding_id
        return next((e for e in self.exemplars if e.coding_id == cid), None)
