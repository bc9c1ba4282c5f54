"""The units agreement is counted over, one source (transcript) at a time: the countable
characters of a source for character-level agreement, or its discrete units (turns,
sentences) for unit-level agreement, each with the coders who marked the source done."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from themework.domain.spans import merge_intervals

_merge = merge_intervals  # overlapping or touching intervals become one


@dataclass(frozen=True)
class UnitSpace:
    """The countable characters of one source (transcript): its utterance spans, merged on
    construction, and the coders who marked the source as done."""

    source: str
    intervals: tuple[tuple[int, int], ...]
    done: frozenset[str] = frozenset()
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    ends: tuple[int, ...] = field(init=False, repr=False, compare=False)
    length: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for start, end in self.intervals:
            if start < 0 or end < start:
                raise ValueError(f"{self.source}: bad countable interval {start}:{end}")
        merged = tuple(_merge((s, e) for s, e in self.intervals if e > s))
        object.__setattr__(self, "intervals", merged)
        object.__setattr__(self, "done", frozenset(self.done))
        object.__setattr__(self, "starts", tuple(s for s, _ in merged))
        object.__setattr__(self, "ends", tuple(e for _, e in merged))
        object.__setattr__(self, "length", sum(e - s for s, e in merged))

    def clip(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sorted disjoint spans, cut down to the countable intervals."""
        starts, ends = self.starts, self.ends
        out: list[tuple[int, int]] = []
        for start, end in spans:
            i = bisect_right(ends, start)  # first countable interval ending after start
            while i < len(starts) and starts[i] < end:
                a = start if start > starts[i] else starts[i]
                b = end if end < ends[i] else ends[i]
                if a < b:
                    out.append((a, b))
                i += 1
        return out


@dataclass(frozen=True)
class UnitList:
    """The discrete units (turn numbers, sentence ids, ...) of one source and the coders who
    marked the source as done."""

    source: str
    units: tuple[Hashable, ...]
    done: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(self.units))
        object.__setattr__(self, "done", frozenset(self.done))
        if len(set(self.units)) != len(self.units):
            raise ValueError(f"{self.source}: a unit is listed twice")
