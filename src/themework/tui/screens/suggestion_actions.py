"""Keyword suggestions on the Code screen: ask for them, accept or reject one under the cursor.

``G`` asks the language service for codings of the open transcript from the codebook's
keywords (in a worker); ``a``/``X`` accept or reject the suggestion under the reader's cursor
(a rejected one does not come back). The bindings stay on the screen.
"""

from __future__ import annotations

from themework.domain.plural import plural
from themework.tui.screens.base import PhaseScreen
from themework.tui.screens.code_data import suggestion_options
from themework.tui.screens.code_view import CodeView
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.transcript_view import TranscriptView


class SuggestionActions(PhaseScreen):
    transcript: str | None
    view: CodeView | None

    def action_suggest(self) -> None:
        if self.transcript is None:
            return
        name = self.transcript

        def done(n: int) -> None:
            self.notify(f"{plural(n, 'new suggestion')} in {name}" if n else "no new suggestions")
            if n:
                self.changed(f"suggested {plural(n, 'coding')} in {name}")

        self.notify("looking for keyword matches...")
        in_thread(self.app, lambda: self.wb.language.suggest(transcript=name), done,
                  group="suggest")

    def action_suggestion(self, accept: bool) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        reader = self.query_one(TranscriptView)
        here = [m for m in reader.marks_at(reader.cursor_offset) if m.kind == "suggestion"]
        if not here:
            self.notify("no suggestion under the cursor (G suggests codings)", severity="warning")
            return

        def decide(ref: int) -> None:
            self.write(lambda: self.wb.language.decide(ref, accept),
                       lambda _: self.changed(
                           f"{'accepted' if accept else 'rejected'} suggestion {ref}"))

        if len(here) == 1:
            decide(here[0].ref)
            return
        assert self.view is not None
        opts = suggestion_options(self.view, [m.ref for m in here])
        self.app.push_screen(ChooseScreen("Which suggestion?", opts),
                             lambda v: decide(int(v)) if v else None)
