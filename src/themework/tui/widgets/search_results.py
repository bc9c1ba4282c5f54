"""Full-text search hits as a keyboard list: transcript, turn, speaker, and the words in context."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from themework.services.dto import SearchHit

_MATCH = re.compile(r"\[([^\[\]]*)\]")
_HIT = Style(bold=True, underline=True)  # matched words: never colour alone


def snippet_text(snippet: str) -> Text:
    """The service's snippet with its ``[match]`` markers kept and the matches emphasised."""
    text = Text()
    at = 0
    for m in _MATCH.finditer(snippet):
        text.append(snippet[at : m.start()])
        text.append(m.group(0), style=_HIT)
        at = m.end()
    text.append(snippet[at:])
    return text


class SearchResults(OptionList):
    """The hits. Letters typed here go on with the query in the search box (``TypedAhead``):
    someone typing words means to search, not to run the screen's one-letter commands (a
    note dialog opened under their fingers). ``g`` stays the results' own key."""

    DEFAULT_CSS = """
    SearchResults { height: 1fr; border: none; }
    SearchResults:focus { border: none; }
    """
    OWN_LETTERS = frozenset("g")

    class TypedAhead(Message):
        """A letter typed on the results, for the search box."""

        def __init__(self, results: SearchResults, character: str) -> None:
            super().__init__()
            self.results = results
            self.character = character

        @property
        def control(self) -> SearchResults:
            return self.results

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: tuple[SearchHit, ...] = ()

    def show(self, hits: Sequence[SearchHit]) -> None:
        self.hits = tuple(hits)
        self.clear_options()
        options = []
        for i, h in enumerate(self.hits):
            prompt = Text.assemble((f"{h.transcript} · turn {h.turn} · {h.speaker}", "bold"), "\n")
            prompt.append_text(snippet_text(h.snippet))
            options.append(Option(prompt, id=str(i)))
        self.add_options(options)
        if options:
            self.highlighted = 0

    def _typed_ahead(self, character: str | None) -> bool:
        return (character is not None and character.isalpha()
                and character not in self.OWN_LETTERS)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return self._typed_ahead(character)

    async def _on_key(self, event: events.Key) -> None:
        if self._typed_ahead(event.character):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(self, event.character or ""))

    @property
    def hit(self) -> SearchHit | None:
        """The highlighted hit."""
        i = self.highlighted
        return self.hits[i] if i is not None and i < len(self.hits) else None
