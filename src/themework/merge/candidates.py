"""Finding, in two whole codebooks, the pairs of codes worth merging or asking about.

Scoring every pair one by one (``themework.merge.similarity.score``) would be slow for large
codebooks, so ``candidates`` scores all pairs at once, without Python work per pair: name
scores by adding each shared term's weight to the pairs of codes that have it (the
postings of each term), description cosines the same way, keywords with ``process.cdist``;
it then picks the pairs that any rule of ``classify`` could hold for, scores those again
exactly with ``score`` and classifies them.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from themework.merge.model import Scores
from themework.merge.similarity import (
    CLOSEST_BOTH,
    CLOSEST_ONE,
    DEFINITION_OFFER,
    KEYWORD_WEIGHT,
    NAME_WEIGHT,
    TERM_RATIO,
    Kind,
    Profile,
    Reason,
    Scorer,
    alike,
    classify,
    local_idf,
)
from themework.nlp.terms import weight

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float64]

__all__ = ["Candidate", "candidates"]

_SLACK = 0.01  # matrix scores are float32 in places; pairs that pass are scored exactly


@dataclass(frozen=True)
class Candidate:
    row: int
    col: int
    scores: Scores
    kind: Kind
    reason: Reason


def candidates(
    rows: Sequence[Profile], cols: Sequence[Profile], threshold: float, band: float
) -> list[Candidate]:
    """Every pair some rule makes ``near`` or ``uncertain``, and for each row its closest
    ``separate`` candidate worth listing (names sharing a term, or ``combined`` within two
    bands of the threshold); sorted by row and col, scored exactly."""
    if not rows or not cols:
        return []
    import numpy as np

    idf = local_idf([*rows, *cols])
    score = Scorer(idf)
    name = _name_matrix(rows, cols)
    cosine = _description_matrix(rows, cols, idf)
    has_def = np.array([p.has_definition for p in rows])[:, None] & np.array(
        [p.has_definition for p in cols]
    )[None, :]
    definition = np.where(has_def, cosine, np.nan)
    combined = np.where(has_def, NAME_WEIGHT * name + (1 - NAME_WEIGHT) * cosine, name)
    combined = np.maximum(combined, _keyword_boost(rows, cols, combined))
    closeness = np.where(has_def, cosine, -1.0)
    row_best = np.zeros_like(closeness, dtype=bool)
    row_best[np.arange(len(rows)), closeness.argmax(axis=1)] = True
    col_best = np.zeros_like(closeness, dtype=bool)
    col_best[closeness.argmax(axis=0), np.arange(len(cols))] = True

    hopeful = combined >= threshold - band - _SLACK
    hopeful |= np.nan_to_num(definition, nan=-1.0) >= DEFINITION_OFFER - _SLACK
    hopeful |= (row_best | col_best) & (closeness >= CLOSEST_ONE - _SLACK)
    hopeful |= row_best & col_best & (closeness >= CLOSEST_BOTH - _SLACK)
    forms: dict[str, list[int]] = {}
    term_sets: dict[frozenset[str], list[int]] = {}
    for j, p in enumerate(cols):
        forms.setdefault(p.form, []).append(j)
        term_sets.setdefault(p.terms, []).append(j)
    for i, p in enumerate(rows):
        for j in forms.get(p.form, []) + term_sets.get(p.terms, []):
            hopeful[i, j] = True

    out: dict[tuple[int, int], Candidate] = {}
    for i, j in zip(*hopeful.nonzero(), strict=True):
        r, c = int(i), int(j)
        s = score(rows[r], cols[c])
        kind, reason = classify(
            rows[r], cols[c], s, threshold, band, (bool(row_best[r, c]), bool(col_best[r, c]))
        )
        if kind != "separate":
            out[r, c] = Candidate(r, c, s, kind, reason)
    listed = threshold - 2 * band
    for r in range(len(rows)):
        c = int(combined[r].argmax())
        if (r, c) in out or not (name[r, c] > 0 or combined[r, c] >= listed - _SLACK):
            continue
        s = score(rows[r], cols[c])
        if s.name > 0 or s.combined >= listed:
            out[r, c] = Candidate(r, c, s, "separate", "")
    return [out[k] for k in sorted(out)]


def _name_matrix(rows: Sequence[Profile], cols: Sequence[Profile]) -> Matrix:
    """``name`` scores of every pair, from the few terms of each side that are alike to
    some term of the other (``alike``); terms alike to none only add to the totals."""
    import numpy as np

    row_terms = sorted({t for p in rows for t in p.terms})
    col_terms = sorted({t for p in cols for t in p.terms})
    partners: dict[str, set[str]] = {}  # row term -> alike column terms
    col_set = set(col_terms)
    ratio = process.cdist(row_terms, col_terms, scorer=fuzz.ratio, workers=-1)
    for x, y in zip(*(ratio >= TERM_RATIO - _SLACK).nonzero(), strict=True):
        if alike(row_terms[x], col_terms[y]):
            partners.setdefault(row_terms[x], set()).add(col_terms[y])
    for term in row_terms:
        if term in col_set:
            partners.setdefault(term, set()).add(term)
        if len(term) >= 4:
            k = bisect.bisect_left(col_terms, term)  # column terms it begins
            while k < len(col_terms) and col_terms[k].startswith(term):
                partners.setdefault(term, set()).add(col_terms[k])
                k += 1
            for n in range(4, len(term)):  # column terms that begin it
                if term[:n] in col_set:
                    partners.setdefault(term, set()).add(term[:n])
    matched = np.zeros((len(rows), len(cols)))
    row_has = _postings(rows)
    col_has = _postings(cols)
    # each row term alike to a column term adds its weight to the pairs of a row having it
    # and a column having one of its partners; and the same the other way round
    for x, ys in partners.items():
        targets = sorted({c for y in ys for c in col_has[y]})
        matched[np.ix_(row_has[x], targets)] += weight(x)
    back: dict[str, set[str]] = {}
    for x, ys in partners.items():
        for y in ys:
            back.setdefault(y, set()).add(x)
    for y, xs in back.items():
        sources = sorted({r for x in xs for r in row_has[x]})
        matched[np.ix_(sources, col_has[y])] += weight(y)
    total = np.array([p.name_weight for p in rows])[:, None] + np.array(
        [p.name_weight for p in cols]
    )[None, :]
    result: Matrix = 100 * matched / total
    return result


def _postings(profiles: Sequence[Profile]) -> dict[str, list[int]]:
    """Name term -> the positions of the profiles whose names have it."""
    out: dict[str, list[int]] = {}
    for i, p in enumerate(profiles):
        for t in p.terms:
            out.setdefault(t, []).append(i)
    return out


def _description_matrix(
    rows: Sequence[Profile], cols: Sequence[Profile], idf: Mapping[str, float]
) -> Matrix:
    """The description cosine of every pair: for each term both sides use, the products of
    its normalised weights added to the pairs that share it."""
    import numpy as np

    def postings(profiles: Sequence[Profile]) -> dict[str, tuple[list[int], list[float]]]:
        out: dict[str, tuple[list[int], list[float]]] = {}
        for i, p in enumerate(profiles):
            weighted = [(t, v * idf.get(t, 1.0)) for t, v in p.description]
            norm = math.sqrt(sum(v * v for _, v in weighted))
            for t, v in weighted:
                if norm:
                    at, values = out.setdefault(t, ([], []))
                    at.append(i)
                    values.append(v / norm)
        return out

    mine, theirs = postings(rows), postings(cols)
    result: Matrix = np.zeros((len(rows), len(cols)))
    for t in sorted(mine.keys() & theirs.keys()):
        (r, a), (c, b) = mine[t], theirs[t]
        result[np.ix_(r, c)] += np.outer(a, b)
    result *= 100
    return result


def _keyword_boost(rows: Sequence[Profile], cols: Sequence[Profile], base: Matrix) -> Matrix:
    """What keywords would raise ``base`` to (where both codes have keywords, else ``base``)."""
    import numpy as np

    r_idx = [i for i, p in enumerate(rows) if p.keywords]
    c_idx = [j for j, p in enumerate(cols) if p.keywords]
    out = base.copy()
    if not r_idx or not c_idx:
        return out
    dice = process.cdist(
        [sorted(rows[i].keywords) for i in r_idx],
        [sorted(cols[j].keywords) for j in c_idx],
        scorer=Indel.normalized_similarity,
        workers=-1,
    ).astype(np.float64)
    jaccard = 100 * dice / (2 - dice)  # the Indel similarity of two sorted sets is Dice
    block = np.ix_(r_idx, c_idx)
    out[block] = (1 - KEYWORD_WEIGHT) * base[block] + KEYWORD_WEIGHT * jaccard
    return out
