"""Code suggestions from codebook keywords, matched on lemmas, one sentence per suggestion.

A code contributes keywords (single words or phrases) and, optionally, spaCy ``Matcher``
patterns. Keywords are lemmatised with the same lookup as the text, so "trusted", "trusting"
and "trust" all hit the keyword "trust" (or "trusting"), "turned up" hits "turn up", and a
phrase matches as a run of consecutive token lemmas. A hit suggests the sentence that holds
it, clipped to its utterance; several hits of one code in one sentence make one suggestion.

Speed: utterances go through ``nlp.pipe`` with every component disabled but the tokenizer
(the lemmatizer component never runs). Token hashes are read with ``Doc.to_array``, so no
``Token`` objects are made; each distinct word is lemmatised once (``pipeline.lemma``) and
remembered as anchoring a keyword or not. Each keyword is found through one "anchor" lemma
(its least common-looking one: "term" for "on their terms"), so an utterance costs a few set
operations unless it holds an anchor. Sentences are found only around hits, by the
sentencizer's own rule and punctuation set; a test checks they agree with ``doc.sents``.
A ``Suggester`` keeps these caches: use one per thread.

Patterns may use token attributes the offline pipeline sets (ORTH/TEXT, LOWER, LEMMA, NORM,
SHAPE, LENGTH, IS_*/LIKE_*, OP, IN/NOT_IN, REGEX...), not POS/TAG/DEP/MORPH/ENT_* (no tagger
or parser runs); ``LEMMA`` values are compared with the same lower-case lemmas.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from . import pipeline
from .suggest_eval import CodeScore, evaluate
from .suggest_patterns import Pattern, check_pattern, uses_lemma

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.strings import StringStore
    from spacy.tokens import Doc

__all__ = [
    "CodeRules",
    "CodeScore",
    "Suggester",
    "Suggestion",
    "evaluate",
    "keyword_lemmas",
    "suggest",
    "suggest_many",
]

CodeRules = tuple[str, Sequence[str], Sequence[Pattern]]  # code key, keywords, Matcher patterns

_Hits = dict[tuple[int, int], dict[str, list[str]]]  # sentence span -> code -> matched texts
_orth_lemma: dict[int, str] = {}  # token text hash -> lower-case lemma (pipeline.lemma)

class Suggestion(NamedTuple):
    """A suggested coding: the sentence holding a hit (a tuple: cheap to make, sorts by span)."""

    start: int  # the sentence span holding the hit, offsets into the whole text
    end: int
    code_key: str
    matched_words: tuple[str, ...]  # the matched text as written, in order, without repeats
    span_kind: str = "sentence"


def keyword_lemmas(keyword: str) -> tuple[str, ...]:
    """The lemma sequence a keyword matches: "turned up" -> ("turn", "up")."""
    nlp = pipeline.default_pipeline()
    return tuple(pipeline.lemma(t.text) for t in nlp.make_doc(keyword) if not t.is_space)


@dataclass
class Suggester:
    """Compiled keyword and pattern rules for a set of codes; reuse it across many texts."""

    codes: Sequence[CodeRules]
    nlp: Language | None = None
    batch_size: int = 256
    _anchors: dict[str, list[tuple[tuple[str, ...], int, tuple[str, ...]]]] = field(
        init=False, repr=False)
    _matcher: Matcher | None = field(init=False, repr=False, default=None)
    _pattern_lemmas: bool = field(init=False, repr=False, default=False)
    _punct: frozenset[str] = field(init=False, repr=False, default=frozenset())
    _classes: dict[int, int] = field(init=False, repr=False, default_factory=dict)
    _orth_attr: int = field(init=False, repr=False, default=0)
    _seen: set[int] = field(init=False, repr=False, default_factory=set)  # token hashes met
    _anchor_orths: dict[int, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.nlp is None:
            self.nlp = pipeline.default_pipeline()
        by_seq: dict[tuple[str, ...], list[str]] = {}
        patterns: list[tuple[str, list[list[dict[str, Any]]]]] = []
        for code_key, keywords, code_patterns in self.codes:
            for keyword in keywords:
                seq = keyword_lemmas(keyword)
                if seq and code_key not in by_seq.setdefault(seq, []):
                    by_seq[seq].append(code_key)
            checked = [check_pattern(code_key, p) for p in code_patterns or ()]
            if checked:
                patterns.append((code_key, checked))
        # Each keyword is looked for through one "anchor" lemma: its least common-looking
        # one (not a stop word, then the longest), so "on their terms" is found through
        # "term", not through every "on".
        from spacy.lang.en.stop_words import STOP_WORDS

        anchors: dict[str, list[tuple[tuple[str, ...], int, tuple[str, ...]]]] = {}
        for seq in sorted(by_seq, key=lambda q: (-len(q), q)):  # longest phrase first
            at = min(range(len(seq)), key=lambda k: (seq[k] in STOP_WORDS, -len(seq[k]), k))
            anchors.setdefault(seq[at], []).append((seq, at, tuple(by_seq[seq])))
        self._anchors = anchors
        self._punct = self._punct_chars()
        from importlib import import_module

        self._orth_attr = import_module("spacy.attrs").ORTH  # compiled, no stubs
        self._classes = {}
        if patterns:
            from spacy.matcher import Matcher

            matcher = Matcher(self.nlp.vocab, validate=True)
            for code_key, pats in patterns:
                matcher.add(code_key, pats)
            self._matcher = matcher
            self._pattern_lemmas = any(uses_lemma(p) for _, pats in patterns for p in pats)

    def _punct_chars(self) -> frozenset[str]:
        """The sentence-final characters of the pipeline's sentencizer (or its defaults)."""
        assert self.nlp is not None
        if "sentencizer" in self.nlp.pipe_names:
            chars = getattr(self.nlp.get_pipe("sentencizer"), "punct_chars", None)
            if chars:
                return frozenset(chars)
        from spacy.pipeline import Sentencizer

        return frozenset(Sentencizer.default_punct_chars)

    @staticmethod
    def _lemma_of(orth: int, strings: StringStore) -> str:
        lem = _orth_lemma.get(orth)
        if lem is None:
            lem = _orth_lemma[orth] = pipeline.lemma(strings[orth])
        return lem

    def _kind(self, doc: Doc, orth: int) -> int:
        """0 word (or space), 1 sentence-final character, 2 other punctuation, 3 line break."""
        text = doc.vocab.strings[orth]
        if "\n" in text:
            kind = 3
        elif text in self._punct:
            kind = 1
        else:
            kind = 2 if doc.vocab[orth].is_punct else 0
        self._classes[orth] = kind
        return kind

    def _kinds(self, doc: Doc, orths: list[int]) -> list[int]:
        """Each token's kind for sentence splitting (see ``_kind``), cached by token hash."""
        get = self._classes.get
        kinds = [get(h, -1) for h in orths]
        if -1 in kinds:
            for k, h in enumerate(orths):
                if kinds[k] == -1:
                    kinds[k] = self._kind(doc, h)
        return kinds

    @staticmethod
    def _sentence(kinds: list[int], i: int, j: int) -> tuple[int, int]:
        """Token span of the sentence holding tokens i..j-1, found by scanning from them.

        spaCy's ``Sentencizer`` rule: a token starts a sentence when it is neither punctuation
        nor a sentence-final character, and such a character came since the last token of
        that kind. A line break inside an utterance also ends a sentence. Working outwards
        from a hit costs a sentence, not a document (a test keeps this in step with
        ``doc.sents``).
        """
        lo = i
        while lo > 0:
            before = kinds[lo - 1]
            if before == 3:
                break
            if before != 0 and kinds[lo] in (0, 3):
                k = lo - 1
                while k >= 0 and kinds[k] == 2:
                    k -= 1
                if k >= 0 and kinds[k] == 1:  # a sentence-final character is pending
                    break
            lo -= 1
        n = len(kinds)
        k = j - 1
        while k >= 0 and kinds[k] == 2:
            k -= 1
        seen = k >= 0 and kinds[k] == 1
        hi = j
        while hi < n:
            kind = kinds[hi]
            if kind == 3 or (kind == 0 and seen):
                break
            if kind == 1:
                seen = True
            hi += 1
        return lo, hi

    def suggest(self, text: str, utterances: Sequence[tuple[int, int]]) -> list[Suggestion]:
        """Suggestions for one text, given its utterance spans (labels are never matched)."""
        return next(self.suggest_many([(text, utterances)]))

    def suggest_many(
        self, texts: Iterable[tuple[str, Sequence[tuple[int, int]]]]
    ) -> Iterator[list[Suggestion]]:
        """One list of suggestions per (text, utterance spans), streamed through nlp.pipe."""
        assert self.nlp is not None
        pending: list[tuple[str, Sequence[tuple[int, int]]]] = []
        for item in texts:
            pending.append(item)
            if len(pending) >= 64:
                yield from self._run(pending)
                pending = []
        if pending:
            yield from self._run(pending)

    def _run(
        self, batch: list[tuple[str, Sequence[tuple[int, int]]]]
    ) -> Iterator[list[Suggestion]]:
        assert self.nlp is not None
        jobs: list[str] = []
        where: list[tuple[int, int]] = []
        for n, (text, spans) in enumerate(batch):
            for start, end in spans:
                if not 0 <= start <= end <= len(text):
                    raise ValueError(f"utterance span {start}-{end} outside the text")
                if end > start:
                    jobs.append(text[start:end])
                    where.append((n, start))
        found: list[_Hits] = [{} for _ in batch]
        # Tokenizer only: sentences are found later, in the documents that have a hit.
        docs = self.nlp.pipe(jobs, disable=self.nlp.pipe_names, batch_size=self.batch_size)
        for doc, job, (n, offset) in zip(docs, jobs, where, strict=True):
            self._match_doc(doc, job, offset, found[n])
        for hits in found:
            out: list[Suggestion] = []
            for (start, end), by_code in sorted(hits.items()):
                for code, words in sorted(by_code.items()):
                    matched = tuple(dict.fromkeys(words)) if len(words) > 1 else (words[0],)
                    out.append(Suggestion(start, end, code, matched))
            yield out

    def _match_doc(
        self,
        doc: Doc,
        text: str,
        offset: int,
        hits: _Hits,
    ) -> None:
        strings = doc.vocab.strings
        orths: list[int] = doc.to_array(self._orth_attr).tolist()
        present = set(orths)
        self._learn(present, strings)
        found = self._keyword_hits(orths, present, strings)
        if self._matcher is not None:
            if self._pattern_lemmas:
                for token, h in zip(doc, orths, strict=True):
                    token.lemma_ = self._lemma_of(h, strings)
            found.extend((start, end, (strings[match_id],))
                         for match_id, start, end in self._matcher(doc))
        if not found:
            return
        found.sort(key=lambda hit: (hit[0], hit[1]))  # matched words in text order
        self._add_hits(doc, text, offset, orths, found, hits)

    def _learn(self, present: set[int], strings: StringStore) -> None:
        """Lemmatise the words met for the first time, once, noting those that anchor a
        keyword."""
        seen = self._seen
        if seen.issuperset(present):
            return
        if len(seen) > 500_000:
            seen.clear()
            self._anchor_orths.clear()
        for h in present - seen:
            lem = _orth_lemma.get(h)
            if lem is None:
                if len(_orth_lemma) > 500_000:
                    _orth_lemma.clear()
                lem = _orth_lemma[h] = pipeline.lemma(strings[h])
            if lem in self._anchors:
                self._anchor_orths[h] = lem
            seen.add(h)

    def _keyword_hits(
        self, orths: list[int], present: set[int], strings: StringStore
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        """Token ranges whose lemmas spell a keyword, with the codes it belongs to."""
        anchors = self._anchors
        n = len(orths)
        found: list[tuple[int, int, tuple[str, ...]]] = []
        # Only words whose lemma anchors a keyword are looked at, found with list.index (in C).
        for h in present & self._anchor_orths.keys():
            entries = anchors[self._anchor_orths[h]]
            at = orths.index(h)
            while True:
                for seq, shift, codes in entries:
                    i = at - shift
                    j = i + len(seq)
                    if j == i + 1 or (i >= 0 and j <= n and all(
                            self._lemma_of(orths[k], strings) == seq[k - i] for k in range(i, j))):
                        found.append((i, j, codes))
                try:
                    at = orths.index(h, at + 1)
                except ValueError:
                    break
        return found

    def _add_hits(
        self,
        doc: Doc,
        text: str,
        offset: int,
        orths: list[int],
        found: list[tuple[int, int, tuple[str, ...]]],
        hits: _Hits,
    ) -> None:
        """File each hit under the sentence that holds it (trimmed of white space, in
        ``text``'s offsets) and its codes, with the words it matched."""
        strings = doc.vocab.strings
        idx_cache: dict[int, int] = {}

        def idx(k: int) -> int:
            at = idx_cache.get(k)
            if at is None:
                at = idx_cache[k] = doc[k].idx
            return at

        def word(k: int) -> str:
            return strings[orths[k]]

        kinds = self._kinds(doc, orths)
        spans: list[tuple[int, int, tuple[int, int]]] = []  # token lo, hi, char span
        for i, j, codes in found:
            for lo, hi, known in spans:
                if lo <= i < hi:
                    span = known
                    break
            else:
                lo, hi = self._sentence(kinds, i, j)
                a, b = lo, hi
                while a < b and word(a).isspace():
                    a += 1
                while b > a and word(b - 1).isspace():
                    b -= 1
                span = (offset + idx(a), offset + idx(b - 1) + len(word(b - 1)))
                spans.append((lo, hi, span))
            matched = text[idx(i):idx(j - 1) + len(word(j - 1))]
            by_code = hits.get(span)
            if by_code is None:
                by_code = hits[span] = {}
            for code in codes:
                got = by_code.get(code)
                if got is None:
                    by_code[code] = [matched]
                else:
                    got.append(matched)

def suggest(
    text: str,
    utterances: Sequence[tuple[int, int]],
    codes: Sequence[CodeRules],
) -> list[Suggestion]:
    """Keyword and pattern suggestions for one text; see ``Suggester`` for many texts."""
    return Suggester(codes).suggest(text, utterances)


def suggest_many(
    texts: Iterable[tuple[str, Sequence[tuple[int, int]]]],
    codes: Sequence[CodeRules],
) -> Iterator[list[Suggestion]]:
    return Suggester(codes).suggest_many(texts)
