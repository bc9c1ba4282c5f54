"""Time character-level agreement on a large synthetic project.

    python bench/agreement_bench.py [--sources 1000] [--codings 50000] [--codes 60]

Two coders over ``--sources`` transcripts of 60 turns each (a label span, then the
utterance, then a blank line), ``--codings`` codings per coder over ``--codes`` codes. The
second coder repeats most of the first coder's codings with moved boundaries, drops some and
adds their own, so the counts look like real double coding. Prints the time of one
``character_agreement`` call over all codes (inputs built beforehand) and the pooled figures.
Deterministic: one seeded ``random.Random``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from themework.analysis.agreement import UnitSpace, character_agreement

SEED = 20240611
TURNS = 60


def build(
    n_sources: int, n_codings: int, n_codes: int
) -> tuple[list[UnitSpace], list[tuple[str, str, str, int, int]]]:
    rng = random.Random(SEED)
    spaces: list[UnitSpace] = []
    utterances: list[list[tuple[int, int]]] = []
    for s in range(n_sources):
        pos = 0
        spans: list[tuple[int, int]] = []
        for t in range(TURNS):
            label = len("Interviewer: ") if t % 2 == 0 else len("P0001: ")
            length = rng.randint(30, 120) if t % 2 == 0 else rng.randint(60, 420)
            spans.append((pos + label, pos + label + length))
            pos += label + length + 2  # the blank line between turns
        utterances.append(spans)
        spaces.append(UnitSpace(f"int-{s + 1:04d}", tuple(spans), frozenset({"ana", "ben"})))
    codes = [f"code-{c + 1:02d}" for c in range(n_codes)]

    def random_coding() -> tuple[str, str, int, int]:
        s = rng.randrange(n_sources)
        spans = utterances[s]
        first = rng.randrange(TURNS)
        last = min(TURNS - 1, first + rng.choice((0, 0, 0, 1, 2)))
        start = rng.randint(spans[first][0], spans[first][1] - 1)
        end = rng.randint(start + 1, spans[last][1])
        return spaces[s].source, rng.choice(codes), start, end

    codings: list[tuple[str, str, str, int, int]] = []
    for _ in range(n_codings):
        source, code, start, end = random_coding()
        codings.append((source, code, "ana", start, end))
        if rng.random() < 0.75:  # ben codes the same passage, boundaries a little apart
            start = max(0, start + rng.randint(-25, 25))
            end = max(start + 1, end + rng.randint(-25, 25))
            codings.append((source, code, "ben", start, end))
        else:
            source, code, start, end = random_coding()
            codings.append((source, code, "ben", start, end))
    return spaces, codings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=50_000, help="per coder")
    parser.add_argument("--codes", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    spaces, codings = build(args.sources, args.codings, args.codes)
    print(
        f"built {len(spaces)} sources, {len(codings)} codings in {time.perf_counter() - t0:.2f} s"
    )
    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report = character_agreement(codings, spaces, ["ana", "ben"])
        best = min(best, time.perf_counter() - t0)
    pooled = report.pooled
    print(
        f"character_agreement: {best:.2f} s (best of {args.repeat}); "
        f"{len(report.codes)} codes x {len(report.sources)} sources = "
        f"{len(report.by_code_source)} cells"
    )
    print(
        f"pooled over {pooled.n_units:,} character x code units: "
        f"agreement {pooled.observed:.3f}, kappa {pooled.cohen.kappa:.3f}, "
        f"alpha {pooled.alpha.alpha:.3f}"
    )


if __name__ == "__main__":
    main()
