"""Co-occurrence of codes in one grouped pass (never a query per pair).

``overlap``: codes co-occur where their codings overlap in the text; ``n`` counts the
stretches where both are present and Jaccard compares the characters they cover.
``turn``: codes co-occur in a turn both touch; Jaccard compares the sets of turns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    n: int
    jaccard: float


def by_overlap(spans: Iterable[tuple[str, str, int, int]]) -> list[Pair]:
    """``spans``: (transcript, code, start, end). Sweep each transcript's boundaries once."""
    per_transcript: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for transcript, code, start, end in spans:
        events = per_transcript[transcript]
        events.append((start, 1, code))
        events.append((end, -1, code))
    cover: dict[str, int] = defaultdict(int)
    inter: dict[tuple[str, str], int] = defaultdict(int)
    runs: dict[tuple[str, str], int] = defaultdict(int)
    for events in per_transcript.values():
        _sweep(events, cover, inter, runs)
    return sorted(
        (
            Pair(a, b, runs[p], round(inter[p] / (cover[a] + cover[b] - inter[p]), 4))
            for p in inter
            for a, b in [p]
        ),
        key=lambda p: (-p.jaccard, -p.n, p.a, p.b),
    )


_NONE: frozenset[tuple[str, str]] = frozenset()


def _sweep(
    events: list[tuple[int, int, str]],
    cover: dict[str, int],
    inter: dict[tuple[str, str], int],
    runs: dict[tuple[str, str], int],
) -> None:
    """One transcript's boundaries in order: the characters each code and each pair cover,
    and the runs where a pair is present without a break."""
    # Ends before starts at one position, so touching codings of a code never leave a gap.
    events.sort()
    active: dict[str, int] = {}  # codes present, with how many of their codings
    prev_pos = 0
    prev_pairs: frozenset[tuple[str, str]] | set[tuple[str, str]] = _NONE
    i, n = 0, len(events)
    while i < n:
        pos = events[i][0]
        if active and pos > prev_pos:
            length = pos - prev_pos
            if len(active) == 1:
                for c in active:
                    cover[c] += length
                prev_pairs = _NONE
            else:
                codes = sorted(active)
                for c in codes:
                    cover[c] += length
                pairs = set(combinations(codes, 2))
                for p in pairs:
                    inter[p] += length
                    if p not in prev_pairs:
                        runs[p] += 1
                prev_pairs = pairs
        while i < n and events[i][0] == pos:
            _, kind, code = events[i]
            left = active.get(code, 0) + kind
            if left:
                active[code] = left
            else:
                del active[code]
            i += 1
        prev_pos = pos
        if not active:
            prev_pairs = _NONE


def by_turn(units: Iterable[tuple[str, int, str]]) -> list[Pair]:
    """``units``: (transcript, turn number, code) for every turn a coding touches."""
    codes_in_turn: dict[tuple[str, int], set[str]] = defaultdict(set)
    for transcript, turn, code in units:
        codes_in_turn[(transcript, turn)].add(code)
    count: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, str], int] = defaultdict(int)
    for codes in codes_in_turn.values():
        for c in codes:
            count[c] += 1
        for p in combinations(sorted(codes), 2):
            both[p] += 1
    return sorted(
        (Pair(a, b, n, round(n / (count[a] + count[b] - n), 4)) for (a, b), n in both.items()),
        key=lambda p: (-p.jaccard, -p.n, p.a, p.b),
    )
