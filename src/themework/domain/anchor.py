"""Re-anchoring coded spans when a transcript's text changes.

A diff of old and new text maps each offset that lies in unchanged text. A span whose ends
fall inside changed text is looked up by its quoted text near where it was; one that cannot
be placed is returned as ``None`` so the caller flags it (it is never silently dropped).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: bool  # the span's text is unchanged


class OffsetMap:
    """Maps offsets in the old text to the new one through the diff's equal blocks."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        # Diff lines first (fast and stable), then characters inside changed line blocks.
        old_lines = old.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        old_pos = _starts(old_lines)
        new_pos = _starts(new_lines)
        blocks: list[tuple[int, int, int]] = []  # (old_start, new_start, length)
        sm = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            o1, o2, n1, n2 = old_pos[i1], old_pos[i2], new_pos[j1], new_pos[j2]
            if tag == "equal":
                blocks.append((o1, n1, o2 - o1))
            elif tag == "replace":
                inner = SequenceMatcher(None, old[o1:o2], new[n1:n2], autojunk=False)
                for a, b, size in inner.get_matching_blocks():
                    if size:
                        blocks.append((o1 + a, n1 + b, size))
        self._blocks = blocks
        self._keys = [b[0] for b in blocks]

    def map(self, offset: int, *, is_end: bool = False) -> int | None:
        # An end offset is the position after the last character: map that character.
        probe = offset - 1 if is_end else offset
        if probe < 0:
            return 0 if not is_end else None
        i = bisect.bisect_right(self._keys, probe) - 1
        if i < 0:
            return None
        o, n, size = self._blocks[i]
        if probe >= o + size:
            return None
        mapped = n + (probe - o)
        return mapped + 1 if is_end else mapped

    def anchor(self, start: int, end: int) -> Anchor | None:
        quote = self.old[start:end]
        new_start, new_end = self.map(start), self.map(end, is_end=True)
        if new_start is not None and new_end is not None and new_end > new_start:
            return Anchor(new_start, new_end, self.new[new_start:new_end] == quote)
        return self._find(quote, new_start if new_start is not None else new_end)

    def _find(self, quote: str, hint: int | None) -> Anchor | None:
        if not quote.strip():
            return None
        hits: list[int] = []
        pos = self.new.find(quote)
        while pos != -1 and len(hits) < 50:
            hits.append(pos)
            pos = self.new.find(quote, pos + 1)
        if not hits:
            return None
        if len(hits) > 1 and hint is None:
            return None  # ambiguous: better flagged than guessed
        best = min(hits, key=lambda h: abs(h - (hint or 0)))
        return Anchor(best, best + len(quote), True)


def _starts(lines: list[str]) -> list[int]:
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line))
    return out
