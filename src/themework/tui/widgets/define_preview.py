"""The narrative as the report will show it: ``{{extract:ID}}`` resolved to the quote.

``narrative_markdown`` is plain (no Textual); ``NarrativePreview`` renders it. Quotes go
through the report's own escaping, so a participant's words never read as Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.widgets import Markdown

from themework.domain.narrative import narrative_pieces
from themework.export.markdown import blockquote
from themework.export.model import Quote
from themework.services.coding import Extract

EMPTY = "*No analytic narrative yet. Write it in the editor; ctrl+e embeds an extract.*"


def quote_of(e: Extract) -> Quote:
    """A quote for the preview, attributed as plainly as the extract allows."""
    if e.turn is None:
        reference = e.transcript
    elif e.participant == e.transcript:
        reference = f"turn {e.turn}"
    else:
        reference = f"{e.transcript}, turn {e.turn}"
    who = e.participant or e.speaker or "Interviewer"
    return Quote(e.id, e.text, who, reference)


def narrative_markdown(narrative: str, extracts: Mapping[int, Extract],
                       pending: frozenset[int] = frozenset()) -> str:
    """Markdown for the preview: the narrative's text with each reference replaced by its
    extract as a block quote (or a note when the extract is being fetched or is unknown)."""
    out: list[str] = []
    for piece in narrative_pieces(narrative):
        if isinstance(piece, str):
            out.append(piece.strip())
            continue
        e = extracts.get(piece)
        if e is not None:
            out.append(blockquote(quote_of(e)))
        elif piece in pending:
            out.append(f"> *[extract {piece}: loading]*")
        else:
            out.append(f"> *[extract {piece} does not exist: saving will be refused]*")
    return "\n\n".join(out) or EMPTY


class NarrativePreview(Markdown):
    DEFAULT_CSS = """
    NarrativePreview { margin: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        # Links are shown, never opened: nothing here reaches the network.
        super().__init__(EMPTY, id=id, open_links=False)
        self.shown = EMPTY

    def show(self, narrative: str, extracts: Mapping[int, Extract],
             pending: frozenset[int] = frozenset()) -> None:
        text = narrative_markdown(narrative, extracts, pending)
        if text != self.shown:
            self.shown = text
            self.update(text)
