"""Edit a code's definition, criteria, keywords, aliases and colour."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from themework.services.codes import CodeInfo


class CodeEditScreen(ModalScreen[dict[str, Any] | None]):
    DEFAULT_CSS = """
    CodeEditScreen { align: center middle; }
    CodeEditScreen > VerticalScroll {
        width: 90; max-width: 98%; height: 90%; border: round $accent; background: $surface;
        padding: 0 1;
    }
    CodeEditScreen TextArea { height: 4; }
    CodeEditScreen Label { width: 1fr; color: $text-muted; }  /* long names wrap */
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, code: CodeInfo) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        c = self.code
        with VerticalScroll():
            yield Label(f"{c.name} ({c.id}) · ctrl+s saves · Esc cancels", markup=False)
            yield Label("Definition")
            yield TextArea(c.definition, id="definition", soft_wrap=True)
            yield Label("Include (inclusion criteria)")
            yield TextArea(c.include, id="include", soft_wrap=True)
            yield Label("Exclude (exclusion criteria)")
            yield TextArea(c.exclude, id="exclude", soft_wrap=True)
            yield Label("Keywords (comma-separated, used for suggestions)")
            yield Input(", ".join(c.keywords), id="keywords")
            yield Label("Aliases (comma-separated)")
            yield Input(", ".join(c.aliases), id="aliases")
            yield Label("Colour (#rrggbb)")
            yield Input(c.colour, id="colour")

    def on_mount(self) -> None:
        self.query_one("#definition").focus()

    def action_save(self) -> None:
        def area(name: str) -> str:
            return self.query_one(f"#{name}", TextArea).text.strip()

        def items(name: str) -> list[str]:
            raw = self.query_one(f"#{name}", Input).value
            return [x.strip() for x in raw.split(",") if x.strip()]

        fields: dict[str, Any] = {
            "definition": area("definition"),
            "include": area("include"),
            "exclude": area("exclude"),
            "keywords": items("keywords"),
            "aliases": items("aliases"),
            "colour": self.query_one("#colour", Input).value.strip(),
        }
        old = {
            "definition": self.code.definition, "include": self.code.include,
            "exclude": self.code.exclude, "keywords": list(self.code.keywords),
            "aliases": list(self.code.aliases), "colour": self.code.colour,
        }
        self.dismiss({k: v for k, v in fields.items() if old[k] != v} or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
