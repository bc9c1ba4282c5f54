"""The code-by-case matrix: how many codings of each code touch each participant."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from themework.analysis.prevalence import CodedSpan


def case_counts(spans: Iterable[CodedSpan]) -> Counter[tuple[str, str]]:
    """(participant, code) -> codings. A coding that runs over two participants' turns
    counts for each of them, as prevalence counts it."""
    counts: Counter[tuple[str, str]] = Counter()
    for sp in spans:
        for person in sp.participants:
            counts[(person, sp.code)] += 1
    return counts
