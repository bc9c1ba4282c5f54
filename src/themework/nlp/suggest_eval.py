"""How well suggestions agree with human codings (``themework suggest --evaluate``).

Overlap-based precision and recall per code, summed across texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .suggest import Suggestion


@dataclass
class CodeScore:
    """Overlap-based agreement of suggestions with human codings for one code.

    ``true_positives``: suggestions that overlap a human coding of the same code;
    ``recalled``: human codings overlapped by some suggestion of that code. Scores add up
    across texts with ``+``; precision and recall are None where undefined.
    """

    code_key: str
    suggestions: int = 0
    true_positives: int = 0
    human: int = 0
    recalled: int = 0

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.suggestions if self.suggestions else None

    @property
    def recall(self) -> float | None:
        return self.recalled / self.human if self.human else None

    def __add__(self, other: CodeScore) -> CodeScore:
        if other.code_key != self.code_key:
            raise ValueError("cannot add scores of different codes")
        return CodeScore(
            self.code_key,
            self.suggestions + other.suggestions,
            self.true_positives + other.true_positives,
            self.human + other.human,
            self.recalled + other.recalled,
        )


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate(
    suggestions: Iterable[Suggestion],
    human_codings: Iterable[tuple[int, int, str]],
) -> dict[str, CodeScore]:
    """Per-code precision and recall of suggestions against human codings of the same text.

    A suggestion is a true positive when it overlaps (shares at least one character with) a
    human coding of the same code; recall is the share of human codings overlapped by at least
    one suggestion of that code. Codes appear when either side has them.
    """
    by_code_s: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        by_code_s.setdefault(s.code_key, []).append(s)
    by_code_h: dict[str, list[tuple[int, int]]] = {}
    for start, end, code in human_codings:
        by_code_h.setdefault(code, []).append((start, end))
    scores: dict[str, CodeScore] = {}
    for code in sorted(set(by_code_s) | set(by_code_h)):
        sugg = by_code_s.get(code, [])
        human = by_code_h.get(code, [])
        tp = sum(1 for s in sugg if any(_overlaps(s.start, s.end, hs, he) for hs, he in human))
        recalled = sum(
            1 for hs, he in human if any(_overlaps(s.start, s.end, hs, he) for s in sugg)
        )
        scores[code] = CodeScore(code, len(sugg), tp, len(human), recalled)
    return scores
