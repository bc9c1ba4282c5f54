"""Ask for a line (or a few lines) of text.

A multi-line prompt given a ``save`` function saves through it and stays open when saving
fails; with a ``DraftKeeper`` the text is kept as a draft while it is typed and offered back
next time. Such a prompt asks Save / Discard / Cancel before its text is dropped (Esc, or
quitting the app).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from themework.tui.dialogs.unsaved import EditsDialog

if TYPE_CHECKING:
    from themework.services.drafts import DraftInfo
    from themework.tui.unsaved import DraftKeeper


class PromptScreen(EditsDialog):
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 76; max-width: 95%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    PromptScreen TextArea { height: 8; }
    PromptScreen Label { width: 1fr; }
    PromptScreen #hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
    ]

    def __init__(self, title: str, value: str = "", multiline: bool = False,
                 hint: str = "", *, save: Callable[[str], bool] | None = None,
                 keeper: DraftKeeper | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.multiline = multiline
        self.hint = hint
        self.save = save
        self.keeper = keeper

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            if self.multiline:
                yield TextArea(self.value, id="text", soft_wrap=True)
                yield Label(self.hint or "ctrl+s saves · Esc cancels", id="hint")
            else:
                yield Input(self.value, id="text")
                yield Label(self.hint or "Enter saves · Esc cancels", id="hint")

    def on_mount(self) -> None:
        self.query_one("#text").focus()
        if self.keeper is not None:
            self.keeper.offer(self._what(), self._draft_differs, self._restore)

    def typed_text(self) -> str:
        widget = self.query_one("#text")
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def _what(self) -> str:
        return "the " + self.title_text[:1].lower() + self.title_text[1:]

    def _draft_differs(self, draft: DraftInfo) -> bool:
        return draft.content.get("text", "").strip() not in ("", self.typed_text().strip())

    def _restore(self, draft: DraftInfo) -> None:
        widget = self.query_one("#text")
        if isinstance(widget, TextArea):
            widget.load_text(draft.content.get("text", ""))

    @on(TextArea.Changed, "#text")
    def _typed(self, event: TextArea.Changed) -> None:
        if self.keeper is None or event.text_area.text == self.value:
            return  # (nothing typed yet: a draft left last time is still on offer)
        text = event.text_area.text
        if text.strip():
            self.keeper.changed({"text": text})
        else:
            self.keeper.drop()

    @on(Input.Submitted, "#text")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    # -- tui.unsaved.HoldsEdits --------------------------------------------------------------
    def unsaved(self) -> str | None:
        if self.save is None or not self.multiline or not self.is_attached:
            return None
        text = self.typed_text()
        return self._what() if text.strip() and text != self.value else None

    def save_unsaved(self, then: Callable[[], None]) -> None:
        text = self.typed_text()
        if self.save is not None and not self.save(text):
            return  # the error was shown; the text stays
        if self.keeper is not None:
            self.keeper.drop()
        self.dismiss(text)
        then()

    def discard_unsaved(self) -> None:
        if self.keeper is not None:
            self.keeper.drop()
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 95%; height: auto; border: round $warning;
        background: $surface; padding: 0 1;
    }
    ConfirmScreen Label { width: 1fr; }  /* wraps: a question is never cut */
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Label("y: yes · n: no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
