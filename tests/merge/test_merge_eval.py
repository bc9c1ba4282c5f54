"""Codebook merging on the labelled pairs of data/pairs.yaml meets its targets: every
automatic merge a true pair, and at least 95% of the true pairs merged or offered.
``bench/merge_eval.py`` prints the figures."""

from __future__ import annotations

from pairs_eval import evaluate, load, summary


def test_the_evaluation_set_is_what_it_claims() -> None:
    studies = load()
    assert {s["field"] for s in studies} == {"social work", "health", "education", "criminology"}
    same = sum(len(s["same"]) for s in studies)  # type: ignore[arg-type]
    different = sum(len(s["different"]) for s in studies)  # type: ignore[arg-type]
    assert same + different >= 80 and same >= 40 and different >= 40


def test_automatic_merges_are_all_true_pairs_and_true_pairs_are_found() -> None:
    figures = evaluate()
    report = "\n".join(summary(figures))
    assert figures.wrong_merges == [], report
    assert figures.precision == 1.0
    assert figures.recall >= 0.95, report
    assert figures.merged_same >= 5, report  # it does merge, not only ask
