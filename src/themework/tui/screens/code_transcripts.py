"""The Code screen's transcripts: the side panel's list with each transcript's count of
codings, and ``o``'s picker. The bindings stay on the screen, which owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from themework.tui.screens.code_data import transcript_choice
from themework.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from themework.services.dto import TranscriptInfo
    from themework.tui.screens.code import CodeScreen


def label(t: TranscriptInfo) -> str:
    """A transcript in the side panel's list: its name and count of codings."""
    return f"{t.name}  ({t.codings})"


class TranscriptList:
    """The transcripts list as last drawn, and opening a transcript the researcher chose."""

    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen
        self.listed: list[tuple[str, str]] = []  # the transcripts list: (name, label)

    def fill(self, only: str | None = None) -> None:
        """Draw the list; with ``only``, just that transcript's count changed, if anything."""
        view = self.screen.view
        assert view is not None
        ol = self.screen.query_one("#transcripts", OptionList)
        if only is not None:
            at = next((i for i, (name, _) in enumerate(self.listed) if name == only), None)
            t = next((t for t in view.transcripts if t.name == only), None)
            if at is not None and t is not None:
                if label(t) != self.listed[at][1]:
                    ol.replace_option_prompt(only, Text(label(t)))
                    self.listed[at] = (only, label(t))
                return
        entries = [(t.name, label(t)) for t in view.transcripts]
        if [name for name, _ in entries] == [name for name, _ in self.listed]:
            # The same transcripts: only changed counts are redrawn (listing 1,000 again
            # after every coding took a quarter of a second).
            for (name, shown), (_, was) in zip(entries, self.listed, strict=True):
                if shown != was:
                    ol.replace_option_prompt(name, Text(shown))
        else:
            ol.clear_options()
            ol.add_options([Option(Text(shown), id=name) for name, shown in entries])
        self.listed = entries
        for i, t in enumerate(view.transcripts):
            if t.name == self.screen.transcript:
                ol.highlighted = i

    def open_to_read(self, name: str) -> None:
        """Open a transcript the researcher chose, and move to the reader to read it."""
        self.screen.open(name)
        self.screen.query_one(TranscriptView).focus()

    def choose(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        view = self.screen.view
        if view is None:
            return
        opts = [(transcript_choice(t), t.name) for t in view.transcripts]
        self.screen.app.push_screen(
            ChooseScreen("Open which transcript?", opts),
            lambda v: self.open_to_read(v) if v else None,
        )
