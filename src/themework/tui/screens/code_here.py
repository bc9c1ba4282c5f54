"""The Code screen's actions on the coding under the cursor: ``x`` removes it (asking first
when it is someone else's), ``m`` adds a memo to it; with several codings there, a picker asks
which. The bindings stay on the screen, which owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from themework.tui.screens.code_data import coding_options, others_coding
from themework.tui.services_bridge import guard
from themework.tui.widgets.transcript_view import Mark, TranscriptView

if TYPE_CHECKING:
    from themework.tui.screens.code import CodeScreen


class CodingsHere:
    """The codings under the reader's cursor, and what can be done to one of them."""

    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen

    def marks_here(self) -> list[Mark]:
        """The marks "here", as the status line names them and ``x``, ``m``, ``a`` and ``X``
        act on them: a selection's are where it starts (the cursor stands after its end, so
        after coding a selection it is past the new coding); on a speaker's label, those at
        the start of what they said."""
        reader = self.screen.query_one(TranscriptView)
        chosen = reader.selection_offsets()
        offset = chosen[0] if chosen else reader.cursor_offset
        turn = self.screen.turn_here()
        if turn is not None and offset < turn.start:
            offset = turn.start
        return reader.marks_at(offset)

    def marks(self) -> list[Mark]:
        return [m for m in self.marks_here() if m.kind == "coding"]

    def one(self, then: Any) -> None:
        """Hand ``then`` the id of the coding here, asking which when there are several."""
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen
        marks = self.marks()
        if not marks:
            screen.notify("no coding under the cursor", severity="warning")
            return
        if len(marks) == 1:
            then(marks[0].ref)
            return
        assert screen.view is not None
        opts = coding_options(screen.view, [m.ref for m in marks])
        screen.app.push_screen(
            ChooseScreen("Which coding?", opts), lambda v: then(int(v)) if v else None
        )

    def remove(self) -> None:
        from themework.tui.dialogs.prompt import ConfirmScreen

        screen = self.screen
        transcript = screen.transcript

        def remove(coding_id: int) -> None:
            screen.write(lambda: screen.wb.coding.remove([coding_id]),
                         lambda n: screen.changed(f"removed coding {coding_id} (ctrl+z undoes)",
                                                  transcript) if n else None)

        def ask(coding_id: int) -> None:
            # Someone else's work is not removed on one key: say whose it is first.
            assert screen.view is not None
            question = others_coding(screen.view, coding_id, screen.workbench_app.coder)
            if question is None:
                remove(coding_id)
                return
            screen.app.push_screen(ConfirmScreen(question),
                                   lambda yes: remove(coding_id) if yes else None)

        self.one(ask)

    def memo(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen
        from themework.tui.unsaved import DraftKeeper

        screen = self.screen
        transcript = screen.transcript

        def memo(coding_id: int) -> None:
            def save(text: str) -> bool:
                """Store the memo; whether it was stored (an error keeps the dialog open)."""
                if not text.strip():
                    return True
                if guard(screen.app,
                         lambda: screen.wb.memos.add(f"coding:{coding_id}", text)) is None:
                    return False
                screen.changed(f"memo on coding {coding_id}", transcript)
                return True

            # The draft hangs on the transcript, so that it goes with it (a withdrawal too).
            keeper = None if transcript is None else DraftKeeper(
                screen.app, screen.wb, f"memo-{coding_id}", f"transcript:{transcript}")
            screen.app.push_screen(PromptScreen(f"Memo on coding {coding_id}", multiline=True,
                                                save=save, keeper=keeper))

        self.one(memo)
