"""How alike two codes are: names, definitions and keywords, each scored 0 to 100.

Names are compared in a normal form that ignores case, accents, hyphens and punctuation,
word order (tokens sorted) and simple plurals (``boundaries`` -> ``boundary``,
``approaches`` -> ``approach``, ``workers`` -> ``worker``), with ``fuzz.ratio``.
Definitions use ``fuzz.token_set_ratio`` over the same word forms; keywords the Jaccard index
of their normal forms.

The combined score weighs name 0.5, definition 0.35, keywords 0.15. A part that cannot be
scored (one side has no definition, or no keywords) gives its weight to the name, so two
codes with the same name and nothing else still score 100, and the weights always sum to 1.

Scoring every pair one by one would be too slow for large codebooks (``token_set_ratio`` over
2,000 x 2,000 definitions takes about 17 s), so ``scored_pairs`` scores all names and keyword
sets at once with ``process.cdist`` (vectorised, both cores), keeps the pairs whose combined
score could still reach the floor with a perfect definition (about ``PER_ROW`` per code at
most),
scores their definitions with ``process.cpdist``, and only then builds exact ``Scores``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from themework.domain.codebook import CodeSpec
from themework.domain.text import name_key
from themework.merge.model import Scores

__all__ = [
    "DEFINITION_WEIGHT",
    "KEYWORD_WEIGHT",
    "NAME_WEIGHT",
    "Profile",
    "combine",
    "name_form",
    "profile",
    "score",
    "scored_pairs",
    "singular",
    "words",
]

NAME_WEIGHT = 0.5
DEFINITION_WEIGHT = 0.35
KEYWORD_WEIGHT = 0.15

_APOSTROPHES = re.compile("['\u2019\u02bc`]")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)
def singular(token: str) -> str:
    """A lower-case word without a simple plural ending; short words and -ss/-us/-is kept."""
    if len(token) <= 3 or token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("sses", "ches", "shes", "xes", "zes")):
        return token[:-2]
    if token.endswith("s"):
        return token[:-1]
    return token


def words(text: str) -> list[str]:
    """Case-folded, accent-free words without plurals; apostrophes vanish, other
    punctuation and hyphens separate words."""
    plain = text.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [singular(w) for w in _WORD.findall(_APOSTROPHES.sub("", plain))]


def name_form(name: str) -> str:
    """The sorted words of a name: ``Trust-building`` and ``building trusts`` both give
    ``building trust``; a name with no word characters falls back to its ``name_key``."""
    return " ".join(sorted(words(name))) or name_key(name)


@dataclass(frozen=True)
class Profile:
    """A code's comparable parts, computed once."""

    name: str
    definition: str
    keywords: frozenset[str]


def profile(code: CodeSpec) -> Profile:
    return Profile(
        name_form(code.name),
        " ".join(words(code.definition)),
        frozenset(k for k in (" ".join(sorted(words(k))) for k in code.keywords) if k),
    )


def combine(name: float, definition: float | None, keywords: float | None) -> float:
    """The weighted score; a missing part's weight goes to the name."""
    name_weight = NAME_WEIGHT
    total = 0.0
    if definition is None:
        name_weight += DEFINITION_WEIGHT
    else:
        total += DEFINITION_WEIGHT * definition
    if keywords is None:
        name_weight += KEYWORD_WEIGHT
    else:
        total += KEYWORD_WEIGHT * keywords
    return round(total + name_weight * name, 1)


def score(a: Profile, b: Profile) -> Scores:
    name = round(fuzz.ratio(a.name, b.name), 1)
    definition = None
    if a.definition and b.definition:
        definition = round(fuzz.token_set_ratio(a.definition, b.definition), 1)
    keywords = None
    if a.keywords and b.keywords:
        keywords = round(100 * len(a.keywords & b.keywords) / len(a.keywords | b.keywords), 1)
    return Scores(name, definition, keywords, combine(name, definition, keywords))


PER_ROW = 32
_SLACK = 0.01  # cdist scores are float32; pairs that pass are scored again exactly
_KINDS = ((True, True), (True, False), (False, True), (False, False))  # definition, keywords


