"""Where coders disagree: stretches of text that some but not all coders gave a code.

Pure functions. A component is a maximal stretch covered by any coder's coding of one code
in one transcript; it is a disagreement when the coders' coverage inside it differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from themework.domain.spans import merge_intervals


@dataclass(frozen=True)
class Component:
    transcript: str
    code: str
    start: int
    end: int
    coverage: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]  # coder -> merged spans

    @property
    def key(self) -> str:
        return f"{self.code}@{self.transcript}:{self.start}-{self.end}"

    def spans_of(self, coder: str) -> tuple[tuple[int, int], ...]:
        return dict(self.coverage).get(coder, ())

    @property
    def agreed(self) -> bool:
        spans = [s for _, s in self.coverage]
        return all(s == spans[0] for s in spans)


def components(
    codings: Iterable[tuple[str, str, str, int, int]], coders: Sequence[str]
) -> list[Component]:
    """``codings``: (transcript, code, coder, start, end) for the compared coders."""
    grouped: dict[tuple[str, str], dict[str, list[tuple[int, int]]]] = {}
    for transcript, code, coder, start, end in codings:
        if coder in coders:
            grouped.setdefault((transcript, code), {}).setdefault(coder, []).append((start, end))
    out: list[Component] = []
    for (transcript, code), by_coder in sorted(grouped.items()):
        merged = {c: merge_intervals(by_coder.get(c, [])) for c in coders}
        for start, end in merge_intervals(s for spans in merged.values() for s in spans):
            cov = tuple(
                (c, tuple((a, b) for a, b in merged[c] if a < end and b > start)) for c in coders
            )
            out.append(Component(transcript, code, start, end, cov))
    return out


def resolve(component: Component, take: str) -> list[tuple[int, int]]:
    """The spans a decision keeps: one coder's, their union, their intersection, or none."""
    if take == "none":
        return []
    if take == "union":
        return [(component.start, component.end)]
    if take == "intersection":
        spans = [set(_chars(s)) for _, s in component.coverage]
        common = set.intersection(*spans) if spans else set()
        return _runs(sorted(common))
    coders = dict(component.coverage)
    if take not in coders:
        raise KeyError(take)
    return list(coders[take])


def _chars(spans: Sequence[tuple[int, int]]) -> Iterable[int]:
    for a, b in spans:
        yield from range(a, b)


def _runs(chars: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in chars:
        if out and out[-1][1] == c:
            out[-1] = (out[-1][0], c + 1)
        else:
            out.append((c, c + 1))
    return out
