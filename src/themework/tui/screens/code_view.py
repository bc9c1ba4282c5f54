"""Plain data the Code screen shows, built in a worker from the services."""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import dataclass, field, replace

from themework.services.codes import CodeInfo
from themework.services.coding import Extract, extract_order
from themework.services.dto import TranscriptInfo, TranscriptText
from themework.services.language import SuggestionInfo
from themework.services.workbench import Workbench

_SMALL = {"of", "and", "the", "a", "an", "in", "on", "to", "for", "with", "about", "through"}


def tags_for(codes: list[CodeInfo]) -> dict[str, str]:
    """Short unique tags (initials) so that code marks never rely on colour alone."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for c in codes:
        words = [w for w in re.findall(r"[A-Za-z0-9]+", c.name) if w.lower() not in _SMALL]
        base = "".join(w[0] for w in words[:3]).upper() or c.id[:2].upper()
        tag, n = base, 2
        while tag in used:
            tag = f"{base}{n}"
            n += 1
        used.add(tag)
        out[c.id] = tag
    return out


@dataclass(frozen=True)
class CodeView:
    transcripts: tuple[TranscriptInfo, ...]
    codes: tuple[CodeInfo, ...]
    tags: dict[str, str]
    text: TranscriptText | None
    extracts: tuple[Extract, ...]
    suggestions: tuple[SuggestionInfo, ...] = ()
    memos: dict[int, int] = field(default_factory=dict)  # coding id -> memos on it


def load(wb: Workbench, transcript: str | None, blind_as: str | None = None) -> CodeView:
    """What the Code screen shows; ``blind_as`` hides every other coder's codings and counts."""
    transcripts = tuple(wb.transcripts.list())
    codes = tuple(wb.codes.list(coder=blind_as))
    if blind_as is not None:
        # One grouped count, not a query per transcript.
        mine = wb.transcripts.coding_progress(coder=blind_as)
        transcripts = tuple(replace(t, codings=mine.get((t.name, blind_as), 0))
                            for t in transcripts)
    if transcript is None and transcripts:
        transcript = transcripts[0].name
    text = wb.transcripts.text(transcript) if transcript else None
    extracts = (
        tuple(wb.coding.extracts(transcript=transcript, coder=blind_as)) if transcript else ()
    )
    pending = tuple(wb.language.suggestions(transcript)) if transcript else ()
    memos = wb.memos.on_codings(transcript) if transcript else {}
    return CodeView(transcripts, codes, tags_for(list(codes)), text, extracts, pending, memos)


@dataclass(frozen=True)
class Codings:
    """What a coding made here changes: the codes (their counts too), and one transcript's
    codings, suggestions and memos."""

    transcript: str
    codes: tuple[CodeInfo, ...]
    extracts: tuple[Extract, ...]
    suggestions: tuple[SuggestionInfo, ...]
    memos: dict[int, int]


def load_codings(wb: Workbench, transcript: str, blind_as: str | None = None) -> Codings:
    """Read again what a coding in ``transcript`` changes: not its text, nor the list of
    transcripts (reading them again took most of the time after each coding at 1,000
    transcripts). Another coder's work elsewhere shows at the next ``load``."""
    return Codings(transcript, tuple(wb.codes.list(coder=blind_as)),
                   tuple(wb.coding.extracts(transcript=transcript, coder=blind_as)),
                   tuple(wb.language.suggestions(transcript)),
                   wb.memos.on_codings(transcript))


def with_codings(view: CodeView, new: Codings) -> CodeView:
    """``view`` with ``new`` in place of what it showed of them, the transcript's count of
    codings included: every coding there is an extract (blind: the coder's own ones)."""
    transcripts = tuple(replace(t, codings=len(new.extracts)) if t.name == new.transcript
                        else t for t in view.transcripts)
    return replace(view, transcripts=transcripts, codes=new.codes, tags=tags_for(list(new.codes)),
                   extracts=new.extracts, suggestions=new.suggestions, memos=new.memos)


def with_coding(view: CodeView, e: Extract) -> CodeView | None:
    """``view`` with ``e``, a coding just made in the transcript it shows, added where a
    reload would put it, and counted in its code and its transcript; None when ``view``
    cannot show it so (another transcript, or a code it does not list yet)."""
    if view.text is None or view.text.name != e.transcript or e.code not in view.tags:
        return None
    extracts = list(view.extracts)
    insort(extracts, e, key=extract_order)
    codes = tuple(replace(c, codings=c.codings + 1) if c.id == e.code else c
                  for c in view.codes)
    transcripts = tuple(replace(t, codings=t.codings + 1) if t.name == e.transcript else t
                        for t in view.transcripts)
    return replace(view, transcripts=transcripts, codes=codes, extracts=tuple(extracts))
