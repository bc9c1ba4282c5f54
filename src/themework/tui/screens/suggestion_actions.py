"""Keyword suggestions on the Code screen: ask for them, accept or reject one under the cursor.

``G`` asks the language service for codings of the open transcript from the codebook's
keywords (in a worker); ``a``/``X`` accept or reject the suggestion under the reader's cursor
(a rejected one does not come back). ``Suggestions`` is a part the screen owns
(``screen.suggestions``), not a base class: the bindings stay on the screen and call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.domain.plural import plural
from themework.tui.screens.code_data import suggestion_options
from themework.tui.services_bridge import in_thread

if TYPE_CHECKING:
    from themework.tui.screens.code import CodeScreen


class Suggestions:
    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen

    def suggest(self) -> None:
        screen = self.screen
        if screen.transcript is None:
            return
        name = screen.transcript

        def done(n: int) -> None:
            screen.notify(f"{plural(n, 'new suggestion')} in {name}" if n
                          else "no new suggestions")
            if n:
                screen.changed(f"suggested {plural(n, 'coding')} in {name}", name)

        screen.notify("looking for keyword matches...")
        in_thread(screen.app, lambda: screen.wb.language.suggest(transcript=name), done,
                  group="suggest")

    def decide(self, accept: bool) -> None:
        """Accept or reject the suggestion under the cursor (asking which, if several)."""
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen
        name = screen.transcript
        here = [m for m in screen.here.marks_here() if m.kind == "suggestion"]
        if not here:
            screen.notify("no suggestion under the cursor (G suggests codings)",
                          severity="warning")
            return

        def decide(ref: int) -> None:
            screen.write(lambda: screen.wb.language.decide(ref, accept),
                         lambda _: screen.changed(
                             f"{'accepted' if accept else 'rejected'} suggestion {ref}", name))

        if len(here) == 1:
            decide(here[0].ref)
            return
        assert screen.view is not None
        opts = suggestion_options(screen.view, [m.ref for m in here])
        screen.app.push_screen(ChooseScreen("Which suggestion?", opts),
                               lambda v: decide(int(v)) if v else None)
