"""Analytic narratives: Markdown with extracts embedded by reference, ``{{extract:ID}}``."""

from __future__ import annotations

import re

EXTRACT_REF = re.compile(r"\{\{\s*extract\s*:\s*(\d+)\s*\}\}")


def extract_ids(narrative: str) -> list[int]:
    return [int(m.group(1)) for m in EXTRACT_REF.finditer(narrative)]


# Punctuation written straight after a reference ("{{extract:1}}. When ...") ends the
# sentence the extract sits in; rendered on its own it would open the next paragraph.
_CLOSING = re.compile(r"[ \t]*([.,;:!?\u2026)\]\u201d\u2019\u00bb]+)")


def narrative_pieces(narrative: str) -> list[str | int]:
    """The narrative in order as text pieces and extract ids, blank pieces left out.

    Punctuation right after a reference goes to the end of the text before it, so that
    ``...as {{extract:1}}. When this failed...`` renders "...as." above the extract and
    "When this failed..." below it, never a paragraph starting with ". When". With no text
    before the reference there is no sentence to end, and the stray mark is dropped.
    """
    out: list[str | int] = []
    pos = 0
    for m in EXTRACT_REF.finditer(narrative):
        before = narrative[pos : m.start()]
        pos = m.end()
        closing = _CLOSING.match(narrative, pos)
        if closing is not None:
            pos = closing.end()
            if before.strip():
                before = before.rstrip() + closing.group(1)
        if before.strip():
            out.append(before)
        out.append(int(m.group(1)))
    if narrative[pos:].strip():
        out.append(narrative[pos:])
    return out
