"""Scoring of the identifier checker on the held-out set and the sample transcripts.

Used by test_identifiers_heldout.py and by bench_nlp.py (run as a script for the figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from themework.nlp.identifiers import Finding, check

HERE = Path(__file__).resolve().parent
HELDOUT_TEXT = HERE / "data" / "heldout.txt"
HELDOUT_KEY = HERE / "data" / "heldout.yaml"
SAMPLES = HERE.parent.parent / "transcripts_sample"


@dataclass
class Score:
    words: int = 0
    planted: int = 0
    found_any: int = 0  # planted identifiers overlapped by any finding
    found_high: int = 0  # ... by a high finding
    found_kind: int = 0  # ... by a finding of the planted kind
    missed: list[tuple[str, str]] = field(default_factory=list)
    false_high: list[Finding] = field(default_factory=list)
    false_review: list[Finding] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_any / self.planted if self.planted else 1.0

    @property
    def recall_high(self) -> float:
        return self.found_high / self.planted if self.planted else 1.0

    def per_10k(self, items: list[Finding]) -> float:
        return len(items) * 10_000 / self.words if self.words else 0.0


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text))


def score(text: str, planted: list[tuple[str, int, int]], findings: list[Finding]) -> Score:
    result = Score(words=word_count(text), planted=len(planted))
    used: set[int] = set()
    for kind, s, e in planted:
        hits = [(i, f) for i, f in enumerate(findings) if f.start < e and s < f.end]
        used.update(i for i, _ in hits)
        if hits:
            result.found_any += 1
            result.found_high += any(f.confidence == "high" for _, f in hits)
            result.found_kind += any(f.kind == kind for _, f in hits)
        else:
            result.missed.append((kind, text[s:e]))
    for i, f in enumerate(findings):
        if i not in used:
            (result.false_high if f.confidence == "high" else result.false_review).append(f)
    return result


def heldout() -> tuple[str, list[tuple[str, int, int]]]:
    text = HELDOUT_TEXT.read_text("utf-8")
    entries = yaml.safe_load(HELDOUT_KEY.read_text("utf-8"))["identifiers"]
    planted = []
    for entry in entries:
        start = 0
        found = False
        while (pos := text.find(entry["text"], start)) >= 0:
            planted.append((entry["kind"], pos, pos + len(entry["text"])))
            start = pos + 1
            found = True
        if not found:
            raise AssertionError(f"planted identifier not in heldout.txt: {entry}")
    return text, planted


def score_heldout() -> Score:
    text, planted = heldout()
    return score(text, planted, check(text))


def score_samples() -> Score:
    total = Score()
    for path in sorted(SAMPLES.glob("*.txt")):
        if path.name == "README.md":
            continue
        text = path.read_text("utf-8")
        s = score(text, [], check(text))
        total.words += s.words
        total.false_high += s.false_high
        total.false_review += s.false_review
    return total
