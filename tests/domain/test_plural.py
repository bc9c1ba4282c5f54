"""Counts in words (issue 11, defect 11: "removed 1 codings", "1 extracts", "1 codes")."""

from __future__ import annotations

import re
from pathlib import Path

from themework.domain.plural import plural

SRC = Path(__file__).resolve().parents[2] / "src" / "themework"
NOUNS = ("coding", "code", "extract", "theme", "transcript", "turn", "participant", "memo",
         "suggestion", "exemplar", "word", "warning", "file", "row", "pair", "hit")
# A count written straight before a plural noun, e.g. f"{len(found)} codings".
BARE = re.compile(r"\{[^{}]*\} (?:" + "|".join(NOUNS) + r")s\b")


def test_one_is_singular_and_the_rest_plural() -> None:
    assert plural(1, "coding") == "1 coding"
    assert [plural(n, "extract") for n in (0, 2)] == ["0 extracts", "2 extracts"]
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(12345, "turn", fmt=",") == "12,345 turns"


def test_no_user_facing_string_writes_a_count_before_a_bare_plural() -> None:
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE.search(line) and ("f\"" in line or "f'" in line)
    ]
    assert found == []

