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
    """``spans``: (transcript, code, start, end). Sweep each transcript's boundaries once.

    Work is done only where a code starts or stops being present: a pair's shared stretch
    is measured when it ends, not added up boundary by boundary (at 50,000 codings that
    took the Themes screen a quarter of a second)."""
    per_transcript: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for transcript, code, start, end in spans:
        events = per_transcript[transcript]
        events.append((start, 0, code))  # at one place, starts sort before ends, so that
        events.append((end, 1, code))  # touching codings of a code keep it present
    cover: dict[str, int] = defaultdict(int)
    inter: dict[tuple[str, str], int] = defaultdict(int)
    runs: dict[tuple[str, str], int] = defaultdict(int)
    for events in per_transcript.values():
        events.sort()
        depth: dict[str, int] = defaultdict(int)  # codings of each code open here
        since: dict[str, int] = {}  # present codes -> where they became present
        pair_since: dict[tuple[str, str], int] = {}
        for pos, end, code in events:
            if not end:
                depth[code] += 1
                if depth[code] == 1:
                    for other in since:
                        pair = (code, other) if code < other else (other, code)
                        pair_since[pair] = pos
                        runs[pair] += 1
                    since[code] = pos
                continue
            depth[code] -= 1
            if depth[code]:
                continue
            cover[code] += pos - since.pop(code)
            for other in since:
                pair = (code, other) if code < other else (other, code)
                shared = pos - pair_since.pop(pair)
                if shared:
                    inter[pair] += shared
                else:  # met only where one ended and the other began: no stretch
                    runs[pair] -= 1
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
