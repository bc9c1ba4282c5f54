"""What a codebook merge hands back: the merged doc and an account of every choice made.

All plain frozen values, so a front end can show them, a test can compare them and
``render_report`` can write them down the same way every time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from themework.domain.codebook import CodebookDoc, CodeSpec

__all__ = [
    "Conflict",
    "Decide",
    "Decision",
    "Kind",
    "MergeResult",
    "Removal",
    "Scores",
    "Via",
]

Kind = Literal["exact", "near", "uncertain", "separate"]
Via = Literal["id", "name", "alias", "fuzzy"]
Item = Literal["code", "theme", "codebook"]

BASE = "base"  # the label of the common ancestor in conflicts and decisions


@dataclass(frozen=True)
class Scores:
    """Similarities from 0 to 100, rounded to one decimal.

    ``definition`` is None unless both codes have a definition, ``keywords`` None unless both
    have keywords; ``combined`` weighs what is there (see ``themework.merge.similarity``)."""

    name: float
    definition: float | None
    keywords: float | None
    combined: float


@dataclass(frozen=True)
class Decision:
    """Whether a code from one side is the same code as one already seen.

    ``left`` is the label of the earlier side (or ``"base"``) and ``left_code`` its code;
    ``right``/``right_code`` the code being placed. ``kind``: ``exact`` (same id, name or
    alias), ``near`` (fuzzy score at or above the threshold: merged), ``uncertain`` (in the
    band below it: merged only when a ``decide`` callback says so) or ``separate`` (the
    closest candidate, kept apart). A ``decide`` callback sees it with ``merged=False``.
    ``reason`` says which rule made a fuzzy pair ``near`` or ``uncertain`` (see
    ``themework.merge.similarity``): "same name form", "score", "same terms", "similar
    definitions" or "closest match"; it is "" for the others."""

    left: str
    left_code: CodeSpec
    right: str
    right_code: CodeSpec
    kind: Kind
    via: Via
    scores: Scores
    merged: bool = False
    decided_by: Literal["rule", "callback", "default"] = "rule"
    reason: str = ""


@dataclass(frozen=True)
class Conflict:
    """A field the sides disagree on, and what the merge kept.

    ``item`` says what ``code`` names: a code id, a theme id, or "" for the codebook title.
    ``values`` are ``(label, value as text)`` for ``"base"`` (three-way) and every side that
    has the item; ``choices`` the labels a ``decide`` callback may answer with and ``chosen``
    the label whose value won. Field ``deleted``: removed on some sides, changed on others."""

    item: Item
    field: str
    code: str
    name: str
    values: tuple[tuple[str, str], ...]
    choices: tuple[str, ...]
    chosen: str
    resolution: str
    decided_by: Literal["default", "callback"] = "default"


@dataclass(frozen=True)
class Removal:
    """A code or theme of the base that the merge leaves out, and why."""

    item: Literal["code", "theme"]
    id: str
    name: str
    reason: str


@dataclass(frozen=True)
class MergeResult:
    doc: CodebookDoc  # ids assigned; passes ``lint_codebook(dump_codebook(doc), ...)``
    decisions: tuple[Decision, ...]
    conflicts: tuple[Conflict, ...]
    removed: tuple[Removal, ...]
    notes: tuple[str, ...]  # housekeeping: ids re-assigned, aliases or references dropped
    labels: tuple[str, ...]
    three_way: bool
    threshold: float
    band: float


# The answer to a Decision is "merge" or "separate"; to a Conflict, one of its ``choices``.
Decide = Callable[[Decision | Conflict], str]
