"""The forms that write a code's fields: a new code (name, definition, inclusion, exclusion,
keywords) and a code's edit (``code_edit``), one compact layout that fits 80x24.

Tab and shift+Tab move between the fields; ctrl+s saves from any of them, and so does Enter
in a one-line field, except that in a new code Enter in the name moves on to an empty
definition (the form asks for one; ctrl+s saves without it). The in-vivo form (``quick``)
comes with the selected words as the name and saves on Enter at once, so ``n`` then Enter
still codes in two keys. Esc closes at once when nothing was typed; otherwise it asks
Save / Discard / Cancel (``tui.unsaved``), as quitting the app with the form open does. A
save that fails (a name already taken) shows why and keeps the form open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, TextArea

from themework.tui.dialogs.unsaved import EditsDialog


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    lines: int  # 1: a one-line field (Enter saves); more: a text box of that many rows
    placeholder: str = ""


class CodeForm(EditsDialog):
    """Fields in rows under a title; ``save`` gets what they hold and returns what the form
    is dismissed with, or ``None`` when it could not save (it has said why)."""

    DEFAULT_CSS = """
    CodeForm { align: center middle; }
    CodeForm > Vertical {
        width: 76; max-width: 98%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CodeForm Horizontal { height: auto; margin-top: 1; }
    CodeForm .field { width: 11; color: $text-muted; }
    /* Compact fields have no border: a shade shows where each one is, a brighter one and
       the cursor which has the focus. */
    CodeForm Input, CodeForm TextArea { width: 1fr; background: $boost; }
    CodeForm Input:focus, CodeForm TextArea:focus { background: $primary 25%; }
    CodeForm Input.line { padding: 0 1; }  /* text starts as in a TextArea */
    CodeForm #title { width: 1fr; text-style: bold; }
    CodeForm #hint { width: 1fr; color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]
    FIELDS: ClassVar[tuple[Field, ...]] = ()

    def __init__(self, title: str, hint: str, initial: Mapping[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.initial = {f.id: initial.get(f.id, "") for f in self.FIELDS}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="title", markup=False)
            for f in self.FIELDS:
                with Horizontal():
                    yield Label(f.label, classes="field")
                    value = self.initial[f.id]
                    if f.lines == 1:
                        yield Input(value, placeholder=f.placeholder, id=f.id, compact=True,
                                    classes="line")
                    else:
                        area = TextArea(value, id=f.id, compact=True, placeholder=f.placeholder)
                        area.styles.height = f.lines
                        yield area
            yield Label(self.hint, id="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(f"#{self.FIELDS[0].id}").focus()

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.FIELDS:
            widget = self.query_one(f"#{f.id}")
            assert isinstance(widget, TextArea | Input)  # compose yields one or the other
            text = widget.text if isinstance(widget, TextArea) else widget.value
            out[f.id] = text.strip()
        return out

    def what(self) -> str:
        """What the form holds, for the Save / Discard / Cancel question."""
        raise NotImplementedError

    def store(self, values: dict[str, str]) -> str | None:
        """Save ``values``; what the form is dismissed with (``None``: not saved)."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.entered(event.input)

    def entered(self, field: Input) -> None:
        """Enter in a one-line field: save."""
        self.action_save()

    # -- tui.unsaved.HoldsEdits --------------------------------------------------------------
    def unsaved(self) -> str | None:
        if not self.is_attached:
            return None
        initial = {k: v.strip() for k, v in self.initial.items()}
        return None if self.values() == initial else self.what()

    def save_unsaved(self, then: Callable[[], None]) -> None:
        made = self.store(self.values())
        if made is None:
            return  # the error was shown; what was typed stays
        self.dismiss(made)
        then()

    def discard_unsaved(self) -> None:
        self.dismiss(None)


def listed(text: str) -> tuple[str, ...]:
    """A comma-separated field's items."""
    return tuple(x.strip() for x in text.split(",") if x.strip())


# What defines a code, in both forms: a new code asks for them after its name, an edit
# shows them with the aliases and colour.
CRITERIA = (
    Field("definition", "Definition", 4, "what the code captures"),
    Field("include", "Include", 2, "code it when ..."),
    Field("exclude", "Exclude", 2, "do not code it when ... (use ... instead)"),
    Field("keywords", "Keywords", 1, "comma-separated, for suggestions"),
)


@dataclass(frozen=True)
class NewCode:
    name: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    keywords: tuple[str, ...] = field(default=())


HINT = "Tab: next field · Enter: definition next · ctrl+s saves · Esc cancels"
QUICK_HINT = ("Enter or ctrl+s saves · Tab adds a definition, inclusion, exclusion and "
              "keywords · Esc cancels")


class NewCodeScreen(CodeForm):
    """Dismissed with the new code's id. ``save`` stores the code and returns its id, or
    ``None`` when it could not."""

    FIELDS = (Field("name", "Name", 1, "a few words"), *CRITERIA)

    def __init__(self, save: Callable[[NewCode], str | None], name: str = "", *,
                 quick: bool = False, title: str = "New code") -> None:
        super().__init__(title, QUICK_HINT if quick else HINT, {"name": name})
        self.save = save
        self.quick = quick

    def entered(self, field: Input) -> None:
        if field.id == "name" and not self.quick and not self.values()["definition"]:
            self.query_one("#definition", TextArea).focus()  # ask for it first
        else:
            self.action_save()

    def what(self) -> str:
        name = self.values()["name"]
        if not name:
            return "the new code"
        short = name if len(name) <= 40 else name[:39] + "…"
        return f"the new code {short!r}"

    def store(self, values: dict[str, str]) -> str | None:
        if not values["name"]:
            self.notify("a new code needs a name", severity="warning")
            self.query_one("#name", Input).focus()
            return None
        return self.save(NewCode(values["name"], values["definition"], values["include"],
                                 values["exclude"], listed(values["keywords"])))
