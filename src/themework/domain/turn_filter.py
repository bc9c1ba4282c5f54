"""Show only some turns of a transcript, keeping every offset true to the stored text.

The filtered view is a derived text made of whole lines of the real one, with the real offset
of each line's start. A reader that converts offsets through that line-start table (as
``TranscriptView`` does) then reads and writes real offsets: a position in line ``i`` of the
view is ``line_starts[i] + column`` in the transcript. The one thing that would not be true
is a span running from one shown line to another across hidden ones: ``crosses_hidden``
says so, and the screen refuses to code it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TurnRange:
    index: int  # the turn's number, from 1
    start: int  # its label's first offset
    end: int  # its utterance's end, exclusive


@dataclass(frozen=True)
class Filtered:
    text: str
    line_starts: tuple[int, ...]  # real offset of each shown line's start
    lines: tuple[int, ...]  # the real line number of each shown line
    turns: tuple[int, ...]  # the turns shown, by number


def line_starts_of(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def turns_carrying(turns: Iterable[TurnRange], spans: Iterable[tuple[int, int]]) -> list[int]:
    """The turns that any of ``spans`` (start, end) reaches, in order."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    furthest = [-1]  # furthest[i]: the furthest end among the first i spans
    for _, e in ordered:
        furthest.append(max(furthest[-1], e))
    out = []
    for t in sorted(turns, key=lambda t: t.start):
        # of the spans starting before the turn ends, one ending after it starts reaches it
        if furthest[bisect.bisect_left(starts, t.end)] > t.start:
            out.append(t.index)
    return out


def keep_turns(text: str, turns: Sequence[TurnRange], keep: Iterable[int]) -> Filtered:
    """The lines of the turns numbered ``keep``, whole, in the transcript's order."""
    real = line_starts_of(text)
    chosen = set(keep)
    wanted: set[int] = set()
    for t in turns:
        if t.index in chosen:
            first = bisect.bisect_right(real, t.start) - 1
            last = bisect.bisect_right(real, max(t.start, t.end - 1)) - 1
            wanted.update(range(max(first, 0), last + 1))
    lines = tuple(sorted(wanted))
    pieces = []
    for line in lines:
        end = real[line + 1] - 1 if line + 1 < len(real) else len(text)
        pieces.append(text[real[line]:end])
    return Filtered("\n".join(pieces), tuple(real[line] for line in lines), lines,
                    tuple(t.index for t in turns if t.index in chosen))


def crosses_hidden(view: Filtered, start: int, end: int) -> bool:
    """Whether the span ``start:end`` (real offsets) takes in text the view does not show."""
    if not view.lines:
        return True
    shown_lengths = [len(line) for line in view.text.split("\n")]

    def shown_line(offset: int) -> int | None:
        i = bisect.bisect_right(view.line_starts, offset) - 1
        if i < 0 or offset - view.line_starts[i] > shown_lengths[i]:
            return None
        return i

    first, last = shown_line(start), shown_line(max(start, end - 1))
    if first is None or last is None:
        return True
    return view.lines[last] - view.lines[first] != last - first


def clip(view: Filtered, start: int, end: int) -> tuple[int, int] | None:
    """The part of ``start:end`` that the view shows, from its first shown offset to its
    last (``None``: none of it shows). Marks are drawn clipped, so that one running in from a
    hidden turn is not drawn on the shown line before it."""
    if not view.lines:
        return None
    lengths = [len(line) for line in view.text.split("\n")]
    starts = view.line_starts
    i = bisect.bisect_right(starts, start) - 1
    if i < 0 or start > starts[i] + lengths[i]:
        if i + 1 >= len(starts):
            return None
        i, start = i + 1, starts[i + 1]
    j = bisect.bisect_right(starts, max(end - 1, start)) - 1
    limit = starts[j] + lengths[j]
    if end > limit + 1:
        end = limit
    return (start, end) if start < end else None
