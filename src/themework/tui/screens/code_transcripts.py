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
    from themework.tui.screens.code import CodeScreen


class TranscriptList:
    """The transcripts list as last drawn, and opening a transcript the researcher chose."""

    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen
        self.listed: list[tuple[str, str]] = []  # the transcripts list: (name, label)

    def fill(self) -> None:
        view = self.screen.view
        assert view is not None
        ol = self.screen.query_one("#transcripts", OptionList)
        entries = [(t.name, f"{t.name}  ({t.codings})") for t in view.transcripts]
        if [name for name, _ in entries] == [name for name, _ in self.listed]:
            # The same transcripts: only changed counts are redrawn (listing 1,000 again
            # after every coding took a quarter of a second).
            for (name, label), (_, was) in zip(entries, self.listed, strict=True):
                if label != was:
                    ol.replace_option_prompt(name, Text(label))
        else:
            ol.clear_options()
            ol.add_options([Option(Text(label), id=name) for name, label in entries])
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
