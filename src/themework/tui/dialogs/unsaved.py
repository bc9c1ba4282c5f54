"""Unsaved text: Save / Discard / Cancel before leaving, and Restore / Discard for a draft
left by a crash. One small dialog with a key per answer (and buttons for a mouse)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class DecideScreen(ModalScreen[str]):
    """Ask a question with a few answers, each on its own key; Esc gives ``cancel``."""

    DEFAULT_CSS = """
    DecideScreen { align: center middle; }
    DecideScreen > Vertical {
        width: 64; max-width: 95%; height: auto; border: round $warning;
        background: $surface; padding: 0 1;
    }
    DecideScreen Label { width: 100%; }
    DecideScreen Horizontal { height: auto; margin-top: 1; }
    DecideScreen Button { margin-right: 1; min-width: 12; }
    DecideScreen #hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer('cancel')", "Cancel", id="dialog.cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, answers: list[tuple[str, str, str]], hint: str) -> None:
        """``answers``: (key, label, value), the first is the default (Enter)."""
        super().__init__()
        self.question = question
        self.answers = answers
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            with Horizontal():
                for key, label, value in self.answers:
                    yield Button(f"{label} ({key})", id=f"answer-{value}", compact=True)
            yield Label(self.hint, id="hint", markup=False)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for key, _, value in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "answer-cancel").removeprefix("answer-"))

    def action_answer(self, value: str) -> None:
        self.dismiss(value)


def unsaved_screen(what: str, doing: str) -> DecideScreen:
    """Save / Discard / Cancel for unsaved ``what`` before ``doing`` (e.g. "quitting")."""
    return DecideScreen(
        f"Unsaved: {what}. Save it before {doing}?",
        [("s", "Save", "save"), ("d", "Discard", "discard"), ("c", "Cancel", "cancel")],
        "s saves · d discards it · c or Esc cancels: you stay, with the text as it is",
    )


def draft_screen(when: str, what: str) -> DecideScreen:
    """Restore / Discard for a draft left unsaved (by a crash, or a closed terminal)."""
    return DecideScreen(
        f"A draft of {what} from {when} was not saved.",
        [("r", "Restore", "restore"), ("d", "Discard", "discard")],
        "r puts the draft back in the editor (still unsaved) · d drops it · Esc: ask later",
    )


class EditsDialog(ModalScreen[str | None]):
    """A dialog that holds typed text (``tui.unsaved.HoldsEdits``): ctrl+s saves it, and Esc
    closes at once when nothing is unsaved, else asks Save / Discard / Cancel first."""

    def unsaved(self) -> str | None:
        raise NotImplementedError

    def save_unsaved(self, then: Callable[[], None]) -> None:
        raise NotImplementedError

    def action_save(self) -> None:
        self.save_unsaved(lambda: None)

    def action_cancel(self) -> None:
        from themework.tui.unsaved import settle_then

        if self.unsaved():
            # Save and Discard close the dialog themselves; Cancel keeps it open.
            settle_then(self.app, [self], lambda: None, "closing it")
        else:
            self.dismiss(None)
