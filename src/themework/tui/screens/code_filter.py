"""What the Code screen's reader shows: every turn, or only the turns carrying one code, and
the stripes' data for it. Plain data from ``CodeView``; nothing here touches Textual.

Filtering shows a derived text made of whole lines of the transcript, with each line's real
start offset (``domain.turn_filter``), so that selections, marks and codings keep real
offsets; a selection that would run over hidden turns is refused (``refusal``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from themework.domain import turn_filter
from themework.domain.plural import plural
from themework.domain.stripes import Cover, Span, by_line
from themework.domain.turn_filter import Filtered, TurnRange
from themework.services.coding import Extract
from themework.services.dto import TranscriptText, TurnInfo
from themework.tui.screens.code_view import CodeView


@dataclass
class TurnFilter:
    """The code whose turns the reader shows (``None``: every turn), and what that gives."""

    code: str | None = None
    shown: Filtered | None = None  # None: the whole transcript is shown

    def apply(self, text: TranscriptText, extracts: Sequence[Extract]) -> bool:
        """Work out the shown lines for ``text``, whose codings are ``extracts``; whether any
        turn carries the code (when none does, the filter stays as it was for the caller to
        clear)."""
        if self.code is None:
            self.shown = None
            return True
        spans = [(e.start, e.end) for e in extracts if e.code == self.code]
        keep = turn_filter.turns_carrying(_ranges(text.turns), spans)
        if not keep:
            return False
        self.shown = turn_filter.keep_turns(text.text, _ranges(text.turns), keep)
        return True

    def text(self, text: TranscriptText) -> tuple[str, list[int] | None]:
        """The reader's text and its real line starts (``None``: the text's own)."""
        if self.shown is None:
            return text.text, None
        return self.shown.text, list(self.shown.line_starts)

    def clip(self, start: int, end: int) -> tuple[int, int] | None:
        if self.shown is None:
            return start, end
        return turn_filter.clip(self.shown, start, end)

    def stops(self, extracts: Sequence[Extract], code: str) -> list[int]:
        """Where ``}`` and ``{`` stop for ``code``'s codings: the start of the part of each
        that shows, none for one the filter hides; one stop per start (two coders' codings
        often share one)."""
        return sorted({part[0] for e in extracts if e.code == code
                       and (part := self.clip(e.start, e.end)) is not None})

    def turns(self, turns: tuple[TurnInfo, ...]) -> list[TurnInfo]:
        if self.shown is None:
            return list(turns)
        keep = set(self.shown.turns)
        return [t for t in turns if t.index in keep]

    def refusal(self, span: tuple[int, int]) -> str | None:
        """Why ``span`` cannot be coded in this view (``None``: it can)."""
        if self.shown is None or not turn_filter.crosses_hidden(self.shown, *span):
            return None
        return ("the selection runs over turns the filter hides: select within the turns "
                "shown, or clear the filter with f")

    def banner(self, view: CodeView, total: int) -> str:
        if self.shown is None or self.code is None:
            return ""
        name = next((c.name for c in view.codes if c.id == self.code), self.code)
        tag = view.tags.get(self.code, "?")
        return (f"filter: only the {plural(len(self.shown.turns), 'turn')} (of {total}) "
                f"coded {tag} {name} · f shows every turn again")


def stops_shown(text: TranscriptText, extracts: Sequence[Extract], code: str,
                filter_code: str) -> list[int]:
    """``TurnFilter.stops`` in a transcript not shown: ``text`` with its codings ``extracts``
    (of ``code`` and ``filter_code`` at least) seen through a filter on ``filter_code``."""
    filt = TurnFilter(filter_code)
    return filt.stops(extracts, code) if filt.apply(text, extracts) else []


def _ranges(turns: tuple[TurnInfo, ...]) -> list[TurnRange]:
    return [TurnRange(t.index, t.label_start, t.end) for t in turns]


def stripe_rows(view: CodeView, filt: TurnFilter, line_starts: list[int]
                ) -> dict[int, tuple[Cover, ...]]:
    """The stripes' data: reader line -> the codes (and suggestions) covering it."""
    spans: list[Span] = []
    for e in view.extracts:
        part = filt.clip(e.start, e.end)
        if part is not None:
            spans.append(Span(e.code, *part, memo=e.id in view.memos))
    for sg in view.suggestions:
        part = filt.clip(sg.start, sg.end)
        if part is not None:
            spans.append(Span(sg.code, *part, suggested=True))
    return by_line(spans, line_starts)
