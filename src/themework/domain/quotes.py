"""Finding verbatim quotes of someone's words in other text (memos, narratives, snapshots).

When a participant withdraws, a researcher's memo or narrative may still quote them. A quote
is a run of at least ``QUOTE_WORDS`` consecutive words (case-folded, punctuation ignored)
that also occurs, in that order, in what they said. Runs are found through word shingles,
so the cost grows with the length of the texts, not with their product.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

QUOTE_WORDS = 5
WITHDRAWN_QUOTE = "[quote withdrawn]"
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def shingles(texts: Iterable[str], n: int = QUOTE_WORDS) -> frozenset[tuple[str, ...]]:
    """Every run of ``n`` consecutive words in ``texts``, case-folded."""
    out: set[tuple[str, ...]] = set()
    for text in texts:
        words = [m.group().casefold() for m in _words(text)]
        out.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return frozenset(out)


def redact_quotes(
    text: str, said: frozenset[tuple[str, ...]], n: int = QUOTE_WORDS
) -> tuple[str, int]:
    """``text`` with every quote of ``said`` replaced by ``WITHDRAWN_QUOTE``, and how many.

    Overlapping or touching runs become one replacement; the words around stay as written.
    """
    if not said or not text:
        return text, 0
    words = _words(text)
    folded = [m.group().casefold() for m in words]
    spans: list[list[int]] = []
    for i in range(len(words) - n + 1):
        if tuple(folded[i : i + n]) in said:
            start, end = words[i].start(), words[i + n - 1].end()
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
    if not spans:
        return text, 0
    pieces, pos = [], 0
    for start, end in spans:
        pieces += [text[pos:start], WITHDRAWN_QUOTE]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), len(spans)
