"""Scores: normal forms, the weighting, and the vectorised search for candidate pairs."""

from __future__ import annotations

import random

import pytest
from merge_helpers import POLICE, SHARING_A, SHARING_B, TRUST_BUILDING_A, TRUST_BUILDING_B

from themework.domain.codebook import CodeSpec
from themework.merge.candidates import candidates
from themework.merge.model import Scores
from themework.merge.similarity import (
    classify,
    combine,
    local_idf,
    name_form,
    profile,
    score,
    singular,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Building trust", "Trust building"),
        ("Trust-building", "building  TRUST"),
        ("Young people's voice", "young peoples voices"),
        ("Professional boundaries", "boundary (professional)"),
        ("Approaches to risk", "risk approach to"),
        ("Café culture", "cafe cultures"),
    ],
)
def test_name_forms_ignore_case_punctuation_order_and_plurals(a: str, b: str) -> None:
    assert name_form(a) == name_form(b)


def test_plurals_are_only_the_simple_ones() -> None:
    assert [singular(w) for w in ("workers", "boundaries", "processes", "boxes", "cases")] == [
        "worker", "boundary", "process", "box", "case",
    ]  # fmt: skip
    assert [singular(w) for w in ("process", "status", "analysis", "bus")] == [
        "process", "status", "analysis", "bus",
    ]  # fmt: skip
    assert name_form("???") == "???"  # nothing to normalise: no empty name form


def test_half_name_half_definition_and_keywords_only_raise_the_score() -> None:
    assert combine(80, 60, None) == 70
    assert combine(80, None, None) == 80  # no definitions: the name alone
    assert combine(80, 60, 100) == round(0.85 * 70 + 0.15 * 100, 1)
    assert combine(100, None, 0) == 100  # different keywords do not pull a pair apart


def test_keywords_score_is_jaccard_of_normal_forms() -> None:
    a = profile(CodeSpec("A", keywords=("Turn up", "reliable", "promises")))
    b = profile(CodeSpec("B", keywords=("turn-up", "promise", "late")))
    assert score(a, b).keywords == 50.0  # {turn up, promise} of four
    assert score(a, profile(CodeSpec("C"))).keywords is None


def _pair(a: CodeSpec, b: CodeSpec) -> tuple[str, str]:
    pa, pb = profile(a), profile(b)
    (found,) = [c for c in candidates([pa], [pb], 85, 15) if c.kind != "separate"] or [None]
    return (found.kind, found.reason) if found else ("separate", "")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # equal names but for case, hyphens, punctuation and word order: merged, whatever
        # the keywords say
        (CodeSpec("Child-centred practice", keywords=("voice",)),
         CodeSpec("child centred practice", keywords=("wishes", "feelings")),
         ("near", "same name form")),
        (CodeSpec("Building trust", definition=TRUST_BUILDING_A, keywords=("trust",)),
         CodeSpec("Trust building", definition=TRUST_BUILDING_B, keywords=("rapport",)),
         ("near", "same name form")),
        # equal by lemma, derivational suffixes folded: asked about
        (CodeSpec("Consistency of worker"), CodeSpec("Consistent worker"),
         ("uncertain", "same terms")),
        (CodeSpec("Honesty"), CodeSpec("Being honest"), ("uncertain", "same terms")),
        (CodeSpec("Honesty about confidentiality", definition=SHARING_A),
         CodeSpec("Being honest about confidentiality", definition=POLICE),
         ("uncertain", "same terms")),
        # near-identical definitions under different names: asked about
        (CodeSpec("Informed consent", definition=SHARING_A),
         CodeSpec("Consent to share information", definition=SHARING_B),
         ("uncertain", "score")),
        # distinct concepts that share a word: apart
        (CodeSpec("Trust in police", definition=POLICE),
         CodeSpec("Trust building", definition=TRUST_BUILDING_A), ("separate", "")),
        (CodeSpec("Professional curiosity"), CodeSpec("Professional boundaries"),
         ("separate", "")),
    ],
)  # fmt: skip
def test_what_a_pair_is(a: CodeSpec, b: CodeSpec, expected: tuple[str, str]) -> None:
    assert _pair(a, b) == expected


def _random_profiles(rng: random.Random, n: int) -> list[CodeSpec]:
    words = ["trust", "building", "police", "worker", "care", "time", "safety", "honest",
             "honesty", "caring", "consistent", "consistency"]  # fmt: skip
    definitions = ["", TRUST_BUILDING_A, TRUST_BUILDING_B, POLICE, SHARING_A, SHARING_B]
    return [
        CodeSpec(
            " ".join(rng.sample(words, rng.randint(1, 3))),
            definition=rng.choice(definitions),
            keywords=tuple(rng.sample(words, rng.randint(0, 2))),
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_candidates_are_exactly_what_a_full_scan_finds(seed: int) -> None:
    """The matrix search finds the pairs, and the scores, that scoring every pair one by one
    and applying the rules finds."""
    rng = random.Random(seed)
    rows = [profile(c) for c in _random_profiles(rng, 30)]
    cols = [profile(c) for c in _random_profiles(rng, 40)]
    idf = local_idf([*rows, *cols])
    every = {(r, c): score(a, b, idf) for r, a in enumerate(rows) for c, b in enumerate(cols)}

    def alike(s: Scores) -> float:
        return -1.0 if s.definition is None else s.definition

    # the closest match of each row and column, first on ties, as the search takes them
    row_best = {r: max(range(len(cols)), key=lambda c: (alike(every[r, c]), -c)) for r in
                range(len(rows))}  # fmt: skip
    col_best = {c: max(range(len(rows)), key=lambda r: (alike(every[r, c]), -r)) for c in
                range(len(cols))}  # fmt: skip
    expected = {}
    for (r, c), s in every.items():
        closest = (row_best[r] == c, col_best[c] == r)
        kind, reason = classify(rows[r], cols[c], s, 85, 15, closest)
        if kind != "separate":
            expected[r, c] = (s, kind, reason)
    found = {(f.row, f.col): (f.scores, f.kind, f.reason) for f in candidates(rows, cols, 85, 15)}
    assert {k: v for k, v in found.items() if v[1] != "separate"} == expected
    assert expected  # the test means something
    for (r, c), (s, kind, _) in found.items():
        if kind == "separate":  # each row's closest by combined score, listed when worth it
            assert (r, c) not in expected
            assert s == every[r, c]
            assert s.combined == max(every[r, k].combined for k in range(len(cols)))
