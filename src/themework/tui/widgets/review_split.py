"""Split a theme: tick the codes that move to a new theme and name it (one dialog).

Ticks are written ``[x]`` / ``[ ]`` so they read without colour (16-colour terminals, SSH).
"""

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


class TickList(OptionList):
    """An option list whose options are ticked and unticked with space (or Enter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "tick", "Tick", id="split.tick", tooltip="Tick or untick"),
    ]

    def __init__(self, items: list[tuple[str, str]], *, id: str | None = None) -> None:
        self.labels = {value: label for label, value in items}
        self.ticked: list[str] = []
        super().__init__(*(Option(self._prompt(v), id=v) for _, v in items), id=id,
                         markup=False)

    def _prompt(self, value: str) -> Text:
        return Text(("[x] " if value in self.ticked else "[ ] ") + self.labels[value])

    def action_tick(self) -> None:
        if self.highlighted is None:
            return
        value = self.get_option_at_index(self.highlighted).id
        if value is None:
            return
        if value in self.ticked:
            self.ticked.remove(value)
        else:
            self.ticked.append(value)
        self.replace_option_prompt(value, self._prompt(value))


class SplitScreen(ModalScreen[tuple[list[str], str] | None]):
    """Dismisses with (codes ticked, new name), or None when cancelled."""

    DEFAULT_CSS = """
    SplitScreen { align: center middle; }
    SplitScreen > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SplitScreen TickList { height: auto; max-height: 50vh; }  /* the hint still shows at 24 rows */
    SplitScreen Label { width: 1fr; }
    SplitScreen #split-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Split", id="dialog.save"),
    ]

    def __init__(self, theme_name: str, codes: list[tuple[str, str]]) -> None:
        """``codes``: (label, code id) of the theme's own codes; labels are plain text."""
        super().__init__()
        self.theme_name = theme_name
        self.codes = codes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Split {self.theme_name}: tick the codes that move",
                        markup=False)
            yield TickList(self.codes, id="split-codes")
            yield Label("Name of the new theme", markup=False)
            yield Input(id="split-name", placeholder="new theme name")
            yield Label("space ticks · tab to the name · Enter or ctrl+s splits · Esc cancels",
                        id="split-hint", markup=False)

    def on_mount(self) -> None:
        ticks = self.query_one(TickList)
        ticks.highlighted = 0
        ticks.focus()

    @on(Input.Submitted, "#split-name")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        ticked = self.query_one(TickList).ticked
        chosen = [value for _, value in self.codes if value in ticked]  # in the theme's order
        name = self.query_one(Input).value.strip()
        if not chosen:
            self.notify("tick at least one code to move", severity="warning")
            self.query_one(TickList).focus()
            return
        if not name:
            self.notify("name the new theme", severity="warning")
            self.query_one(Input).focus()
            return
        self.dismiss((chosen, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
