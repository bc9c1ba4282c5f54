"""Co-occurrence by overlap against a count made character by character: the sweep measures
shared stretches only where codes start or stop, so any slip at ties (a coding ending where
another begins, touching codings of one code, empty spans) would show here."""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import combinations

import numpy as np

from themework.analysis.cooccurrence import Pair, by_overlap, overlap_columns


def by_character(spans: list[tuple[str, str, int, int]]) -> list[Pair]:
    """The definition: the codes present at each character; a stretch is a maximal run of
    characters where both codes of a pair are present."""
    present: dict[tuple[str, int], set[str]] = defaultdict(set)
    for transcript, code, start, end in spans:
        for i in range(start, end):
            present[(transcript, i)].add(code)
    cover: dict[str, int] = defaultdict(int)
    inter: dict[tuple[str, str], int] = defaultdict(int)
    runs: dict[tuple[str, str], int] = defaultdict(int)
    for (transcript, i), codes in present.items():
        for code in codes:
            cover[code] += 1
        before = present.get((transcript, i - 1), set())
        for pair in combinations(sorted(codes), 2):
            inter[pair] += 1
            if not set(pair) <= before:
                runs[pair] += 1
    return sorted(
        (Pair(a, b, runs[(a, b)], round(n / (cover[a] + cover[b] - n), 4))
         for (a, b), n in inter.items()),
        key=lambda p: (-p.jaccard, -p.n, p.a, p.b),
    )


def test_overlap_matches_a_count_character_by_character() -> None:
    rng = random.Random(11)
    for _ in range(40):
        spans = []
        for _ in range(rng.randint(1, 30)):
            start = rng.randint(0, 60)
            spans.append((rng.choice("xy"), rng.choice("abcde"), start,
                          start + rng.choice((0, 1, 3, 10, 25))))
        assert by_overlap(spans) == by_character(spans), spans


def test_touching_codings_of_one_code_make_one_stretch_with_another() -> None:
    # a runs [0, 10) then [10, 20); b covers [5, 15): one stretch of 10 characters.
    pairs = by_overlap([("t", "a", 0, 10), ("t", "a", 10, 20), ("t", "b", 5, 15)])
    assert pairs == [Pair("a", "b", 1, 0.5)]


def test_columns_in_any_order_with_high_code_ids_count_as_the_spans_do() -> None:
    # The service hands the analysis columns over as read: database ids for codes (which can
    # run far past the number of codes) and transcripts as numbers.
    rng = random.Random(12)
    spans = []
    for _ in range(300):
        start = rng.randint(0, 200)
        spans.append((rng.choice("xyz"), rng.choice("abcdef"), start,
                      start + rng.choice((0, 1, 3, 10, 25))))
    ids = {c: 10**9 + 7 * i for i, c in enumerate("abcdef")}
    where, code, start, end = (np.array(col, np.int64) for col in zip(
        *(("xyz".index(t), ids[c], s, e) for t, c, s, e in spans), strict=True))
    names = {i: c for c, i in ids.items()}
    assert overlap_columns(where, code, start, end, names) == by_character(spans)
    assert overlap_columns(where[:0], code[:0], start[:0], end[:0], names) == []
