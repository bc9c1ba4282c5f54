"""Matcher patterns a code may carry: checked against what the offline pipeline sets (no
tagger or parser runs, so POS, DEP, entity and sentence attributes would never match)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Pattern = Sequence[Mapping[str, Any]]

_UNSUPPORTED_ATTRS = frozenset(
    {"POS", "TAG", "DEP", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "HEAD",
     "SENT_START", "IS_SENT_START", "IS_SENT_END"}
)


def check_pattern(code_key: str, pattern: Pattern) -> list[dict[str, Any]]:
    if not pattern:
        raise ValueError(f"code {code_key}: empty Matcher pattern")
    out = []
    for token in pattern:
        if not isinstance(token, Mapping):
            raise ValueError(f"code {code_key}: each pattern token must be a mapping")
        bad = sorted(k for k in token if str(k).upper() in _UNSUPPORTED_ATTRS)
        if bad:
            raise ValueError(
                f"code {code_key}: pattern attribute {bad[0]} needs a trained tagger or "
                "parser; the offline pipeline sets text, lemma and shape attributes only"
            )
        out.append(dict(token))
    return out


def uses_lemma(value: Any) -> bool:
    """Whether a pattern compares lemmas: only then are the tokens given theirs first."""
    if isinstance(value, Mapping):
        return any(str(k).upper() == "LEMMA" or uses_lemma(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(uses_lemma(v) for v in value)
    return False
