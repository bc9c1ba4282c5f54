"""A new code: its name and definition, with inclusion, exclusion and keywords a Tab away.

One compact form that fits 80x24. Tab and shift+Tab move between the fields; ctrl+s saves
from any of them, and so does Enter in a one-line field, except that Enter in the name moves
on to an empty definition (the form asks for one; ctrl+s saves without it). The in-vivo form
(``quick``) comes with the selected words as the name and saves on Enter at once, so ``n``
then Enter still codes in two keys. Esc closes at once when nothing was typed; otherwise it
asks Save / Discard / Cancel (``tui.unsaved``), as quitting the app with the form open does.
A save that fails (a name already taken) shows why and keeps the form open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea


@dataclass(frozen=True)
class NewCode:
    name: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    keywords: tuple[str, ...] = field(default=())


AREAS = ("definition", "include", "exclude")
HINT = "Tab: next field · Enter: definition next · ctrl+s saves · Esc cancels"
QUICK_HINT = ("Enter or ctrl+s saves · Tab adds a definition, inclusion, exclusion and "
              "keywords · Esc cancels")


class NewCodeScreen(ModalScreen[str | None]):
    """Dismissed with the new code's id (``None``: cancelled). ``save`` stores the code and
    returns its id, or ``None`` when it could not (it has said why)."""

    DEFAULT_CSS = """
    NewCodeScreen { align: center middle; }
    NewCodeScreen > Vertical {
        width: 76; max-width: 98%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NewCodeScreen Horizontal { height: auto; margin-top: 1; }
    NewCodeScreen .field { width: 11; color: $text-muted; }
    /* Compact fields have no border: a shade shows where each one is, a brighter one and
       the cursor which has the focus. */
    NewCodeScreen Input, NewCodeScreen TextArea { width: 1fr; background: $boost; }
    NewCodeScreen Input:focus, NewCodeScreen TextArea:focus { background: $primary 25%; }
    NewCodeScreen #name, NewCodeScreen #keywords { padding: 0 1; }  /* as in a TextArea */
    NewCodeScreen #definition { height: 4; }
    NewCodeScreen #include, NewCodeScreen #exclude { height: 2; }
    NewCodeScreen #title { width: 1fr; text-style: bold; }
    NewCodeScreen #hint { width: 1fr; color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, save: Callable[[NewCode], str | None], name: str = "", *,
                 quick: bool = False, title: str = "New code") -> None:
        super().__init__()
        self.save = save
        self.initial_name = name
        self.quick = quick
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="title", markup=False)
            with Horizontal():
                yield Label("Name", classes="field")
                yield Input(self.initial_name, placeholder="a few words", id="name",
                            compact=True)
            with Horizontal():
                yield Label("Definition", classes="field")
                yield TextArea(id="definition", compact=True,
                               placeholder="what the code captures")
            with Horizontal():
                yield Label("Include", classes="field")
                yield TextArea(id="include", compact=True, placeholder="code it when ...")
            with Horizontal():
                yield Label("Exclude", classes="field")
                yield TextArea(id="exclude", compact=True,
                               placeholder="do not code it when ... (use ... instead)")
            with Horizontal():
                yield Label("Keywords", classes="field")
                yield Input(placeholder="comma-separated, for suggestions", id="keywords",
                            compact=True)
            yield Label(QUICK_HINT if self.quick else HINT, id="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def typed(self) -> NewCode:
        def area(name: str) -> str:
            return self.query_one(f"#{name}", TextArea).text.strip()

        raw = self.query_one("#keywords", Input).value
        return NewCode(
            name=self.query_one("#name", Input).value.strip(),
            definition=area("definition"),
            include=area("include"),
            exclude=area("exclude"),
            keywords=tuple(k.strip() for k in raw.split(",") if k.strip()),
        )

    @on(Input.Submitted, "#name")
    def _name_entered(self) -> None:
        if self.quick or self.typed().definition:
            self.action_save()
        else:
            self.query_one("#definition", TextArea).focus()

    @on(Input.Submitted, "#keywords")
    def _keywords_entered(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.save_unsaved()

    def action_cancel(self) -> None:
        from themework.tui.unsaved import settle_then

        if self.unsaved():
            # Save and Discard close the form themselves; Cancel keeps it open.
            settle_then(self.app, [self], lambda: None, "closing it")
        else:
            self.dismiss(None)

    # -- tui.unsaved.HoldsEdits --------------------------------------------------------------
    def unsaved(self) -> str | None:
        if not self.is_attached:
            return None
        typed = self.typed()
        if typed == NewCode(self.initial_name.strip()):
            return None
        if not typed.name:
            return "the new code"
        short = typed.name if len(typed.name) <= 40 else typed.name[:39] + "…"
        return f"the new code {short!r}"

    def save_unsaved(self) -> bool:
        code = self.typed()
        if not code.name:
            self.notify("a new code needs a name", severity="warning")
            self.query_one("#name", Input).focus()
            return False
        made = self.save(code)
        if made is None:
            return False  # the error was shown; what was typed stays
        self.dismiss(made)
        return True

    def discard_unsaved(self) -> None:
        self.dismiss(None)
