"""Lemma frequencies, keyness (log-likelihood G2) and keyword-in-context over utterances.

Counting never runs spaCy over whole utterances. spaCy's tokenizer cuts text at whitespace
first and splits each whitespace-free chunk on its own (its special cases only apply when their
text equals a chunk's piece, never across whitespace), and the lemma is a lookup on the token's
text alone, so a chunk always yields the same counted lemmas wherever it stands. Chunks are
counted with ``str.split`` (the same ``isspace`` rule); each distinct chunk is tokenised once
and each distinct token text lemmatised once through ``pipeline.lemma`` (lower case, lookup
table), both remembered for the process. Only words
count: punctuation, spaces, numbers (digits and number words), tokens without a letter and,
unless asked otherwise, stop words (spaCy's English list, checked on the form and the lemma).

Keyness follows Rayson and Garside (2000): with a = count in the target, b = count in the
reference, c and d the two corpus sizes, E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d) and
G2 = 2(a ln(a/E1) + b ln(b/E2)) (0 ln 0 = 0). The sign says over-use (+) or under-use (-) in
the target relative to the reference. G2 > 3.84 is p < 0.05, 6.63 is p < 0.01, 15.13 is
p < 0.0001 (one degree of freedom).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import pipeline

__all__ = [
    "Hit",
    "Keyword",
    "ReferenceCounts",
    "keyness",
    "kwic",
    "lemma_counts",
    "log_likelihood",
    "reference_english",
]

REFERENCE_SIZE = 1_000_000_000  # notional size of the wordfreq-based English reference corpus

_count_key: dict[tuple[str, bool], str | None] = {}
_chunk_keys: dict[bool, dict[str, tuple[str, ...]]] = {True: {}, False: {}}  # by drop_stop
_CACHE_LIMIT = 500_000  # distinct token texts or chunks kept before a memo starts afresh


@dataclass(frozen=True)
class Keyword:
    word: str
    g2: float  # signed: + over-used in the target, - under-used
    count_target: int
    count_reference: int
    per_10k_target: float
    per_10k_reference: float
    log_ratio: float  # log2 of the ratio of relative frequencies (0.5 added to zero counts)


@dataclass(frozen=True)
class Hit:
    offset: int  # start of the match in the whole text
    left: str  # up to ``width`` characters before, within the utterance (line breaks as spaces)
    match: str
    right: str

    @property
    def end(self) -> int:
        return self.offset + len(self.match)


class ReferenceCounts(Counter[str]):
    """Counts estimated for a reference corpus of ``corpus_size`` words (not their sum)."""

    corpus_size: int

    def __init__(self, counts: Mapping[str, int], corpus_size: int) -> None:
        super().__init__(counts)
        self.corpus_size = corpus_size


def _key_for(text: str, drop_stop: bool) -> str | None:
    """The lemma a token text counts under, or None when it is not counted."""
    memo = _count_key.get((text, drop_stop), "")
    if memo != "":
        return memo
    result: str | None = None
    if any(ch.isalpha() for ch in text):
        nlp = pipeline.default_pipeline()
        lex = nlp.vocab[text]
        if not (lex.is_punct or lex.like_num or lex.like_url or lex.like_email):
            lem = pipeline.lemma(text)
            if drop_stop:
                from spacy.lang.en.stop_words import STOP_WORDS

                low = text.lower().replace("\u2019", "'")
                if low in STOP_WORDS or lem in STOP_WORDS:
                    lem = ""
            result = lem or None
    if len(_count_key) > _CACHE_LIMIT:
        _count_key.clear()
    _count_key[(text, drop_stop)] = result
    return result


def _span_texts(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    out = []
    for start, end in spans:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}-{end} outside the text")
        out.append(text[start:end])
    return out


def _keys_of_chunk(chunk: str, drop_stop: bool) -> tuple[str, ...]:
    """The lemmas a whitespace-free chunk counts as, in order (remembered per chunk)."""
    memo = _chunk_keys[drop_stop]
    found = memo.get(chunk)
    if found is not None:
        return found
    doc = pipeline.default_pipeline().tokenizer(chunk)
    keys = tuple(k for t in doc if (k := _key_for(t.text, drop_stop)) is not None)
    if len(memo) > _CACHE_LIMIT:
        memo.clear()
    memo[chunk] = keys
    return keys


def lemma_counts(
    text: str, spans: Iterable[tuple[int, int]], stop_words: bool = True
) -> Counter[str]:
    """Lower-case lemma frequencies over the given utterance spans of ``text``.

    ``stop_words=True`` leaves stop words out (the usual choice for keyness and word lists);
    False keeps them. Punctuation, numbers and spaces never count.
    """
    # A space between spans keeps the last chunk of one from joining the first of the next.
    chunks = Counter(" ".join(_span_texts(text, spans)).split())
    counts: Counter[str] = Counter()
    memo = _chunk_keys[stop_words]
    for chunk, n in chunks.items():
        keys = memo.get(chunk)  # looked up here, not in a call: millions of chunks at 10k
        for key in keys if keys is not None else _keys_of_chunk(chunk, stop_words):
            counts[key] += n
    return counts


def _xlogx(observed: float, expected: float) -> float:
    return observed * math.log(observed / expected) if observed > 0 else 0.0


def log_likelihood(count_a: float, total_a: float, count_b: float, total_b: float) -> float:
    """Signed log-likelihood G2 of a word's frequency in corpus A against corpus B.

    Positive when the word is relatively more frequent in A (over-use), negative when less.
    """
    if total_a <= 0 or total_b <= 0:
        raise ValueError("corpus sizes must be positive")
    if count_a < 0 or count_b < 0 or count_a > total_a or count_b > total_b:
        raise ValueError("counts must lie between 0 and the corpus size")
    both = count_a + count_b
    if both == 0:
        return 0.0
    expected_a = total_a * both / (total_a + total_b)
    expected_b = total_b * both / (total_a + total_b)
    g2 = 2.0 * (_xlogx(count_a, expected_a) + _xlogx(count_b, expected_b))
    return -g2 if count_a / total_a < count_b / total_b else g2


def keyness(
    target: Mapping[str, int],
    reference: Mapping[str, int],
    top: int = 20,
    *,
    target_total: int | None = None,
    reference_total: int | None = None,
    under: bool = False,
    min_g2: float = 0.0,
    min_count: int = 1,
) -> list[Keyword]:
    """The ``top`` key words of ``target`` against ``reference`` by signed G2.

    Totals default to the sum of each side's counts (for ``ReferenceCounts``, its
    ``corpus_size``). ``under=True`` lists the most under-used words instead. Words need at
    least ``min_count`` occurrences on the side being reported and |G2| >= ``min_g2``.
    Ties break alphabetically, so the result is deterministic.
    """
    total_t = target_total if target_total is not None else sum(target.values())
    total_r = reference_total
    if total_r is None:
        total_r = getattr(reference, "corpus_size", None) or sum(reference.values())
    if total_t <= 0 or total_r <= 0:
        return []
    words = set(target) | (set(reference) if under else set())
    out = []
    for word in words:
        a = target.get(word, 0)
        b = reference.get(word, 0)
        if (b if under else a) < min_count:
            continue
        g2 = log_likelihood(a, total_t, b, total_r)
        if (g2 >= 0.0 if under else g2 <= 0.0) or abs(g2) < min_g2:
            continue
        ratio = ((a or 0.5) / total_t) / ((b or 0.5) / total_r)
        out.append(Keyword(word, g2, a, b, a * 10_000 / total_t, b * 10_000 / total_r,
                           math.log2(ratio)))
    out.sort(key=lambda k: (k.g2 if under else -k.g2, k.word))
    return out[:top]


def reference_english(
    words: Iterable[str], corpus_size: int = REFERENCE_SIZE, *, lemmas: bool = True
) -> ReferenceCounts:
    """Estimated counts of ``words`` in a general English corpus of ``corpus_size`` words.

    From wordfreq's offline frequency lists (its "best" English list, a blend of subtitles,
    news, books, web and social media). With ``lemmas=True`` each word is taken as a lemma
    and the frequencies of all its forms in the lookup table are added ("trust" = trust +
    trusts + trusted + trusting), to match ``lemma_counts``. Use it as ``reference`` in
    ``keyness`` (its ``corpus_size`` is the reference total).
    """
    from wordfreq import word_frequency

    counts: dict[str, int] = {}
    for word in set(words):
        forms = pipeline.lemma_forms(word) if lemmas else frozenset({word.lower()})
        freq = sum(word_frequency(f, "en") for f in forms if f.isprintable())
        counts[word] = round(freq * corpus_size)
    return ReferenceCounts(counts, corpus_size)


def _clip(s: str) -> str:
    return s.replace("\r", " ").replace("\n", " ")


def kwic(
    text: str,
    spans: Sequence[tuple[int, int]],
    term: str,
    lemma: bool = False,
    width: int = 40,
) -> list[Hit]:
    """Keyword in context: every occurrence of ``term`` inside the utterance spans.

    ``lemma=False`` matches the term case-insensitively as whole words (a phrase's words may
    be separated by any run of spaces). ``lemma=True`` matches any inflection through token
    lemmas ("trust" finds "Trusted" and "trusting"; "turn up" finds "turned up").
    Context is cut at the utterance's ends and is at most ``width`` characters a side.
    """
    if width < 0:
        raise ValueError("width must not be negative")
    texts = _span_texts(text, spans)
    found: list[tuple[int, int, int, int]] = []  # match start, end, span start, span end
    if lemma:
        from .suggest import keyword_lemmas

        seq = keyword_lemmas(term)
        if not seq:
            return []
        nlp = pipeline.default_pipeline()
        k = len(seq)
        docs = nlp.pipe(texts, disable=nlp.pipe_names)
        for (s_start, s_end), doc in zip(spans, docs, strict=True):
            lems = [pipeline.lemma(t.text) for t in doc]
            for i in range(len(lems) - k + 1):
                if lems[i] == seq[0] and tuple(lems[i:i + k]) == seq:
                    last = doc[i + k - 1]
                    found.append((s_start + doc[i].idx, s_start + last.idx + len(last.text),
                                  s_start, s_end))
    else:
        words = term.split()
        if not words:
            return []
        body = r"\s+".join(re.escape(w) for w in words)
        rx = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
        for (s_start, s_end), chunk in zip(spans, texts, strict=True):
            for m in rx.finditer(chunk):
                found.append((s_start + m.start(), s_start + m.end(), s_start, s_end))
    hits = []
    for start, end, s_start, s_end in sorted(found):
        hits.append(Hit(
            offset=start,
            left=_clip(text[max(s_start, start - width):start]),
            match=_clip(text[start:end]),
            right=_clip(text[end:min(s_end, end + width)]),
        ))
    return hits
