"""The Familiarise screen's notes: ``n`` on the turn being read (``N`` on the whole
transcript) and ``j`` the reflexive journal, each written in a dialog that keeps its draft.
The bindings stay on the screen, which owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TabbedContent

from themework.tui.services_bridge import guard
from themework.tui.widgets.familiarise_notes import MemoList

if TYPE_CHECKING:
    from themework.tui.screens.familiarise import FamiliariseScreen


class NoteWriter:
    """Writes familiarisation notes and journal entries for the screen."""

    def __init__(self, screen: FamiliariseScreen) -> None:
        self.screen = screen

    def write(self, title: str, on: str, kind: str, summary: str,
              turn: int | None = None) -> None:
        from themework.tui.dialogs.prompt import PromptScreen
        from themework.tui.unsaved import DraftKeeper

        screen = self.screen

        def save(text: str) -> bool:
            """Store the note; whether it was stored (an error keeps the dialog open)."""
            if not text.strip():
                return True  # nothing to store
            stored = guard(screen.app, lambda: screen.wb.memos.add(on, text.strip(), kind=kind,
                                                                   turn=turn))
            if stored is None:
                return False
            screen.changed(summary)
            return True

        # The Notes tab comes forward first, so that focus comes back to a visible widget.
        screen.query_one(TabbedContent).active = "fam-notes-tab"
        focused = screen.focused
        if focused is not None and screen.query_one("#fam-search-tab") in focused.ancestors:
            screen.set_focus(screen.query_one("#fam-notes", MemoList))
        keeper = DraftKeeper(screen.app, screen.wb, kind, on)
        screen.app.push_screen(PromptScreen(title, multiline=True, save=save, keeper=keeper))

    def note(self, on_turn: bool = True) -> None:
        """A note on the turn being read (in the preamble, or with ``N``: the transcript)."""
        reading = self.screen.reading
        if reading is None:
            return
        name = reading.name
        turn = self.screen.turn_here() if on_turn else None
        if turn is None:
            self.write(f"Familiarisation note on {name} (the whole transcript)",
                       f"transcript:{name}", "note", f"added a note on {name}")
            return
        self.write(f"Familiarisation note on {name}, turn {turn.index} (N: on the whole "
                   "transcript)", f"transcript:{name}", "note",
                   f"added a note on {name} turn {turn.index}", turn=turn.index)

    def journal(self) -> None:
        self.write("Reflexive journal entry (dated today)", "project", "journal",
                   "added a journal entry")
