"""Codebook merge of two large codebooks (2,000 codes each by default), wall time.

The second codebook is what another coder would write for much the same study: no ids (so
every code goes through the similarity step), names reworded, definitions in other words, a
share of codes of its own; both draw on a vocabulary of some 10,000 words, as real codebooks
vary. Nothing is written to disk.

    PYTHONPATH=src python bench/merge_speed.py [--codes 2000]
    ... bench/merge_speed.py --write /tmp/mb && time python -m themework codebook merge \\
        /tmp/mb/a.yaml /tmp/mb/b.yaml -o /tmp/mb/merged.yaml      # the whole command
    ... bench/merge_speed.py --profile [tottime]  # + the top 25 functions (cumulative time)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CONNECTORS, HEADS, SETTINGS

TARGET_S = 3.0


def _vocabulary(seed: int) -> list[str]:
    """Content words of middling frequency, so that names and definitions vary as a real
    codebook's do (a small vocabulary would be all cache hits)."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 12000)[1500:] if w.isalpha() and len(w) > 3]
    random.Random(seed).shuffle(words)
    return words


def codebooks_yaml(count: int, seed: int = 7) -> tuple[str, str]:
    """Two coders' codebooks of ``count`` codes for much the same study: the second with no
    ids, names reworded (lower case, turned round, "&"), definitions in other words, and a
    tenth of codes of its own."""
    rng = random.Random(seed)
    vocab = _vocabulary(seed)
    q = json.dumps
    first = [f"codebook: {q('First coder')}", "codes:"]
    second = [f"codebook: {q('Second coder')}", "codes:"]
    for i in range(count):
        head, setting = rng.choice(HEADS), rng.choice(SETTINGS)
        topic = vocab[i % len(vocab)]
        name = f"{head} {setting}: {topic}"
        shared = rng.sample(vocab, 6)
        definition = (
            f"Talk about {head.lower()} {setting} where {topic} comes up: "
            f"{', '.join(shared[:4])}; {rng.choice(CONNECTORS)}."
        )
        first += [
            f"  - name: {q(name)}",
            f"    id: {q(f'c{i:05d}')}",
            f"    definition: {q(definition)}",
            f"    keywords: [{q(topic)}, {q(head.lower())}, {q(shared[0])}]",
        ]
        style = i % 10
        if style == 9:  # a code of their own
            other = f"{rng.choice(HEADS)} and {vocab[(i * 7 + 3) % len(vocab)]}"
        elif style % 3 == 0:
            other = name.lower()
        elif style % 3 == 1:
            other = f"{topic.capitalize()} & {head.lower()} {setting}"
        else:
            other = f"Showing {head.lower()} {setting} ({topic})"
        words = [*rng.sample(vocab, 3), *shared[2:]]
        definition = (
            f"Where practitioners describe {head.lower()} and {topic} {setting}: "
            f"{', '.join(words)} ({rng.choice(CONNECTORS)})."
        )
        second += [f"  - name: {q(other)}", f"    definition: {q(definition)}"]
    return "\n".join(first) + "\n", "\n".join(second) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--write", type=Path, metavar="DIR",
                        help="write a.yaml and b.yaml there (for timing the command) and stop")
    parser.add_argument(
        "--profile", nargs="?", const="cumulative", choices=("cumulative", "tottime")
    )
    args = parser.parse_args()

    from themework.domain.codebook import parse_codebook
    from themework.merge import merge_codebooks
    from themework.nlp import pipeline

    first, second = codebooks_yaml(args.codes)
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        (args.write / "a.yaml").write_text(first, encoding="utf-8")
        (args.write / "b.yaml").write_text(second, encoding="utf-8")
        return 0
    a, b = parse_codebook(first, "a.yaml"), parse_codebook(second, "b.yaml")
    pipeline.lemma_table()  # loading spaCy's lookup table is not the merge's time
    t0, c0 = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            result = merge_codebooks([("a.yaml", a), ("b.yaml", b)])
        pstats.Stats(prof).sort_stats(args.profile).print_stats(25)
    else:
        result = merge_codebooks([("a.yaml", a), ("b.yaml", b)])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    kinds: dict[str, int] = {}
    for d in result.decisions:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    print(f"merge of {args.codes:,} + {args.codes:,} codes: {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"(target {TARGET_S:g} s); decisions {dict(sorted(kinds.items()))}")
    return 0 if wall <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
