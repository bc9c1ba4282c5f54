"""Selection by motions: words and sentences over a stretch of text, by offsets.

Offsets are 0-based code points into the whole text, end exclusive; ``lo`` and ``hi`` bound
the stretch looked at (a turn's utterance, so a motion never takes in a speaker's label).

A word is a run of letters or digits, with inner apostrophes, hyphens and dots kept
("don't", "child-centred", "e.g", "3.5"). A sentence ends at ``.``, ``!``, ``?`` or an
ellipsis (``...``, ``…``), with any closing quotes or brackets after it, when a space and
then something other than a lower-case letter follows ("approx. five" and "I was... sort of"
stay one sentence), taking in a bracketed aside after it ("a lot! (laughs)"); never after a
title or a Latin abbreviation ("Dr. Patel", "e.g. Snapchat") or a single capital
("J. Smith"); and always at a line break or the end of the stretch.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from themework.domain.plural import plural

Span = tuple[int, int]

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_END = re.compile(r"(?:\.{2,}|…|[.!?])[.!?…]*[\"'”’)\]]*")
# A full stop after these never ends a sentence (case-folded, inner dots kept).
ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "mx", "prof", "st", "rev", "sgt", "insp", "det", "capt", "gen",
    "hon", "jr", "sr", "vs", "v", "cf", "viz", "al", "approx", "e.g", "i.e", "eg", "ie",
})
# These do not end one when a number follows ("no. 10", "p. 4").
NUMBERED = frozenset({"no", "nos", "p", "pp", "vol", "fig", "ch"})
_OPENERS = "\"'“‘(["


def words(text: str, lo: int = 0, hi: int | None = None) -> list[Span]:
    """The words of ``text[lo:hi]`` as spans into ``text``."""
    hi = len(text) if hi is None else hi
    return [(m.start(), m.end()) for m in _WORD.finditer(text, lo, hi)]


def _ends_sentence(text: str, dot: int, after: int, hi: int) -> bool:
    """Whether the terminal punctuation ``text[dot:after]`` ends a sentence (``hi``: the end
    of the stretch)."""
    nxt = after
    while nxt < hi and text[nxt] in " \t":
        nxt += 1
    if nxt >= hi or text[nxt] == "\n":
        return True
    if nxt == after:
        return False  # no space after it: "3.5", "e.g", "?!"... already in the run
    while nxt < hi - 1 and text[nxt] in _OPENERS:
        nxt += 1
    if text[nxt].islower():
        return False
    if text[dot] != "." or text.startswith("..", dot):
        return True
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’."):
        start -= 1
    before = text[start:dot].casefold()
    if before in ABBREVIATIONS:
        return False
    if before in NUMBERED and text[nxt].isdigit():
        return False
    # An initial ("J. Smith"), though "I" is more often the word than an initial.
    return not (dot - start == 1 and text[start].isupper() and text[start] != "I")


def _aside(text: str, after: int, hi: int) -> int:
    """The end of a bracketed aside right after a sentence's last mark ("a lot! (laughs)"),
    which belongs to that sentence; ``after`` when there is none. An aside holding its own
    sentence ("(She stayed.)") is not one."""
    nxt = after
    while nxt < hi and text[nxt] in " \t":
        nxt += 1
    if nxt == after or nxt >= hi or text[nxt] not in "([":
        return after
    close = text.find(")" if text[nxt] == "(" else "]", nxt, min(hi, nxt + 40))
    if close == -1 or any(c in text[nxt:close] for c in ".!?…\n"):
        return after
    return close + 1


def sentences(text: str, lo: int = 0, hi: int | None = None) -> list[Span]:
    """The sentences of ``text[lo:hi]`` as spans into ``text``, without the spaces between."""
    hi = len(text) if hi is None else hi
    out: list[Span] = []
    start = lo
    pos = lo
    while pos < hi:
        ch = text[pos]
        if ch == "\n":
            _close(text, start, pos, out)
            start = pos = pos + 1
            continue
        if ch in ".!?…":
            m = _END.match(text, pos, hi)
            after = m.end() if m else pos + 1
            aside = _aside(text, after, hi)
            if aside > after and _ends_sentence(text, pos, aside, hi):
                after = aside
            elif not _ends_sentence(text, pos, after, hi):
                pos = after
                continue
            _close(text, start, after, out)
            start = pos = after
            continue
        pos += 1
    _close(text, start, hi, out)
    return out


def _close(text: str, start: int, end: int, out: list[Span]) -> None:
    """Add ``text[start:end]`` less the white space around it, when anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def unit_at(units: Sequence[Span], offset: int) -> Span | None:
    """The unit holding ``offset``; else the next one; else the one before (None if none).

    A cursor on the space between two words stands before the next word, as the block
    cursor is drawn on that space."""
    if not units:
        return None
    i = bisect.bisect_right([s for s, _ in units], offset) - 1
    if i >= 0 and offset < units[i][1]:
        return units[i]
    return units[i + 1] if i + 1 < len(units) else units[-1]


def next_end(units: Sequence[Span], pos: int) -> int | None:
    """The first end of a unit after ``pos`` (None when none is left)."""
    i = bisect.bisect_right([e for _, e in units], pos)
    return units[i][1] if i < len(units) else None


def previous_start(units: Sequence[Span], pos: int) -> int | None:
    """The last start of a unit before ``pos`` (None when none is left)."""
    i = bisect.bisect_left([s for s, _ in units], pos) - 1
    return units[i][0] if i >= 0 else None


def step(units: Sequence[Span], pos: int, anchor: int, direction: int) -> int | None:
    """Where the moving end of a selection (at ``pos``, the other end at ``anchor``) goes one
    unit on: forward to the next unit's end, back to the previous unit's start; but while the
    moving end is on the far side of the anchor, to the nearest boundary that shrinks the
    selection (back from after the anchor: the previous end). None when no unit is left."""
    if direction > 0:
        if pos < anchor:
            i = bisect.bisect_right([s for s, _ in units], pos)
            if i < len(units) and units[i][0] < anchor:
                return units[i][0]
        return next_end(units, pos)
    if pos > anchor:
        i = bisect.bisect_left([e for _, e in units], pos) - 1
        if i >= 0 and units[i][1] > anchor:
            return units[i][1]
    return previous_start(units, pos)


def summary(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """What a selection holds, for the status line: "sentence selected, 14 words" when it is
    whole sentences of the stretch ``lo:hi``, else "6 words selected"."""
    n = len(words(text, start, end))
    if n == 0:
        return f"{plural(end - start, 'character')} selected"
    if lo <= start and end <= hi:
        found = sentences(text, lo, hi)
        starts = {s for s, _ in found}
        ends = {e for _, e in found}
        if start in starts and end in ends:
            k = sum(start <= s and e <= end for s, e in found)
            what = "sentence" if k == 1 else plural(k, "sentence")
            return f"{what} selected, {plural(n, 'word')}"
    return f"{plural(n, 'word')} selected"
