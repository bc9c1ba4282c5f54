"""Co-occurrence of codes in one grouped pass (never a query per pair).

``overlap``: codes co-occur where their codings overlap in the text; ``n`` counts the
stretches where both are present and Jaccard compares the characters they cover.
``turn``: codes co-occur in a turn both touch; Jaccard compares the sets of turns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from themework.analysis.columns import Ints, Numbers


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    n: int
    jaccard: float


def by_overlap(spans: Iterable[tuple[str, str, int, int]]) -> list[Pair]:
    """``spans``: (transcript, code, start, end); see ``overlap_columns``."""
    places: Numbers[str] = Numbers()
    codes: Numbers[str] = Numbers()
    rows = [(places[t], codes[c], s, e) for t, c, s, e in spans]
    where, code, start, end = (
        np.array([r[i] for r in rows], np.int64).reshape(-1) for i in range(4)
    )
    return overlap_columns(where, code, start, end, dict(enumerate(codes.seen)))


def overlap_columns(
    where: Ints, code: Ints, start: Ints, end: Ints, names: Mapping[int, str]
) -> list[Pair]:
    """Codings as columns (their transcript and code as numbers, ``names`` naming the
    codes), in any order.

    Each code's codings in a transcript are merged first into the places it is present (a
    coding touching the last keeps it present); two codes then co-occur once per pair of
    their places that overlap, by as much as they overlap: two places of one code never
    touch, so no two of a pair's shared stretches do either. In numpy, not a Python loop
    per coding: 4.6 s at 500,000 codings before (scale 10), the Themes screen's load."""
    if not len(where):
        return []
    # Codes numbered from 0, as the pairs' counts are indexed (database ids can run high).
    known, code = np.unique(code, return_inverse=True)
    names = {i: names[k] for i, k in enumerate(known.tolist())}
    # Places: per (transcript, code) in order of start, a coding opens a new place where it
    # starts after every earlier one has ended. Offsetting each group by more than any end
    # lets one running maximum serve all groups.
    order = np.lexsort((start, code, where))
    w, c, s, e = where[order], code[order], start[order], end[order]
    big = int(e.max(initial=0)) + 1
    group = np.concatenate(([0], np.cumsum((w[1:] != w[:-1]) | (c[1:] != c[:-1]))))
    reach = np.maximum.accumulate(e + group * big)
    new = np.ones(len(w), bool)
    new[1:] = s[1:] + group[1:] * big > reach[:-1]
    first = np.flatnonzero(new)
    pw, pc, ps = w[first], c[first], s[first]
    pe = np.maximum.reduceat(e, first)
    ncodes = len(known)
    cover = np.bincount(pc, weights=pe - ps, minlength=ncodes).astype(np.int64)
    # Pairs: each place with the later-starting places of its transcript that start before
    # it ends (none is of its own code); an empty place shares no stretch.
    byplace = np.lexsort((ps, pw))
    pw, pc, ps, pe = pw[byplace], pc[byplace], ps[byplace], pe[byplace]
    key = pw * big + ps
    upto = np.searchsorted(key, pw * big + pe, side="left")
    count = np.maximum(upto - np.arange(len(key)) - 1, 0)
    i = np.repeat(np.arange(len(key)), count)
    j = np.arange(len(i)) - np.repeat(np.cumsum(count) - count, count) + i + 1
    keep = pe[j] > ps[j]
    i, j = i[keep], j[keep]
    lo, hi = np.minimum(pc[i], pc[j]), np.maximum(pc[i], pc[j])
    pair = lo * ncodes + hi
    runs = np.bincount(pair, minlength=ncodes * ncodes)
    inter = np.bincount(
        pair, weights=np.minimum(pe[i], pe[j]) - ps[j], minlength=ncodes * ncodes
    ).astype(np.int64)
    out = []
    for p in np.flatnonzero(runs).tolist():
        x, y = divmod(p, ncodes)
        a, b = sorted((names[x], names[y]))
        both, n = int(inter[p]), int(runs[p])
        out.append(Pair(a, b, n, round(both / (int(cover[x]) + int(cover[y]) - both), 4)))
    return sorted(out, key=lambda p: (-p.jaccard, -p.n, p.a, p.b))


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
