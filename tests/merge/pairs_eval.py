"""Scoring of codebook merging on the labelled pairs in data/pairs.yaml.

Each study there has two coders' codebooks, merged as ``themework codebook merge a.yaml
b.yaml`` would merge them (default settings, nobody answering questions). A pair merged
without asking (an ``exact`` or ``near`` decision) is *automatic*; an ``uncertain`` one is
*offered* (``--interactive`` asks about it). Precision counts every automatic merge, labelled
or not: one not labelled ``same`` is a wrong merge. Recall counts the ``same`` pairs that
were merged or offered.

Used by test_merge_eval.py (the targets) and bench/merge_eval.py (the figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from themework.domain.codebook import parse_codebook
from themework.merge import DEFAULT_THRESHOLD, merge_codebooks

PAIRS = Path(__file__).resolve().parent / "data" / "pairs.yaml"

Pair = tuple[str, str, str]  # field, a's code name, b's code name


@dataclass
class Figures:
    same: int = 0
    different: int = 0
    automatic: list[Pair] = field(default_factory=list)
    offered: list[Pair] = field(default_factory=list)
    wrong_merges: list[Pair] = field(default_factory=list)  # automatic, not labelled same
    missed: list[Pair] = field(default_factory=list)  # same, neither merged nor offered
    offered_different: list[Pair] = field(default_factory=list)  # labelled different, offered
    merged_same: int = 0  # same pairs merged automatically

    @property
    def precision(self) -> float:
        """Of the automatic merges, the share that are true pairs (1.0 when there are none)."""
        if not self.automatic:
            return 1.0
        return 1 - len(self.wrong_merges) / len(self.automatic)

    @property
    def recall(self) -> float:
        """Of the true pairs, the share merged or offered."""
        return 1 - len(self.missed) / self.same if self.same else 1.0


def load(path: Path = PAIRS) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields: list[dict[str, object]] = data["fields"]
    return fields


def evaluate(path: Path = PAIRS, threshold: float = DEFAULT_THRESHOLD) -> Figures:
    out = Figures()
    for study in load(path):
        name = str(study["field"])
        a = parse_codebook(yaml.safe_dump(study["a"], sort_keys=False), f"{name} a")
        b = parse_codebook(yaml.safe_dump(study["b"], sort_keys=False), f"{name} b")
        same = {(name, x, y) for x, y in study["same"]}  # type: ignore[attr-defined]
        different = {(name, x, y) for x, y in study["different"]}  # type: ignore[attr-defined]
        out.same += len(same)
        out.different += len(different)
        result = merge_codebooks([("a", a), ("b", b)], threshold=threshold)
        surfaced: set[Pair] = set()
        for d in result.decisions:
            pair = (name, d.left_code.name, d.right_code.name)
            if d.merged:
                out.automatic.append(pair)
                out.merged_same += pair in same
                if pair not in same:
                    out.wrong_merges.append(pair)
            elif d.kind == "uncertain":
                out.offered.append(pair)
                if pair in different:
                    out.offered_different.append(pair)
            else:
                continue
            surfaced.add(pair)
        out.missed += sorted(same - surfaced)
    return out


def summary(figures: Figures) -> list[str]:
    f = figures
    lines = [
        f"labelled pairs: {f.same + f.different} ({f.same} same, {f.different} different)",
        f"automatic merges: {len(f.automatic)}, precision "
        f"{100 * f.precision:.1f}% ({len(f.wrong_merges)} wrong)",
        f"true pairs surfaced (merged or offered): {f.same - len(f.missed)}/{f.same}, recall "
        f"{100 * f.recall:.1f}% ({f.merged_same} merged, "
        f"{f.same - len(f.missed) - f.merged_same} offered)",
        f"offered in all: {len(f.offered)}, of them labelled different: "
        f"{len(f.offered_different)}/{f.different}",
    ]
    lines += [f"  wrong merge: [{s}] {a} / {b}" for s, a, b in f.wrong_merges]
    lines += [f"  missed: [{s}] {a} / {b}" for s, a, b in f.missed]
    lines += [f"  offered, labelled different: [{s}] {a} / {b}" for s, a, b in f.offered_different]
    return lines