def scored_pairs(
    rows: Sequence[Profile],
    cols: Sequence[Profile],
    floor: float,
    listed: float,
    per_row: int = PER_ROW,
) -> list[tuple[int, int, Scores]]:
    """``(row, col, scores)`` sorted by row and col: every pair that scores ``floor`` or more,
    and below that, each row's best (per block) that scores ``listed`` or more.

    Rows and cols are split by what they have (a definition, keywords), so each block has one
    weighting. In a block, ``process.cdist`` scores all names and all keyword sets (the Indel
    similarity of two sorted sets is their Dice coefficient ``d``, and Jaccard is
    ``d / (2 - d)``); a pair goes on only if its score with a perfect definition could reach
    ``floor``, and only those at least as promising as the row's ``per_row``-th best (a cut
    that matters only when a code has dozens of look-alike names). Definitions are then
    scored for those pairs with ``process.cpdist``, and the survivors scored exactly."""
    if not rows or not cols:
        return []
    found: set[tuple[int, int]] = set()
    for row_kind in _KINDS:
        r_idx = [i for i, p in enumerate(rows) if _kind(p) == row_kind]
        for col_kind in _KINDS:
            c_idx = [j for j, p in enumerate(cols) if _kind(p) == col_kind]
            if r_idx and c_idx:
                has = (row_kind[0] and col_kind[0], row_kind[1] and col_kind[1])
                block = _block(
                    [rows[i] for i in r_idx], [cols[j] for j in c_idx], has, floor, listed, per_row
                )
                found.update((r_idx[r], c_idx[c]) for r, c in block)
    out = []
    for r, c in sorted(found):
        scores = score(rows[r], cols[c])
        if scores.combined >= listed:
            out.append((r, c, scores))
    return out


def _kind(p: Profile) -> tuple[bool, bool]:
    return bool(p.definition), bool(p.keywords)


def _block(
    rows: list[Profile],
    cols: list[Profile],
    has: tuple[bool, bool],
    floor: float,
    listed: float,
    per_row: int,
) -> list[tuple[int, int]]:
    """Block-local ``(row, col)`` pairs worth scoring exactly."""
    has_definition, has_keywords = has
    name_weight = NAME_WEIGHT
    name_weight += 0 if has_definition else DEFINITION_WEIGHT
    name_weight += 0 if has_keywords else KEYWORD_WEIGHT
    # Two distinct list objects: rapidfuzz takes a far slower path for the same object twice.
    names = process.cdist(
        [p.name for p in rows], [p.name for p in cols], scorer=fuzz.ratio, workers=-1
    )
    bound = names * name_weight
    if has_definition:
        bound += 100 * DEFINITION_WEIGHT
    jaccard = None
    if has_keywords:
        dice = process.cdist(
            [sorted(p.keywords) for p in rows],
            [sorted(p.keywords) for p in cols],
            scorer=Indel.normalized_similarity,
            workers=-1,
        )
        jaccard = 100 * dice / (2 - dice)
        bound += KEYWORD_WEIGHT * jaccard
    hopeful = bound >= floor - _SLACK
    if len(cols) > per_row and int(hopeful.sum(axis=1).max()) > per_row:
        # each row's pairs at least as promising as its ``per_row``-th best
        worst_first = -bound
        worst_first.partition(per_row - 1, axis=1)
        hopeful &= bound >= -worst_first[:, per_row - 1 : per_row]
    pair_r, pair_c = hopeful.nonzero()
    rs: list[int] = pair_r.tolist()
    cs: list[int] = pair_c.tolist()
    if not rs:
        return []
    estimate = names[pair_r, pair_c] * name_weight
    if has_definition:
        definitions = process.cpdist(
            [rows[r].definition for r in rs],
            [cols[c].definition for c in cs],
            scorer=fuzz.token_set_ratio,
            workers=-1,
        )
        estimate += DEFINITION_WEIGHT * definitions
    if jaccard is not None:
        estimate += KEYWORD_WEIGHT * jaccard[pair_r, pair_c]
    # every pair that may reach ``floor``; below it, only each row's best that may be listed
    (good,) = (estimate >= listed - _SLACK).nonzero()
    values: list[float] = estimate[good].tolist()
    out: list[tuple[int, int]] = []
    best: dict[int, tuple[float, int]] = {}
    for i, value in zip(good.tolist(), values, strict=True):
        if value >= floor - _SLACK:
            out.append((rs[i], cs[i]))
        elif value > best.get(rs[i], (-1.0, 0))[0]:
            best[rs[i]] = (value, cs[i])
    out += [(r, c) for r, (_, c) in best.items()]
    return out
