"""Span algebra: validation, locating text, merging intervals. Offsets are 0-based code
points, end exclusive."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from themework.domain.errors import InputError

CONTEXT = 40  # characters of context kept on each side of a coded extract


def quote_fields(text: str, start: int, end: int) -> dict[str, str]:
    """A coding's quote and its context, as the coding table stores them: derived from the
    transcript's text and the span, so that bulk coding's audit record can leave them out."""
    return {
        "quote": text[start:end],
        "context_before": text[max(0, start - CONTEXT) : start],
        "context_after": text[end : end + CONTEXT],
    }


def parse_span(value: str) -> tuple[int, int]:
    try:
        a, b = value.split(":", 1)
        return int(a), int(b)
    except ValueError:
        raise InputError("a span is START:END in whole characters, e.g. 120:245") from None


def check_span(start: int, end: int, length: int, where: str) -> None:
    if start < 0 or end > length or start >= end:
        raise InputError(
            f"span {start}:{end} is outside {where}, whose text runs from 0 to {length} "
            "(a span needs 0 <= start < end <= length)"
        )


def find_all(text: str, needle: str) -> list[int]:
    hits, pos = [], text.find(needle)
    while pos != -1 and needle:
        hits.append(pos)
        pos = text.find(needle, pos + 1)
    return hits


def merge_intervals(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of intervals: overlapping or touching ones become one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def covered(spans: Iterable[tuple[int, int]]) -> int:
    return sum(e - s for s, e in merge_intervals(spans))


def turn_at(turn_starts: Sequence[int], offset: int) -> int:
    """Index into a sorted list of turn starts of the turn holding ``offset`` (-1 before)."""
    return bisect.bisect_right(turn_starts, offset) - 1


def span_in_words(turns: Sequence[int], start: int, end: int) -> str:
    """Where a span is, for the log and the status line: the turns it touches (sorted
    numbers) as "turn 4" or "turns 4 to 6", or its offsets when it touches none."""
    if not turns:
        return f"{start}:{end}"
    return f"turn {turns[0]}" if len(turns) == 1 else f"turns {turns[0]} to {turns[-1]}"
