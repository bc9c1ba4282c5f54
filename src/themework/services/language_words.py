"""Word tables for ``LanguageService.words``: speakers' lemma counts pooled into groups, and
each group's top words or its key words (log-likelihood keyness), as rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

INTERVIEWER = "(interviewer)"


@dataclass(frozen=True)
class WordRow:
    group: str  # "all" or an attribute value
    word: str
    count: int
    per_10k: float
    g2: float | None  # keyness against the rest of the corpus (or general English)


def group_counts(
    per_transcript: Iterable[tuple[str, Mapping[str, Mapping[str, int]]]],
    attrs: dict[str, dict[str, str]],
    by: str | None,
    include_interviewer: bool,
) -> dict[str, Counter[str]]:
    """Lemma counts pooled as ``all``, or by the speakers' value of attribute ``by``
    (interviewers a group of their own, participants without the attribute ``(none)``)."""
    groups: dict[str, Counter[str]] = {}
    for _tid, per_speaker in per_transcript:
        for who, counts in per_speaker.items():
            if who == INTERVIEWER and not include_interviewer:
                continue
            group = (
                "all"
                if by is None
                else (
                    INTERVIEWER if who == INTERVIEWER else attrs.get(who, {}).get(by, "(none)")
                )
            )
            groups.setdefault(group, Counter()).update(counts)
    return groups


def word_rows(
    groups: dict[str, Counter[str]], *, by: str | None, top: int, reference: str | None
) -> list[WordRow]:
    """Per group: its key words against general English (``reference='english'``) or
    against the other groups (``by``), else its most frequent words."""
    from themework.nlp.lemmas import keyness, reference_english

    total_all = Counter[str]()
    for c in groups.values():
        total_all.update(c)
    rows: list[WordRow] = []
    for group in sorted(groups):
        counts = groups[group]
        size = sum(counts.values())
        if reference == "english":
            ref: Any = reference_english(counts)
            keys = {k.word: k.g2 for k in keyness(counts, ref, top=top, target_total=size)}
            chosen = sorted(keys, key=lambda w: (-keys[w], w))
        elif by is not None:
            rest = total_all - counts
            keys = {
                k.word: k.g2
                for k in keyness(
                    counts, rest, top=top, target_total=size, reference_total=sum(rest.values())
                )
            }
            chosen = sorted(keys, key=lambda w: (-keys[w], w))
        else:
            keys = {}
            chosen = [w for w, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:top]]
        for word in chosen:
            rows.append(
                WordRow(
                    group,
                    word,
                    counts[word],
                    round(counts[word] * 10_000 / size, 2) if size else 0.0,
                    round(keys[word], 2) if word in keys else None,
                )
            )
    return rows
