"""Choose one of many, typing to filter (fuzzy): codes, themes, phases, transcripts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


def rank(query: str, options: list[tuple[str, str]], limit: int = 200) -> list[tuple[str, str]]:
    """Options best matching ``query`` first (all of them, in order, when it is empty)."""
    if not query.strip():
        return options[:limit]
    from rapidfuzz import fuzz, process

    labels = [label for label, _ in options]
    hits = process.extract(query, labels, scorer=fuzz.WRatio, limit=limit, score_cutoff=45)
    return [options[i] for _, _, i in hits]


class ChooseScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ChooseScreen { align: center middle; }
    ChooseScreen > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    /* The list gives way first, so the title and the hint always show (24 rows: 14). */
    ChooseScreen OptionList { height: auto; max-height: 60vh; }
    ChooseScreen Label { width: 1fr; }
    ChooseScreen #hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="dialog.cancel"),
        Binding("down", "focus_list", "List", show=False),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint or "type to filter · Enter chooses · Esc cancels"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Input(placeholder="filter", id="filter")
            yield OptionList(id="options")
            yield Label(self.hint, id="hint", markup=False)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        # Labels are user data (code names like "[inaudible]"): never read them as markup.
        ol.add_options(
            [Option(Text(label), id=value) for label, value in rank(query, self.options)]
        )
        if ol.option_count:
            ol.highlighted = 0

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submit(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None:
            self.choose(ol.get_option_at_index(ol.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id)

    def choose(self, value: str | None) -> None:
        self.dismiss(value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()
