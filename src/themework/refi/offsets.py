"""Selection offsets as each producer counts them, converted to themework's.

The standard counts code points over the source text as shipped. Producers differ:

- NVivo counts UTF-16 code units (a character outside the Basic Multilingual Plane, such as
  an emoji, counts 2) over the text as shipped, where a Windows CRLF counts 2; a BOM is
  not counted.
- ATLAS.ti counts a line break as 1 although its text files hold CRLF.
- Everyone else (MAXQDA, QualCoder, Taguette, themework) follows the standard.

``Converter`` maps a producer's offset to a code point offset into the text with LF line
ends (``lf_text``), which the importer then maps into the stored transcript. Offsets are
only converted, never searched for: one that does not land is reported by the caller.
"""

from __future__ import annotations

import bisect

STANDARD = "standard"
NVIVO = "nvivo"
ATLAS = "atlas"


def producer(origin: str, shape_hints: frozenset[str] = frozenset()) -> str:
    """The offset convention of the tool that wrote a project: its ``origin`` attribute
    first, else the file's shape (``shape_hints`` such as ``braced-upper-guids``)."""
    name = origin.casefold()
    if "nvivo" in name:
        return NVIVO
    if "atlas" in name:
        return ATLAS
    if name:
        return STANDARD
    # No origin: ATLAS.ti names the inner file after the project and writes upper-case
    # GUIDs; nothing else in the shape tells NVivo from the standard reliably.
    if {"named-qde", "upper-guids"} <= shape_hints:
        return ATLAS
    return STANDARD


class Converter:
    """For one source: ``raw`` is the text as shipped (decoded, BOM removed)."""

    def __init__(self, raw: str, convention: str) -> None:
        self.raw = raw
        self.convention = convention
        self._crlf = _find_all(raw, "\r\n")  # where each CRLF starts
        astral = [] if raw.isascii() else [i for i, ch in enumerate(raw) if ord(ch) > 0xFFFF]
        # The UTF-16 position of each astral character: each earlier one adds a unit.
        self._units = [p + n for n, p in enumerate(astral)]

    @property
    def lf_text(self) -> str:
        return self.raw.replace("\r\n", "\n").replace("\r", "\n")

    def to_lf(self, offset: int) -> int | None:
        """The offset in ``lf_text``; None when it falls outside the text or inside a
        character (half of a UTF-16 pair, or between the CR and LF of a line break)."""
        if offset < 0:
            return None
        if self.convention == ATLAS:
            # Line breaks counted once: the offset is already one into the LF text.
            return offset if offset <= len(self.raw) - len(self._crlf) else None
        raw = offset
        if self.convention == NVIVO:
            done = bisect.bisect_left(self._units, offset - 1)  # pairs ending by offset
            if done < len(self._units) and self._units[done] == offset - 1:
                return None  # between the two halves of a surrogate pair
            raw = offset - done
        if raw > len(self.raw):
            return None
        pairs = bisect.bisect_left(self._crlf, raw)  # CRLFs starting before raw
        if pairs and self._crlf[pairs - 1] + 1 == raw:
            return None  # between CR and LF
        return raw - pairs


def _find_all(text: str, needle: str) -> list[int]:
    out = []
    pos = text.find(needle)
    while pos != -1:
        out.append(pos)
        pos = text.find(needle, pos + len(needle))
    return out
