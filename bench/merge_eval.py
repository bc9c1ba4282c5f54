"""Codebook merge on the labelled pairs of tests/merge/data/pairs.yaml: precision of the
automatic merges and recall of the true pairs (merged or offered), with every miss.

    PYTHONPATH=src python bench/merge_eval.py [--threshold 85]

Exit status 1 when a target is missed (automatic merges 100% precise, true pairs surfaced 95%).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "merge"))

from pairs_eval import PAIRS, evaluate, summary

from themework.merge import DEFAULT_THRESHOLD


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    figures = evaluate(PAIRS, args.threshold)
    shown = PAIRS.relative_to(Path.cwd()) if PAIRS.is_relative_to(Path.cwd()) else PAIRS
    print(f"{shown}, threshold {args.threshold:g}")
    print("\n".join(summary(figures)))
    met = figures.precision == 1.0 and figures.recall >= 0.95
    print("targets (precision 100%, recall 95%):", "met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
