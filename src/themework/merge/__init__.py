"""Codebook merging: match codes across files (id, name or alias, then similarity of names
and definitions), merge their fields two-way or three-way, and report every decision and
conflict.

Pure functions over codebook docs: the standard library, rapidfuzz, numpy,
``themework.domain`` and, for lemmas, ``themework.nlp.terms`` (which loads spaCy's lookup
table on first use, not on import).
"""

from __future__ import annotations

from themework.merge.codebook_merge import DEFAULT_BAND, DEFAULT_THRESHOLD, merge_codebooks
from themework.merge.model import (
    Conflict,
    Decide,
    Decision,
    MergeResult,
    Removal,
    Scores,
)
from themework.merge.report import render_report

__all__ = [
    "DEFAULT_BAND",
    "DEFAULT_THRESHOLD",
    "Conflict",
    "Decide",
    "Decision",
    "MergeResult",
    "Removal",
    "Scores",
    "merge_codebooks",
    "render_report",
]
