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
from typing import Any


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    n: int
    jaccard: float


def by_overlap(spans: Iterable[tuple[str, str, int, int]]) -> list[Pair]:
    """``spans``: (transcript, code, start, end).

    Each code's codings in a transcript are merged first into the places it is present (a
    coding touching the last keeps it present); two codes then co-occur once per pair of
    their places that overlap, by as much as they overlap: two places of one code never
    touch, so no two of a pair's shared stretches do either. One sort and two passes per
    transcript, and work only where places overlap (at 500,000 codings, a sweep of every
    boundary took a quarter more)."""
    per_transcript: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for transcript, code, start, end in spans:
        per_transcript[transcript].append((start, end, code))
    cover: dict[str, int] = defaultdict(int)
    inter: dict[tuple[str, str], int] = defaultdict(int)
    runs: dict[tuple[str, str], int] = defaultdict(int)
    for codings in per_transcript.values():
        codings.sort()
        places: list[list[Any]] = []  # [start, end, code] in order of start
        last: dict[str, list[Any]] = {}  # each code's latest place
        for start, end, code in codings:
            place = last.get(code)
            if place is not None and start <= place[1]:
                if end > place[1]:
                    place[1] = end
            else:
                place = last[code] = [start, end, code]
                places.append(place)
        open_: list[list[Any]] = []  # the places still open where the next one starts
        for place in places:
            start, end, code = place
            cover[code] += end - start
            if open_ and end > start:  # an empty coding shares no stretch
                open_ = [o for o in open_ if o[1] > start]
                for _, other_end, other in open_:
                    pair = (code, other) if code < other else (other, code)
                    inter[pair] += (other_end if other_end < end else end) - start
                    runs[pair] += 1
            open_.append(place)
    return sorted(
        (
            Pair(a, b, runs[p], round(inter[p] / (cover[a] + cover[b] - inter[p]), 4))
            for p in inter
            for a, b in [p]
        ),
        key=lambda p: (-p.jaccard, -p.n, p.a, p.b),
    )


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
