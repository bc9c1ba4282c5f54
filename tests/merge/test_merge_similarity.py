"""Scores: normal forms, the weighting, and the vectorised search for candidate pairs."""

from __future__ import annotations

import random

import pytest
from merge_helpers import POLICE, SHARING_A, SHARING_B, TRUST_BUILDING_A, TRUST_BUILDING_B

from themework.domain.codebook import CodeSpec
from themework.merge.similarity import combine, name_form, profile, score, scored_pairs, singular


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


def test_weights_and_what_a_missing_part_gives_to_the_name() -> None:
    assert combine(80, 60, 40) == round(0.5 * 80 + 0.35 * 60 + 0.15 * 40, 1)
    assert combine(80, None, 40) == round(0.85 * 80 + 0.15 * 40, 1)
    assert combine(80, 60, None) == round(0.65 * 80 + 0.35 * 60, 1)
    assert combine(80, None, None) == 80


def test_keywords_score_is_jaccard_of_normal_forms() -> None:
    a = profile(CodeSpec("A", keywords=("Turn up", "reliable", "promises")))
    b = profile(CodeSpec("B", keywords=("turn-up", "promise", "late")))
    assert score(a, b).keywords == 50.0  # {turn up, promise} of four
    assert score(a, profile(CodeSpec("C"))).keywords is None


def _random_profiles(rng: random.Random, n: int) -> list[CodeSpec]:
    words = ["trust", "building", "police", "worker", "care", "time", "safety", "honest"]
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
def test_scored_pairs_finds_exactly_the_pairs_a_full_scan_finds(seed: int) -> None:
    rng = random.Random(seed)
    rows = [profile(c) for c in _random_profiles(rng, 40)]
    cols = [profile(c) for c in _random_profiles(rng, 50)]
    floor, listed = 70.0, 55.0
    found = scored_pairs(rows, cols, floor, listed, per_row=1000)
    everything = {(r, c): score(a, b) for r, a in enumerate(rows) for c, b in enumerate(cols)}
    above = {k for k, s in everything.items() if s.combined >= floor}
    assert {(r, c) for r, c, s in found if s.combined >= floor} == above
    for r, c, s in found:
        assert s == everything[r, c]
        assert s.combined >= listed  # below the floor: a near miss, listed for information


def test_the_per_row_cut_keeps_the_best_look_alikes() -> None:
    rows = [profile(CodeSpec("Trust building"))]
    cols = [profile(CodeSpec(f"Trust building {n}")) for n in range(50)]
    cols.append(profile(CodeSpec("Building trust")))
    found = scored_pairs(rows, cols, 70, 55, per_row=5)
    assert (0, 50) in {(r, c) for r, c, _ in found}
    assert len(found) < 51
