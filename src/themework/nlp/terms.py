"""The content terms of short texts such as code names and definitions, for comparing them.

A text is split into words (letters and digits; hyphens and other punctuation separate
words, a possessive "'s" goes); each word is lemmatised by ``pipeline.lemma`` (the lookup
table of the project's pipeline: "judged" -> "judge", "workers" -> "worker"; no pipeline is
built, as names and definitions need no sentence splitting); function words go (spaCy's
English stop words, less a few that name things in codes, such as "side", "back" or
"well"); then derivational suffixes are folded, so that "Honesty" and "Being honest", or
"Consistency of worker" and "Consistent worker", give the same terms. The lookup table
joins inflections only ("honesty" stays "honesty"), hence the folding.

Folding (``fold``): the first suffix of ``SUFFIXES`` that a lemma ends with is cut when what
is left, as written or with an "e" added ("manag" -> "manage") or a doubled last letter
dropped ("admitt" -> "admit"), is a word of at least four letters (one the lemma table
knows, as a form or a lemma, or one with a Zipf frequency of 3 or more in wordfreq's English
list: the table lacks adjectives such as "honest"), and is then lemmatised itself. Only that
one suffix is cut. The word check keeps words that merely end like a suffix whole
("family": "fami" is no word), and a stem keeps at least five letters (four after -ness and
-ly), so "student" and "patient" stay whole. The list is deliberately small: -ness, -ity,
-ency/-ancy, -ence/-ance, -ment, -ation/-ition/-ion, -ent/-ant, -ing, -al, -ive, -y, -is and
-ly; -ful and -less are left alone because they turn a meaning round. Folding can join words
of different meaning ("community" and "commune", "organising" and "organisation"): terms
that are equal make a pair worth asking about, never one merged without asking.

British and American spellings are brought together for matching ("centre"/"center",
"behaviour"/"behavior", "organise"/"organize", "paediatric"/"pediatric").

``weight`` is a term's information content in general English: 7.5 less its Zipf frequency
from wordfreq (at least 1), so "hypoglycaemia" counts more than "work".

Importing this module loads neither spaCy nor wordfreq.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import pipeline

__all__ = ["CONTENT_STOP_WORDS", "SUFFIXES", "fold", "spelling", "terms", "weight"]

SUFFIXES: tuple[str, ...] = (
    "ness", "ly", "ity", "ency", "ancy", "ence", "ance", "ment", "ation", "ition", "ion",
    "ent", "ant", "ing", "al", "ive", "y", "is",
)  # fmt: skip
_SHORT_STEM_OK = ("ness", "ly")  # "fairness" -> "fair", "fairly" -> "fair"
# spaCy's stop list holds words that are the topic of a code name ("Side effects", "Moving
# on", "Back to work"); they stay content words here.
CONTENT_STOP_WORDS = frozenset(
    ("side", "back", "front", "top", "bottom", "move", "moving", "keep", "show", "call",
     "name", "part", "full", "empty", "give", "take", "make", "put", "see", "get", "well",
     "first", "last", "used", "using", "own", "whole", "serious", "various")
)  # fmt: skip
_SPELLING = (
    (re.compile(r"(?<=\w{3})our$"), "or"),
    (re.compile(r"(?<=\w{3})tre$"), "ter"),
    (re.compile(r"(?<=\w{3})is(e|ation)$"), r"iz\1"),
    (re.compile(r"(?<=\w{2})yse$"), "yze"),
    (re.compile(r"(?<=\w)ae(?=\w)"), "e"),
)
_WORD_ZIPF = 3.0  # about once in 1,000,000 words: a word, not a fragment ("fami", "commun")
_known: frozenset[str] | None = None


def _known_words() -> frozenset[str]:
    global _known
    if _known is None:
        table = pipeline.lemma_table()
        _known = frozenset(w.lower() for w in table) | frozenset(v.lower() for v in table.values())
    return _known


@lru_cache(maxsize=1 << 16)
def fold(lemma: str) -> str:
    """``lemma`` without one derivational suffix, when what is left is a known word."""
    known = _known_words()
    for suffix in SUFFIXES:
        if not lemma.endswith(suffix):
            continue
        stem = lemma[: -len(suffix)]
        shortest = 4 if suffix in _SHORT_STEM_OK else 5
        if len(stem) < shortest:
            return lemma
        for candidate in (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else ""):
            if len(candidate) >= 4 and (candidate in known or _common(candidate)):
                return pipeline.lemma(candidate)
        return lemma
    return lemma


def _common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= _WORD_ZIPF


@lru_cache(maxsize=1 << 16)
def spelling(term: str) -> str:
    """One spelling for British and American variants (used as a matching key only)."""
    for pattern, replacement in _SPELLING:
        term = pattern.sub(replacement, term)
    return term


_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")


@lru_cache(maxsize=1 << 14)
def terms(text: str) -> tuple[str, ...]:
    """The content terms of ``text`` in order, repeats kept: lower-case lemmas of its words,
    function words left out, derivational suffixes folded, spellings brought together."""
    out: list[str] = []
    for match in _WORD.finditer(text):
        term = _term(match.group())
        if term:
            out.append(term)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _term(token: str) -> str:
    """One word's term, or "" for a function word or one with no letter. Each word is worked
    out once: a codebook's definitions use the same words again and again."""
    word = _POSSESSIVE.sub("", token.lower()).replace("\u2019", "'")
    if not any(ch.isalpha() for ch in word):
        return ""
    lemma = pipeline.lemma(word)
    stop = pipeline.stop_words()
    if word not in CONTENT_STOP_WORDS and (word in stop or lemma in stop):
        return ""
    return spelling(fold(lemma))


@lru_cache(maxsize=1 << 16)
def weight(term: str) -> float:
    """Information content of a term: 7.5 less its Zipf frequency in English, at least 1."""
    from wordfreq import zipf_frequency

    return max(1.0, 7.5 - zipf_frequency(term, "en"))
