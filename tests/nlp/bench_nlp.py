"""Figures for the nlp layer (not collected by pytest): run it as a script.

    python tests/nlp/bench_nlp.py [CORPUS_DIR] [--transcripts N]

CORPUS_DIR defaults to a temporary folder filled by ``bench/corpus.py`` (1000 transcripts x 60
turns, about 9.6 MB). Prints: suggest() throughput against raw ``nlp.pipe`` of the same
pipeline, lemma_counts throughput, the identifier check's speed, and the held-out scores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from heldout_eval import score, score_heldout, score_samples  # noqa: E402

from themework.domain.text import render  # noqa: E402
from themework.ingest import read_transcript  # noqa: E402


def _time(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best CPU time (process_time) of ``repeat`` runs: steadier than wall time on a shared
    machine; the work is single-threaded, so on an idle machine the two agree."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--transcripts", type=int, default=1000)
    ap.add_argument("--suggest-transcripts", type=int, default=200)
    args = ap.parse_args()
    corpus = Path(args.corpus) if args.corpus else Path(tempfile.mkdtemp()) / "bench"
    if not (corpus / "transcripts").is_dir():
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(corpus),
                        "--transcripts", str(args.transcripts), "--turns", "60",
                        "--codes", "60"], check=True)
    files = sorted((corpus / "transcripts").glob("*.txt"))

    from themework.nlp.identifiers import check
    from themework.nlp.lemmas import lemma_counts
    from themework.nlp.pipeline import default_pipeline
    from themework.nlp.suggest import Suggester

    # -- identifiers over the whole corpus, file by file (as an import would) --
    raw_texts = [p.read_text("utf-8") for p in files]
    size = sum(len(t.encode("utf-8")) for t in raw_texts)
    check(raw_texts[0])
    found = 0

    def run_check() -> None:
        nonlocal found
        found = sum(len(check(t)) for t in raw_texts)

    took = _time(run_check, repeat=2)
    print(f"identifiers: {len(files)} files, {size / 1e6:.2f} MB in {took:.2f} s "
          f"= {size / 1e6 / took:.1f} MB/s, {found} findings")

    # -- suggest vs raw nlp.pipe on the same utterances --
    texts = []
    for p in files[:args.suggest_transcripts]:
        text, layouts = render(read_transcript(p))
        texts.append((text, [(t.start, t.end) for t in layouts]))
    jobs = [text[a:b] for text, spans in texts for a, b in spans]
    words = sum(len(j.split()) for j in jobs)
    book = yaml.safe_load((corpus / "codebook-60.yaml").read_text("utf-8"))
    codes = [(c["id"], c.get("keywords", []), c.get("patterns", [])) for c in book["codes"]]
    nlp = default_pipeline()
    suggester = Suggester(codes)
    list(suggester.suggest_many(texts[:5]))
    n_suggestions = sum(len(r) for r in suggester.suggest_many(texts))
    only_sent = [p for p in nlp.pipe_names if p != "sentencizer"]
    full = _time(lambda: list(nlp.pipe(jobs, batch_size=256)))
    tok_sent = _time(lambda: list(nlp.pipe(jobs, disable=only_sent, batch_size=256)))
    ours = _time(lambda: list(suggester.suggest_many(texts)))
    seen: set[str] = set()
    sparse = []
    for key, kws, pats in codes:
        fresh = [k for k in kws if k not in seen]
        seen.update(fresh)
        sparse.append((key, fresh, pats))
    sparse_suggester = Suggester(sparse)
    n_sparse = sum(len(r) for r in sparse_suggester.suggest_many(texts))
    sparse_time = _time(lambda: list(sparse_suggester.suggest_many(texts)))
    print(f"suggest: {len(texts)} transcripts, {len(jobs)} utterances, {words} words, "
          f"{len(codes)} codes, {n_suggestions} suggestions")
    print(f"  raw nlp.pipe, tokenizer+sentencizer+lemmatizer: {words / full:,.0f} words/s")
    print(f"  raw nlp.pipe, tokenizer+sentencizer:            {words / tok_sent:,.0f} words/s")
    print(f"  suggest_many:                                   {words / ours:,.0f} words/s "
          f"= {tok_sent / ours:.0%} of tokenizer+sentencizer, {full / ours:.0%} of full pipe")
    print(f"  suggest_many, each keyword in one code only ({n_sparse} suggestions): "
          f"{words / sparse_time:,.0f} words/s = {tok_sent / sparse_time:.0%} / "
          f"{full / sparse_time:.0%}")

    joined = [(t, s) for t, s in texts]
    took = _time(lambda: [lemma_counts(t, s) for t, s in joined])
    print(f"lemma_counts: {words / took:,.0f} words/s")

    # -- the same on the sample transcripts (real-looking, varied vocabulary) --
    samples = []
    for p in sorted((ROOT / "transcripts_sample").glob("*.txt")):
        text, layouts = render(read_transcript(p))
        samples.append((text, [(t.start, t.end) for t in layouts]))
    book2 = ROOT / "codebooks" / "cse-trust.yaml"
    from themework.domain.codebook import iter_codes, parse_codebook

    cb = parse_codebook(book2.read_text("utf-8"), str(book2))
    codes2 = [(c.id or c.name, list(c.keywords), list(c.patterns)) for c, _ in iter_codes(cb)]
    s2 = Suggester(codes2)
    samples = samples * 10
    sjobs = [text[a:b] for text, spans in samples for a, b in spans]
    swords = sum(len(j.split()) for j in sjobs)
    list(s2.suggest_many(samples[:2]))
    full = _time(lambda: list(nlp.pipe(sjobs, batch_size=256)))
    tok_sent = _time(lambda: list(nlp.pipe(sjobs, disable=only_sent, batch_size=256)))
    ours = _time(lambda: list(s2.suggest_many(samples)))
    print(f"suggest on sample transcripts x10 ({swords} words, cse-trust codebook):")
    print(f"  raw full {swords / full:,.0f}, raw tok+sent {swords / tok_sent:,.0f}, "
          f"suggest {swords / ours:,.0f} words/s = {tok_sent / ours:.0%} / {full / ours:.0%}")
    sample_text = "\n".join(t for t, _ in samples)
    took = _time(lambda: check(sample_text))
    print(f"identifiers on sample transcripts x10: {len(sample_text.encode()) / 1e6 / took:.1f}"
          " MB/s")

    # -- held-out scores --
    h = score_heldout()
    print(f"heldout: recall {h.recall:.1%} (high {h.recall_high:.1%}) of {h.planted}; "
          f"FP high {h.per_10k(h.false_high):.2f}/10k, review {h.per_10k(h.false_review):.2f}"
          f"/10k over {h.words} words")
    text2 = (HERE / "data" / "heldout2.txt").read_text("utf-8")
    planted = []
    for e in yaml.safe_load((HERE / "data" / "heldout2.yaml").read_text())["identifiers"]:
        at = text2.index(e["text"])
        planted.append((e["kind"], at, at + len(e["text"])))
    h2 = score(text2, planted, check(text2))
    print(f"heldout2: recall {h2.recall:.1%} (high {h2.recall_high:.1%}) of {h2.planted}; "
          f"FP high {h2.per_10k(h2.false_high):.2f}/10k, review "
          f"{h2.per_10k(h2.false_review):.2f}/10k over {h2.words} words")
    s = score_samples()
    print(f"samples: FP high {len(s.false_high)} ({s.per_10k(s.false_high):.2f}/10k), review "
          f"{len(s.false_review)} ({s.per_10k(s.false_review):.2f}/10k) over {s.words} words")


if __name__ == "__main__":
    main()
