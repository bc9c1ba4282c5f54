"""The Familiarise screen's word counts: ``w`` the most frequent words, ``e`` those unusually
frequent against general English, ``b`` the distinctive words of each group of a participant
attribute; counted in a worker into the Words tab. The bindings stay on the screen, which
owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.services.dto import ParticipantInfo
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.words_panel import WordsPanel

if TYPE_CHECKING:
    from themework.tui.screens.familiarise import FamiliariseScreen


class WordCounts:
    """Fills the Words tab for the screen."""

    def __init__(self, screen: FamiliariseScreen) -> None:
        self.screen = screen

    def show(self, by: str | None = None, reference: str | None = None) -> None:
        screen = self.screen
        screen.show_panel("fam-words-tab")
        screen.query_one("#fam-words-tab VerticalScroll").focus()  # arrows scroll the words
        panel = screen.query_one("#fam-words", WordsPanel)
        heading = (
            f"distinctive words by {by} (log-likelihood against the other groups)" if by
            else "words unusually frequent compared with general English" if reference
            else "most frequent words in participants' turns (lemmas, no stop words)"
        )
        panel.update("counting words (the first time reads every transcript)...")
        wb = screen.wb
        in_thread(
            screen.app,
            lambda: wb.language.words(by=by, top=12 if by else 20, reference=reference),
            lambda rows: panel.show(rows, heading),
            group="words",
        )

    def by_attribute(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen

        def ask(people: list[ParticipantInfo]) -> None:
            keys = sorted({k for p in people for k in p.attributes})
            if not keys:
                screen.notify("no participant attributes to group by", severity="warning")
                return
            screen.app.push_screen(
                ChooseScreen("Words by which attribute?", [(k, k) for k in keys]),
                lambda k: self.show(by=k) if k else None,
            )

        in_thread(screen.app, screen.wb.participants.list, ask, group="fam-people",
                  holds_keys=True)
