"""How alike two codes are, and which pairs are worth merging or asking about.

Codes are compared through their content terms (``themework.nlp.terms``: spaCy lookup
lemmas, function words out, derivational suffixes folded, so "Being honest" has the terms of
"Honesty"), each term weighted by its information content in English:

- ``name``: the soft Dice coefficient of the two names' terms: the weight of each name's terms
  that the other name has, over the weight of both. Terms match when equal, when one begins
  the other (four letters at least: "hypo" and "hypoglycaemia") or at ``fuzz.ratio`` 85 or
  more (a typo).
- ``definition``: the cosine of the two codes' descriptions (the terms of the name, the
  definition and the keywords together, each counted and weighted); None unless both codes
  have a definition. Taking the names in lets "Feeling judged" meet a definition that
  speaks of families "feeling judged".
- ``keywords``: the Jaccard index of their normal forms; None unless both have keywords.
- ``combined``: half name, half definition (the name alone when there is no definition).
  Keywords may raise it (to 0.85 combined + 0.15 keywords) but never lower it: two coders
  choose keywords each their own way, and different keywords say little about a code.

What a pair is (``classify``), the first rule that holds deciding:

1. ``near`` (merged): the names are equal in ``name_form`` (case, accents, hyphens,
   punctuation, word order and simple plurals aside), whatever else differs;
2. ``near``: ``combined`` at or above the threshold, both codes having a definition (names
   that differ in form are not enough on their own: "Community organising" and "Community
   organisation" have the same terms);
3. ``uncertain`` (merged only when the user says so): the names have the same terms
   ("Consistency of worker" / "Consistent worker"); or ``combined`` within the band below
   the threshold; or the definitions score ``DEFINITION_OFFER`` or more; or, by definition
   score, one code is the other's closest match with ``CLOSEST_ONE`` or more, or each is
   the other's with ``CLOSEST_BOTH`` or more (synonyms such as "Burnout" and "Emotional
   exhaustion" share no word but describe the same thing);
4. ``separate``: otherwise. A code left alone is listed with its closest candidate when their
   names share a term or ``combined`` is within two bands of the threshold.

Distinct concepts that share a word ("Trust in police", "Trust building") have different
terms, and their definitions, which describe different things, keep them apart.

Finding the pairs in two whole codebooks is ``themework.merge.candidates``'s work.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from themework.domain.codebook import CodeSpec
from themework.domain.text import name_key
from themework.merge.model import Scores
from themework.nlp.terms import terms, weight

__all__ = [
    "CLOSEST_BOTH",
    "CLOSEST_ONE",
    "DEFINITION_OFFER",
    "KEYWORD_WEIGHT",
    "NAME_WEIGHT",
    "TERM_RATIO",
    "Kind",
    "Profile",
    "Reason",
    "Scorer",
    "alike",
    "classify",
    "combine",
    "local_idf",
    "name_form",
    "profile",
    "score",
    "singular",
    "words",
]

NAME_WEIGHT = 0.5  # and the definition the rest
KEYWORD_WEIGHT = 0.15  # of the score keywords may raise it to
DEFINITION_OFFER = 60.0
CLOSEST_ONE = 40.0
CLOSEST_BOTH = 20.0
TERM_RATIO = 85.0  # fuzz.ratio at which two terms are one misspelt

Reason = Literal[
    "same name form", "score", "same terms", "similar definitions", "closest match", ""
]

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

    form: str  # name_form of the name
    terms: frozenset[str]  # content terms of the name (its words when it has none)
    # term -> count x weight, over the name, the definition and the keywords
    description: tuple[tuple[str, float], ...]
    has_definition: bool
    keywords: frozenset[str]  # normal forms

    @property
    def name_weight(self) -> float:
        return sum(weight(t) for t in self.terms)


def profile(code: CodeSpec) -> Profile:
    name_terms = frozenset(terms(code.name)) or frozenset(words(code.name) or [code.name])
    counts = Counter(terms(code.name))
    counts.update(terms(code.definition))
    for keyword in code.keywords:
        counts.update(terms(keyword))
    vector = tuple(sorted((t, n * weight(t)) for t, n in counts.items()))
    return Profile(
        name_form(code.name),
        name_terms,
        vector,
        bool(code.definition.strip()),
        frozenset(k for k in (" ".join(sorted(words(k))) for k in code.keywords) if k),
    )


@lru_cache(maxsize=1 << 16)
def alike(x: str, y: str) -> bool:
    """Whether two terms count as the same in names: equal, one beginning the other, or a
    typo apart (both four letters at least for the last two)."""
    if x == y:
        return True
    if len(x) < 4 or len(y) < 4:
        return False
    return x.startswith(y) or y.startswith(x) or fuzz.ratio(x, y) >= TERM_RATIO


def combine(name: float, definition: float | None, keywords: float | None) -> float:
    """Half name, half definition (the name alone without one); keywords only raise it."""
    base = name if definition is None else NAME_WEIGHT * name + (1 - NAME_WEIGHT) * definition
    if keywords is not None:
        base = max(base, (1 - KEYWORD_WEIGHT) * base + KEYWORD_WEIGHT * keywords)
    return round(base, 1)


def _name_score(a: Profile, b: Profile) -> float:
    matched = sum(weight(x) for x in a.terms if any(alike(x, y) for y in b.terms))
    matched += sum(weight(y) for y in b.terms if any(alike(x, y) for x in a.terms))
    return 100 * matched / (a.name_weight + b.name_weight)


def local_idf(profiles: Iterable[Profile]) -> dict[str, float]:
    """Each description term's inverse document frequency among ``profiles``,
    ``1 + ln((n + 1) / (df + 1))``: a term in many of the codes being merged ("worker" in a
    social work codebook) tells them apart less than one in few."""
    df: Counter[str] = Counter()
    n = 0
    for p in profiles:
        n += 1
        df.update(t for t, _ in p.description)
    return {t: 1 + math.log((n + 1) / (k + 1)) for t, k in df.items()}


def score(a: Profile, b: Profile, idf: Mapping[str, float] | None = None) -> Scores:
    """The scores of a pair; ``idf`` (``local_idf`` of the codes being merged) weighs the
    description terms, as ``candidates`` does (without it, each term weighs 1)."""
    return Scorer(idf or {})(a, b)


class Scorer:
    """``score`` for many pairs of the same codes under one ``idf``: each code's weighted
    description (and its squared length) is worked out once, not once per pair."""

    def __init__(self, idf: Mapping[str, float]) -> None:
        self.idf = idf
        self._vectors: dict[int, tuple[Profile, dict[str, float], float]] = {}

    def _vector(self, p: Profile) -> tuple[dict[str, float], float]:
        found = self._vectors.get(id(p))
        if found is None or found[0] is not p:
            vector = {t: v * self.idf.get(t, 1.0) for t, v in p.description}
            found = (p, vector, sum(v * v for v in vector.values()))
            self._vectors[id(p)] = found  # the profile is kept, so its id is not reused
        return found[1], found[2]

    def _cosine(self, a: Profile, b: Profile) -> float:
        (mine, sa), (theirs, sb) = self._vector(a), self._vector(b)
        norms = math.sqrt(sa * sb)
        if not norms:
            return 0.0
        return 100 * sum(v * theirs[t] for t, v in mine.items() if t in theirs) / norms

    def __call__(self, a: Profile, b: Profile) -> Scores:
        name = round(_name_score(a, b), 1)
        definition = None
        if a.has_definition and b.has_definition:
            definition = round(self._cosine(a, b), 1)
        keywords = None
        if a.keywords and b.keywords:
            union = len(a.keywords | b.keywords)
            keywords = round(100 * len(a.keywords & b.keywords) / union, 1)
        return Scores(name, definition, keywords, combine(name, definition, keywords))


Kind = Literal["near", "uncertain", "separate"]


def classify(
    a: Profile,
    b: Profile,
    s: Scores,
    threshold: float,
    band: float,
    closest: tuple[bool, bool] = (False, False),
) -> tuple[Kind, Reason]:
    """What the pair is and why (see the module's rules); ``closest`` says whether ``b`` is
    ``a``'s closest match and ``a`` is ``b``'s."""
    if a.form == b.form:
        return "near", "same name form"
    if s.combined >= threshold and s.definition is not None:
        return "near", "score"
    if a.terms == b.terms:
        return "uncertain", "same terms"
    if s.combined >= threshold - band:
        return "uncertain", "score"
    if s.definition is not None and s.definition >= DEFINITION_OFFER:
        return "uncertain", "similar definitions"
    closeness = -1.0 if s.definition is None else s.definition
    if (any(closest) and closeness >= CLOSEST_ONE) or (all(closest) and closeness >= CLOSEST_BOTH):
        return "uncertain", "closest match"
    return "separate", ""
