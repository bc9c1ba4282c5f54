"""``?``: every binding of the current screen and the app, with ids for remapping."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label


class KeysScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    KeysScreen > Vertical {
        width: 100; max-width: 98%; height: 90%; border: round $accent; background: $surface;
    }
    KeysScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="keys.close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                "Keys here. Remap any id in ~/.config/themework/keys.yaml (e.g. 'code.apply: k').",
                markup=False,
            )
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "what", "id")
        seen = set()
        for node in [*self.target.ancestors_with_self, *self.target.query("*")]:
            for binding in getattr(node, "BINDINGS", []):
                if not isinstance(binding, Binding):
                    continue
                key = (binding.key, binding.action)
                if key in seen or not binding.description:
                    continue
                seen.add(key)
                table.add_row(binding.key, binding.tooltip or binding.description, binding.id or "")
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
